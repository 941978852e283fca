export default definePageConfig({
  navigationBarTitleText: '科室医生',
  enablePullDownRefresh: true,
});
