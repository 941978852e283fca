export default definePageConfig({
  navigationBarTitleText: '健康惠州',
  enablePullDownRefresh: true,
  onReachBottomDistance: 120,
});
