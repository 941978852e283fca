import type {
  FeedAdapter,
  FeedAdapterConfig,
  FeedFetchOptions,
  FeedFetchResult,
  FeedSlotRecord,
} from '../feed-adapter';
import { SkipCounter } from '../common/skipped';
import { HisClient, TRADE_SCHEDULE } from './his-client';
import { mapHisRow } from './his-mapper';

/** A legacy HIS: a full pull of 1002 every time (no incremental), so the cursor stays empty. */
export class HisXmlFeedAdapter implements FeedAdapter {
  readonly kind = 'his-xml' as const;
  readonly hospitalId: string;
  private readonly client: HisClient;

  constructor(config: FeedAdapterConfig) {
    this.hospitalId = config.id;
    this.client = new HisClient(config);
  }

  async fetch({ signal }: FeedFetchOptions): Promise<FeedFetchResult> {
    const fetchedAt = new Date();
    const rows = await this.client.call(TRADE_SCHEDULE, 'PBXX', signal);
    const skipped = new SkipCounter();
    const slots: FeedSlotRecord[] = [];
    for (const row of rows) {
      const mapped = mapHisRow(row, { hospitalId: this.hospitalId, fetchedAt });
      if (mapped.ok) slots.push(mapped.value);
      else skipped.add(mapped.reason);
    }
    return { slots, skipped: skipped.result(), complete: true, notModified: false, cursor: {} };
  }
}
