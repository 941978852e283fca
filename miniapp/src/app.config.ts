// The main package holds only the home page; hospital pages load as a subpackage so the
// main package stays small as features (booking, e-health card, reports) arrive.
export default defineAppConfig({
  pages: ['pages/index/index'],
  subPackages: [
    {
      root: 'pages/hospital',
      pages: ['detail/index', 'department/index', 'earliest/index'],
    },
  ],
  // Most residents open a hospital right after the list: fetch its package ahead of time.
  preloadRule: {
    'pages/index/index': { network: 'all', packages: ['pages/hospital'] },
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
