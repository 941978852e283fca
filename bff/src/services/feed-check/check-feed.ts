import type { BookingMode, FeedCheckReport, FeedKind } from '@jiankang/shared';
import { createFeedAdapter } from '../../upstreams/hospitals/create-feed-adapter';
import { buildReport } from './feed-report';

export interface FeedCheckInput {
  kind: FeedKind;
  /** The feed's base URL as a registry entry names it (SMART: the origin or the `$bulk-publish` URL). */
  url: string;
  /** Names the records' ids (`${hospitalId}:…`); default `check`. */
  hospitalId?: string;
  encoding?: 'utf-8' | 'gbk';
  /** The registry's bookingMode (default here): which button residents get. */
  bookingMode?: BookingMode;
  now?: Date;
  /** Per request; the adapter's size caps and same-origin rules apply as for the poller. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** Only http(s): the adapters would refuse anything else too, but with a less useful message. */
export function feedUrlProblem(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'not a URL';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return 'only http and https feeds';
  if (parsed.username || parsed.password) return 'credentials in the URL are not accepted';
  return null;
}

/**
 * Fetches a feed once through the same adapter the poller uses (a full read, no cursor) and
 * reports on it. Never throws for a feed problem: an unreadable feed is a report saying why.
 */
export async function checkFeed(input: FeedCheckInput): Promise<FeedCheckReport> {
  const now = input.now ?? new Date();
  const adapter = createFeedAdapter({
    id: input.hospitalId ?? 'check',
    adapter: input.kind,
    baseUrl: input.url,
    ...(input.encoding && { encoding: input.encoding }),
    ...(input.timeoutMs !== undefined && { timeoutMs: input.timeoutMs }),
  });
  try {
    const result = await adapter.fetch({ cursor: null, full: true, now, signal: input.signal });
    return buildReport(input.kind, input.url, now, { result }, input.bookingMode);
  } catch (err) {
    return buildReport(input.kind, input.url, now, { error: (err as Error).message }, input.bookingMode);
  }
}
