import type { ConsoleFeedCheckRequest, FeedCheckReport, FeedKind } from '@jiankang/shared';
import { AppError } from '../../lib/app-error';
import { checkFeed } from '../feed-check/check-feed';
import { OPERATOR } from './console-sign-in';
import { FeedHealth } from './feed-health';

interface Registered {
  id: string;
  adapter: FeedKind;
  baseUrl: string;
  encoding?: 'utf-8' | 'gbk';
  timeoutMs?: number;
  bookingMode?: 'here' | 'external';
}

const invalid = (field: string, message: string) =>
  new AppError('VALIDATION_FAILED', `Invalid body field '${field}': ${message}`, { field });

/**
 * The feed check from the console: the hospital's registered feed, or another URL on the same
 * registered origin (a new feed version on the same server). Any other host is refused, so the
 * console never fetches what a signed-in user names (no SSRF proxy).
 */
export class ConsoleFeedCheck {
  private readonly byId: Map<string, Registered>;

  constructor(hospitals: readonly Registered[]) {
    this.byId = new Map(hospitals.map((h) => [h.id, h]));
  }

  feedUrlOf(hospitalId: string): string | undefined {
    return this.byId.get(hospitalId)?.baseUrl;
  }

  async run(scope: string, input: ConsoleFeedCheckRequest): Promise<FeedCheckReport> {
    const hospitalId = input.hospitalId ?? (scope === OPERATOR ? undefined : scope);
    if (!hospitalId) throw invalid('hospitalId', 'required for the operator');
    FeedHealth.assertScope(scope, hospitalId);
    const entry = this.byId.get(hospitalId);
    if (!entry) throw invalid('hospitalId', 'no slot feed is registered for this hospital');
    const url = input.url ?? entry.baseUrl;
    if (new URL(url).origin !== new URL(entry.baseUrl).origin) {
      throw invalid('url', `must be on the registered feed's origin ${new URL(entry.baseUrl).origin}`);
    }
    return checkFeed({
      kind: entry.adapter,
      url,
      hospitalId,
      ...(entry.encoding && { encoding: entry.encoding }),
      ...(entry.bookingMode && { bookingMode: entry.bookingMode }),
      ...(entry.timeoutMs !== undefined && { timeoutMs: entry.timeoutMs }),
    });
  }
}
