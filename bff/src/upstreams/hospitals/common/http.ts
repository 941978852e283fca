import axios, { type AxiosInstance, type AxiosRequestConfig } from 'axios';
import { UpstreamError } from '../../../lib/upstream-error';
import type { FeedAdapterConfig } from './feed-adapter';

export const DEFAULT_TIMEOUT_MS = 5_000;
export const DEFAULT_MAX_BODY_BYTES = 5 * 1024 * 1024;

export interface FeedResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** The upstream name in errors and logs: one per hospital. */
export const upstreamName = (hospitalId: string) => `feed:${hospitalId}`;

/**
 * An axios instance for one hospital feed: raw bytes (we decode and parse ourselves), every status
 * handed back (mapped below), a timeout and a body limit so a hung or huge answer cannot hold us.
 */
export function createFeedHttp(config: FeedAdapterConfig): AxiosInstance {
  const maxBytes = config.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  return axios.create({
    timeout: config.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    validateStatus: () => true,
    responseType: 'arraybuffer',
    transformResponse: [(data: unknown) => data],
    maxContentLength: maxBytes,
    maxBodyLength: maxBytes,
    maxRedirects: 0,
    decompress: true,
  });
}

/** Retry-After as seconds or an HTTP-date, in ms from now; undefined when absent or unreadable. */
export function retryAfterMs(header: string | undefined, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Which transport failures a caller may retry: reads may, a write never (its outcome is unknown). */
export interface RetryableFailures {
  /** Timeouts and network errors. */
  transient: boolean;
  /** The caller's own deadline aborted the request. */
  cancelled: boolean;
}

const READ_FAILURES: RetryableFailures = { transient: true, cancelled: true };

function transportError(
  upstream: string,
  err: unknown,
  timeoutMs: number,
  retryable: RetryableFailures,
): UpstreamError {
  if (err instanceof UpstreamError) return err;
  const code = (err as { code?: string }).code;
  const message = (err as { message?: string }).message ?? '';
  if (/maxContentLength|maxBodyLength/.test(message)) {
    return new UpstreamError(upstream, 'malformed', `body over the limit (${message})`, false);
  }
  if (code === 'ERR_CANCELED' || axios.isCancel(err)) {
    return new UpstreamError(upstream, 'timeout', 'aborted by the caller (deadline)', retryable.cancelled);
  }
  if (code === 'ECONNABORTED' || code === 'ETIMEDOUT') {
    return new UpstreamError(upstream, 'timeout', `no answer within ${timeoutMs} ms`, retryable.transient);
  }
  return new UpstreamError(
    upstream,
    'network',
    `network error ${code ?? message}`.trim(),
    retryable.transient,
  );
}

/**
 * One request, no retry, whatever its status: the bytes, lower-cased headers and status. Every
 * transport failure becomes an UpstreamError, and nothing else ever escapes.
 */
export async function sendRaw(
  http: AxiosInstance,
  upstream: string,
  request: AxiosRequestConfig,
  retryable: RetryableFailures = READ_FAILURES,
): Promise<FeedResponse> {
  let res;
  try {
    res = await http.request<ArrayBuffer>(request);
  } catch (err) {
    throw transportError(upstream, err, Number(request.timeout ?? http.defaults.timeout ?? 0), retryable);
  }
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(res.headers ?? {})) {
    if (v != null) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
  }
  const data = res.data as unknown;
  const body = Buffer.isBuffer(data)
    ? data
    : data instanceof ArrayBuffer
      ? Buffer.from(data)
      : Buffer.from(typeof data === 'string' ? data : '');
  return { status: res.status, headers, body };
}

/** HTTP statuses other than 200 (and 304 when `allowNotModified`) as UpstreamErrors. */
export function statusError(upstream: string, res: FeedResponse): UpstreamError {
  const { status } = res;
  if (status === 429) {
    const wait = retryAfterMs(res.headers['retry-after']);
    return new UpstreamError(upstream, 'status', 'HTTP 429 throttled', true, status, wait);
  }
  if (status === 401 || status === 403)
    return new UpstreamError(upstream, 'auth', `HTTP ${status}`, false, status);
  return new UpstreamError(upstream, 'status', `HTTP ${status}`, status >= 500, status);
}

/**
 * One request, no retry. Resolves with 200 (or 304 when allowed); every other outcome rejects with
 * an UpstreamError, and nothing else ever escapes.
 */
export async function feedRequest(
  http: AxiosInstance,
  upstream: string,
  request: AxiosRequestConfig,
  opts: { allowNotModified?: boolean } = {},
): Promise<FeedResponse> {
  const out = await sendRaw(http, upstream, request);
  if (out.status === 200 || (out.status === 304 && opts.allowNotModified)) return out;
  throw statusError(upstream, out);
}

/** Throws 'malformed' unless the Content-Type is one the protocol promises. */
export function expectContentType(upstream: string, res: FeedResponse, accepted: RegExp): void {
  const type = res.headers['content-type'] ?? '';
  if (!accepted.test(type)) {
    throw new UpstreamError(
      upstream,
      'malformed',
      `unexpected Content-Type "${type || 'none'}"`,
      false,
      res.status,
    );
  }
}

/** JSON body or a 'malformed' UpstreamError. */
export function parseJsonBody(upstream: string, res: FeedResponse): unknown {
  try {
    return JSON.parse(res.body.toString('utf8'));
  } catch {
    throw new UpstreamError(upstream, 'malformed', 'body is not valid JSON', false, res.status);
  }
}

/** An http(s) link a resident may be sent to (a booking page, a clinic's site). */
export const isWebUrl = (text: string) => /^https?:\/\/\S+$/i.test(text);

/** The URL resolved against base, refused unless it stays on the feed's own origin. */
export function sameOriginUrl(upstream: string, baseUrl: string, url: string): string {
  let resolved: URL;
  try {
    resolved = new URL(url, baseUrl);
  } catch {
    throw new UpstreamError(upstream, 'malformed', `bad link ${url.slice(0, 100)}`, false);
  }
  if (resolved.origin !== new URL(baseUrl).origin) {
    throw new UpstreamError(
      upstream,
      'malformed',
      `link leaves the feed's origin: ${resolved.origin}`,
      false,
    );
  }
  return resolved.toString();
}
