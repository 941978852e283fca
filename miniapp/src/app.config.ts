// The main package holds only the home page; hospital pages load as a subpackage so the
// main package stays small as features (booking, e-health card, reports) arrive.
export default defineAppConfig({
  pages: ['pages/index/index'],
  subPackages: [
    {
      root: 'pages/hospital',
      pages: ['detail/index', 'department/index', 'earliest/index'],
    },
    // 我的, 登录 and 隐私保护指引: personal pages, out of the main package.
    { root: 'pages/account', pages: ['login/index', 'consent/index', 'mine/index'] },
    // 就诊人管理: list and add/edit form.
    { root: 'pages/patients', pages: ['list/index', 'edit/index'] },
    // 预约挂号: confirmation, result, 我的预约.
    { root: 'pages/booking', pages: ['confirm/index', 'success/index', 'list/index'] },
    // 电子健康卡: card face, dynamic / offline / static codes, PIN, scan log.
    { root: 'pages/card', pages: ['index/index'] },
    // 检查检验报告: list, one report, one analyte's trend.
    { root: 'pages/reports', pages: ['list/index', 'detail/index', 'trend/index'] },
    // 号源接入控制台: hospital IT's feed console, used in the H5 build (its own sign-in, not residents').
    { root: 'pages/console', pages: ['feeds/index'] },
  ],
  // Most residents open a hospital right after the list: fetch its package ahead of time.
  preloadRule: {
    'pages/index/index': { network: 'all', packages: ['pages/hospital'] },
    // 预约 is one tap away on a department page.
    'pages/hospital/department/index': { network: 'all', packages: ['pages/booking'] },
  },
  window: {
    navigationBarTitleText: '健康惠州',
    navigationBarBackgroundColor: '#0b7a6f',
    navigationBarTextStyle: 'white',
    backgroundColor: '#f2f5f5',
    backgroundTextStyle: 'dark',
  },
  lazyCodeLoading: 'requiredComponents',
});
