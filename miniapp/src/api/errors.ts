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
};

const HINTS: Partial<Record<ApiError['code'], string>> = {
  HOSPITAL_NOT_FOUND: '医院可能已更名或不再提供服务',
  DEPARTMENT_NOT_FOUND: '科室可能已调整，请回到医院页重新选择',
  SLOT_NOT_FOUND: '医院可能调整了排班，请刷新后重新选择',
};

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
