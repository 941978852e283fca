/**
 * 隐私保护指引 shown before any personal data is entered. The version must match the BFF's
 * `privacy.version`; GET /me says which one is in force, and the page shows that version.
 */
export const NOTICE_TITLE = '健康惠州隐私保护指引';

export const NOTICE_SECTIONS: ReadonlyArray<{ heading: string; body: string }> = [
  {
    heading: '我们收集哪些信息',
    body: '为完成实名预约挂号，您添加就诊人时需提供姓名、身份证号码和手机号码；登录时我们通过微信获得您在本小程序中的用户标识。我们不会获取您的微信昵称、头像或通讯录。',
  },
  {
    heading: '我们如何使用这些信息',
    body: '就诊人信息仅用于向区域卫生信息平台核验身份、向医院提交预约、生成电子健康卡，以及在您订阅后发送候诊提醒。',
  },
  {
    heading: '我们如何保护这些信息',
    body: '身份证号码等敏感信息加密存储，页面与日志中只显示脱敏后的内容；访问凭证短期有效，退出登录即失效。',
  },
  {
    heading: '您的权利',
    body: '您可以随时删除就诊人、退出登录。不同意本指引时，您仍可浏览医院与号源，但无法添加就诊人或预约挂号。',
  },
];
