export default definePageConfig({
  navigationBarTitleText: '医院详情',
  enablePullDownRefresh: true,
});
