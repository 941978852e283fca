import type {
  FeedAdapter,
  FeedAdapterConfig,
  FeedFetchOptions,
  FeedFetchResult,
} from '../common/feed-adapter';
import { mapAll, SkipCounter } from '../common/skipped';
import { HisClient, TRADE_SCHEDULE } from './client';
import { mapHisRow } from './slot-mapper';

/**
 * A legacy HIS: a full pull of 1002 every time (it has no incremental query). The cursor keeps
 * the digest of the last answer, so an unchanged pull is `notModified` without parsing.
 */
export class HisXmlFeedAdapter implements FeedAdapter {
  readonly kind = 'his-xml' as const;
  readonly hospitalId: string;
  private readonly client: HisClient;

  constructor(config: FeedAdapterConfig) {
    this.hospitalId = config.id;
    this.client = new HisClient(config);
  }

  async fetch({ cursor, signal, now }: FeedFetchOptions): Promise<FeedFetchResult> {
    const fetchedAt = new Date();
    const previous = typeof cursor?.digest === 'string' ? cursor.digest : null;
    const { digest, rows } = await this.client.callIfChanged(TRADE_SCHEDULE, 'PBXX', previous, signal);
    if (rows === null) {
      return {
        slots: [],
        skipped: { count: 0, samples: [] },
        problems: [],
        past: 0,
        complete: false,
        notModified: true,
        cursor: { digest },
      };
    }
    const skipped = new SkipCounter();
    const { values: slots, past } = mapAll(
      rows,
      (row) => mapHisRow(row as Record<string, string>, { hospitalId: this.hospitalId, fetchedAt, now }),
      skipped,
    );
    return {
      slots,
      skipped: skipped.result(),
      problems: [],
      past,
      complete: true,
      notModified: false,
      cursor: { digest },
    };
  }
}
