import { ApiError } from './client';

/** What the resident reads: plain Chinese for the codes we expect, the server's text otherwise. */
const FRIENDLY: Partial<Record<ApiError['code'], string>> = {
  HOSPITAL_NOT_FOUND: '没有找到这家医院，可能已更名或停止服务',
  DEPARTMENT_NOT_FOUND: '没有找到这个科室',
  RATE_LIMITED: '访问太频繁了，请稍后再试',
  DIRECTORY_NOT_READY: '医院目录正在准备中，请稍后再试',
  NOT_READY: '服务暂时不可用，请稍后再试',
  UPSTREAM_UNAVAILABLE: '区域平台暂时无法访问，请稍后再试',
  INTERNAL_ERROR: '服务出了点问题，请稍后再试',
  VALIDATION_FAILED: '请求的参数不正确',
};

export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.code === 'NETWORK' || err.code === 'BAD_RESPONSE') return err.message;
    return FRIENDLY[err.code] ?? err.message;
  }
  return '出错了，请稍后重试';
}
