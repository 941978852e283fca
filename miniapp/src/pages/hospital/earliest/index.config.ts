export default definePageConfig({
  navigationBarTitleText: '全市最早可约',
  enablePullDownRefresh: true,
});
