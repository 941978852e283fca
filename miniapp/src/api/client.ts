import Taro from '@tarojs/taro';
import type { ErrorCode, ErrorEnvelope } from '@jiankang/shared';

/**
 * The one door to the BFF. Pages and hooks call the typed functions in ./hospitals etc.;
 * only this file touches Taro.request (the same call works in the weapp and in H5).
 */

/** Codes the client produces itself, beside the BFF's closed list. */
export type ClientErrorCode = 'NETWORK' | 'BAD_RESPONSE';

export class ApiError extends Error {
  readonly status: number;
  readonly code: ErrorCode | ClientErrorCode;
  readonly requestId: string;
  readonly field: string | undefined;

  constructor(init: {
    status: number;
    code: ErrorCode | ClientErrorCode;
    message: string;
    requestId: string;
    field?: string | undefined;
  }) {
    super(init.message);
    this.name = 'ApiError';
    this.status = init.status;
    this.code = init.code;
    this.requestId = init.requestId;
    this.field = init.field;
  }
}

export type QueryValue = string | number | boolean | null | undefined;
export type Query = Record<string, QueryValue>;

/** `?a=1&b=%E6%83%A0` — keys in the given order; undefined, null and blank strings are left out. */
export function buildQuery(query?: Query): string {
  if (!query) return '';
  const parts: string[] = [];
  for (const [key, raw] of Object.entries(query)) {
    if (raw === undefined || raw === null) continue;
    const value = typeof raw === 'string' ? raw.trim() : String(raw);
    if (value === '') continue;
    parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(value)}`);
  }
  return parts.length ? `?${parts.join('&')}` : '';
}

/** A short random id the BFF logs beside its own, so a screenshot of an error finds the log line. */
export function newRequestId(): string {
  const rand = Math.random().toString(36).slice(2, 10).padEnd(8, '0');
  return `mp-${Date.now().toString(36)}-${rand}`;
}

export const DEFAULT_TIMEOUT_MS = 10_000;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  query?: Query;
  body?: unknown;
  timeoutMs?: number;
  /** Overrides the build-time API_BASE (tests). */
  baseUrl?: string;
  /** Personal route: send the access token; on 401 TOKEN_EXPIRED refresh once and retry. */
  auth?: boolean;
  /** Extra request headers, e.g. Idempotency-Key on booking writes. */
  headers?: Record<string, string>;
}

/**
 * Where authenticated requests get their token (api/auth.ts registers itself). Kept as a hook so
 * this file stays the only caller of Taro.request and does not depend on the session store.
 */
export interface AuthSource {
  accessToken(): string | null;
  /** Single-flight refresh; resolves false when the session is gone (log in again). */
  refresh(): Promise<boolean>;
}

let authSource: AuthSource | undefined;

export function setAuthSource(source: AuthSource | undefined): void {
  authSource = source;
}

function authHeader(): Record<string, string> {
  const token = authSource?.accessToken();
  return token ? { Authorization: `Bearer ${token}` } : {};
}

function apiBase(): string {
  return typeof API_BASE === 'string' ? API_BASE : '/api/v1';
}

function isEnvelope(data: unknown): data is ErrorEnvelope {
  if (!data || typeof data !== 'object') return false;
  const error = (data as { error?: unknown }).error;
  return (
    !!error &&
    typeof error === 'object' &&
    typeof (error as { code?: unknown }).code === 'string' &&
    typeof (error as { message?: unknown }).message === 'string'
  );
}

function networkError(err: unknown, requestId: string): ApiError {
  const text = String(
    (err as { errMsg?: string; message?: string })?.errMsg ?? (err as Error)?.message ?? '',
  );
  const timedOut = /timeout|abort/i.test(text);
  return new ApiError({
    status: 0,
    code: 'NETWORK',
    message: timedOut ? '网络超时，请稍后重试' : '网络连接失败，请检查网络后重试',
    requestId,
  });
}

export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  if (!options.auth) return send<T>(path, options);
  try {
    return await send<T>(path, options);
  } catch (err) {
    if (!(err instanceof ApiError) || err.code !== 'TOKEN_EXPIRED' || !authSource) throw err;
    if (!(await authSource.refresh())) throw err;
    return send<T>(path, options);
  }
}

async function send<T>(path: string, options: RequestOptions): Promise<T> {
  const requestId = newRequestId();
  const url = `${options.baseUrl ?? apiBase()}${path}${buildQuery(options.query)}`;
  // Taro resolves for every HTTP status (weapp and H5 alike) and rejects only when no answer came.
  let res: { statusCode: number; data: unknown };
  try {
    res = await Taro.request({
      url,
      method: options.method ?? 'GET',
      data: options.body as Taro.request.Option['data'],
      header: {
        Accept: 'application/json',
        // Only the BFF reads it; another origin (the WeChat simulator) would refuse it in CORS.
        ...(options.baseUrl ? {} : { 'X-Request-Id': requestId }),
        ...options.headers,
        ...(options.auth ? authHeader() : {}),
      },
      timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      dataType: 'json',
    });
  } catch (err) {
    throw networkError(err, requestId);
  }

  const { statusCode, data } = res;
  if (statusCode === 204) return undefined as T;
  if (statusCode >= 200 && statusCode < 300) {
    if (data === null || data === undefined || typeof data !== 'object') {
      throw new ApiError({
        status: statusCode,
        code: 'BAD_RESPONSE',
        message: '服务返回了无法识别的数据',
        requestId,
      });
    }
    return data as T;
  }
  if (isEnvelope(data)) {
    const { code, message, requestId: serverId, field } = data.error;
    throw new ApiError({ status: statusCode, code, message, requestId: serverId || requestId, field });
  }
  throw new ApiError({
    status: statusCode,
    code: 'BAD_RESPONSE',
    message: `服务暂时不可用（${statusCode}）`,
    requestId,
  });
}

/**
 * A file from the BFF (a report's PDF or FHIR export) into a local temporary file: weapp's
 * downloadFile; H5 gets a blob URL. Refreshes the session once on 401, like `request`.
 */
export async function download(path: string, options: { query?: Query } = {}): Promise<string> {
  const url = `${apiBase()}${path}${buildQuery(options.query)}`;
  const once = () => Taro.downloadFile({ url, header: authHeader() });
  let res = await once().catch((err: unknown) => {
    throw networkError(err, newRequestId());
  });
  if (res.statusCode === 401 && authSource && (await authSource.refresh())) res = await once();
  if (res.statusCode !== 200)
    throw new ApiError({
      status: res.statusCode,
      code: res.statusCode === 401 ? 'UNAUTHENTICATED' : 'BAD_RESPONSE',
      message: res.statusCode === 404 ? '没有找到这份报告' : '导出失败，请稍后再试',
      requestId: '',
    });
  return res.tempFilePath;
}
