import type {
  ConsoleFeedDetail,
  ConsoleFeedsResponse,
  ConsoleSessionResponse,
  FeedCheckReport,
} from '@jiankang/shared';
import { request } from './client';

// Hospital IT's feed console. Its token is not a resident session: it is sent only here, and
// never through the resident auth source (api/auth.ts).

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

export const consoleSignIn = (hospitalId: string, key: string) =>
  request<ConsoleSessionResponse>('/console/sessions', { method: 'POST', body: { hospitalId, key } });

export const consoleFeeds = (token: string) =>
  request<ConsoleFeedsResponse>('/console/feeds', { headers: bearer(token) });

export const consoleFeed = (token: string, hospitalId: string) =>
  request<ConsoleFeedDetail>(`/console/feeds/${encodeURIComponent(hospitalId)}`, { headers: bearer(token) });

/** A feed read can take a while (every file of the feed, each under the hospital's timeout). */
export const consoleFeedCheck = (token: string, body: { hospitalId?: string; url?: string }) =>
  request<FeedCheckReport>('/console/feed-check', {
    method: 'POST',
    body,
    headers: bearer(token),
    timeoutMs: 60_000,
  });
