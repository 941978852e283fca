import { ApiError } from './client';

/** What the resident reads: plain Chinese for the codes we expect, the server's text otherwise. */
const FRIENDLY: Partial<Record<ApiError['code'], string>> = {
  HOSPITAL_NOT_FOUND: '没有找到这家医院',
  DEPARTMENT_NOT_FOUND: '没有找到这个科室',
  SLOT_NOT_FOUND: '这个号源已不再提供',
  RATE_LIMITED: '访问太频繁了，请稍后再试',
  DIRECTORY_NOT_READY: '医院目录正在准备中，请稍后再试',
  NOT_READY: '服务暂时不可用，请稍后再试',
  UPSTREAM_UNAVAILABLE: '区域平台暂时无法访问，请稍后再试',
  INTERNAL_ERROR: '服务出了点问题，请稍后再试',
  VALIDATION_FAILED: '请求的参数不正确',
  UNAUTHENTICATED: '登录已失效，请重新登录',
  TOKEN_EXPIRED: '登录已失效，请重新登录',
  REFRESH_TOKEN_INVALID: '登录已失效，请重新登录',
  CONSENT_REQUIRED: '请先阅读并同意隐私保护指引',
  PATIENT_NOT_FOUND: '没有找到这位就诊人',
  BOOKING_NOT_FOUND: '没有找到这条预约',
  SLOT_FULL: '该时段已约满，请选择其他时段',
  SLOT_NOT_RELEASED: '该时段尚未放号，请在放号后预约',
  SLOT_IN_PAST: '该时段已开始，不能再预约',
  SLOT_CANCELLED: '医生该时段停诊，请选择其他时段',
  DUPLICATE_BOOKING: '该就诊人当天在本科室已有预约（同一就诊人同一科室同一天限约一次）',
  TOO_MANY_ACTIVE_BOOKINGS: '该就诊人待就诊的预约已达上限，请就诊或取消后再约',
  NO_SHOW_BANNED: '该就诊人因多次爽约，暂停预约 30 天',
  HOSPITAL_REJECTED: '医院未接受这次预约，请选择其他时段',
  CANCEL_WINDOW_CLOSED: '距就诊不足 2 小时，不可在线取消，如需取消请联系医院',
  BOOKING_NOT_CANCELLABLE: '这条预约当前不能取消',
  BOOKING_NOT_REBOOKABLE: '这条预约已改约或不能改约',
  REQUEST_IN_PROGRESS: '正在处理上一次提交，请稍候',
  IDEMPOTENCY_KEY_REUSED: '提交内容有变化，请返回重新确认',
  CARD_NOT_FOUND: '尚未申领电子健康卡',
  CARD_NOT_ACTIVE: '电子健康卡已冻结或注销',
  CARD_APPLY_REFUSED: '身份信息与区域平台登记不一致，无法申领',
  PIN_NOT_SET: '请先设置6位密码',
  // How a scan ended, as the card's 使用记录 shows it.
  CODE_MALFORMED: '无法识别的二维码',
  CODE_TAMPERED: '二维码内容被改动',
  CODE_EXPIRED: '二维码已过期',
  CODE_NOT_YET_VALID: '二维码尚未生效',
  CODE_REVOKED: '静态码已作废（已重新打印）',
  CODE_SCENE_MISMATCH: '二维码用途不符',
  CODE_REPLAYED: '二维码已使用过，被再次扫描',
  PIN_REQUIRED: '静态码需输入密码',
  PIN_WRONG: '密码错误',
  PIN_LOCKED: '密码错误次数过多，已锁定30分钟',
  CONSOLE_KEY_INVALID: '医院编码或控制台密钥不正确',
  CONSOLE_FORBIDDEN: '本次登录只能查看本院的号源',
};

const HINTS: Partial<Record<ApiError['code'], string>> = {
  HOSPITAL_NOT_FOUND: '医院可能已更名或不再提供服务',
  DEPARTMENT_NOT_FOUND: '科室可能已调整，请回到医院页重新选择',
  SLOT_NOT_FOUND: '医院可能调整了排班，请刷新后重新选择',
};

/** The resident's words for a code stored with a booking (`failureCode`), if we have them. */
export function codeMessage(code: string | null | undefined): string | undefined {
  return code ? FRIENDLY[code as ApiError['code']] : undefined;
}

/** Signing in again (or accepting the notice) would fix it: offer 去登录 rather than 重试. */
export function needsSignIn(err: unknown): 'login' | 'consent' | null {
  if (!(err instanceof ApiError)) return null;
  if (err.code === 'CONSENT_REQUIRED') return 'consent';
  if (err.status === 401) return 'login';
  return null;
}

export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.code === 'NETWORK' || err.code === 'BAD_RESPONSE') return err.message;
    return FRIENDLY[err.code] ?? err.message;
  }
  return '出错了，请稍后重试';
}

export interface ErrorView {
  message: string;
  /** A second, smaller line: what may have happened. */
  hint?: string;
  /** Worth a 重试 button: the network, a busy or broken server. A 404 will not change. */
  retryable: boolean;
  /** Shown small under server failures so support can find the log line. */
  requestId?: string;
}

export function describeError(err: unknown): ErrorView {
  const message = errorMessage(err);
  if (!(err instanceof ApiError)) return { message, retryable: true };
  const retryable =
    err.status === 0 || err.status === 429 || err.status >= 500 || err.code === 'BAD_RESPONSE';
  const serverFault = err.status >= 500 || err.code === 'BAD_RESPONSE';
  const hint = HINTS[err.code];
  return {
    message,
    retryable,
    ...(hint ? { hint } : {}),
    ...(serverFault ? { requestId: err.requestId } : {}),
  };
}
