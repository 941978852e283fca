export default definePageConfig({
  navigationBarTitleText: '医院号源接入检查',
});
