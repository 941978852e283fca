export default definePageConfig({
  navigationBarTitleText: '检查检验报告',
  enablePullDownRefresh: true,
});
