import type { AxiosInstance, AxiosRequestConfig } from 'axios';
import { UpstreamError } from '../../../lib/upstream-error';
import { retryAfterMs, sendRaw, type FeedResponse } from './http';
import { zodReason } from './skipped';
import type { z } from 'zod';

/** The upstream name in errors and logs: booking at one hospital. */
export const bookingUpstream = (hospitalId: string) => `booking:${hospitalId}`;

/**
 * One request, never retried, every HTTP status handed back (the protocol decides what a 409 or a
 * FHDM means). Transport failures become UpstreamErrors. A write's errors are never `retryable`,
 * so no generic policy resends it: its outcome is unknown and the caller reconciles by lookup.
 */
export function bookingRequest(
  http: AxiosInstance,
  upstream: string,
  request: AxiosRequestConfig,
  write: boolean,
): Promise<FeedResponse> {
  return sendRaw(http, upstream, request, { transient: !write, cancelled: false });
}

/** A status the protocol gives no meaning to (5xx, 429, 401…): the outcome is unknown. */
export function unexpectedStatus(upstream: string, res: FeedResponse, write: boolean): UpstreamError {
  const { status } = res;
  const kind = status === 401 || status === 403 ? 'auth' : 'status';
  const retryable = !write && (status >= 500 || status === 429);
  const wait = status === 429 ? retryAfterMs(res.headers['retry-after']) : undefined;
  return new UpstreamError(upstream, kind, `HTTP ${status}`, retryable, status, wait);
}

export function malformed(upstream: string, what: string, status?: number): UpstreamError {
  return new UpstreamError(upstream, 'malformed', what, false, status);
}

/** JSON body validated by `schema`, or a 'malformed' UpstreamError. */
export function parseJson<T extends z.ZodType>(
  upstream: string,
  res: FeedResponse,
  schema: T,
  what: string,
): z.infer<T> {
  let json: unknown;
  try {
    json = JSON.parse(res.body.toString('utf8'));
  } catch {
    throw malformed(upstream, `${what}: body is not JSON`, res.status);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw malformed(upstream, `${what}: ${zodReason(parsed.error)}`, res.status);
  return parsed.data;
}

/** Asserts the hospital answered about the booking we asked about, not another one. */
export function expectReference(upstream: string, got: string | undefined, reference: string): void {
  if (got !== reference)
    throw malformed(upstream, `answer is for reference ${String(got)}, not ${reference}`);
}

export { retryRead } from '../../../lib/resilience';
