import type {
  FeedAdapter,
  FeedAdapterConfig,
  FeedCursor,
  FeedFetchOptions,
  FeedFetchResult,
} from '../common/feed-adapter';
import { SkipCounter } from '../common/skipped';
import { DEFAULT_PAGE_SIZE, FhirClient } from './search-client';
import { mapSchedule, mapSlot, type ScheduleInfo } from './slot-mapper';

/**
 * Cursor: `lastUpdated` = the newest `meta.lastUpdated` the feed had when the last search began
 * (sent as `_lastUpdated=gt…`); `etag` = the ETag of exactly that incremental query, or null.
 */
export interface FhirCursor extends FeedCursor {
  lastUpdated: string | null;
  etag: string | null;
}

const later = (a: string | null | undefined, b: string | null | undefined) => {
  if (!a) return b ?? null;
  if (!b) return a;
  return Date.parse(b) > Date.parse(a) ? b : a;
};

/** A hospital with a FHIR R4 server: Slot search paged by `next`, Schedules for doctor and department. */
export class FhirFeedAdapter implements FeedAdapter {
  readonly kind = 'fhir' as const;
  readonly hospitalId: string;
  private readonly client: FhirClient;
  private readonly pageSize: number;

  constructor(config: FeedAdapterConfig) {
    this.hospitalId = config.id;
    this.client = new FhirClient(config);
    this.pageSize = config.pageSize ?? DEFAULT_PAGE_SIZE;
  }

  async fetch({ cursor, full, signal }: FeedFetchOptions): Promise<FeedFetchResult> {
    const fetchedAt = new Date();
    const since = !full && typeof cursor?.lastUpdated === 'string' ? cursor.lastUpdated : null;
    const ifNoneMatch = since && typeof cursor?.etag === 'string' ? cursor.etag : undefined;
    const skipped = new SkipCounter();
    const slotSearch = await this.client.search(
      'Slot',
      { _count: this.pageSize, ...(since && { _lastUpdated: `gt${since}` }) },
      { ifNoneMatch, signal },
    );
    if (slotSearch.notModified) {
      const kept: FhirCursor = { lastUpdated: since, etag: ifNoneMatch ?? null };
      return { slots: [], skipped: skipped.result(), complete: false, notModified: true, cursor: kept };
    }
    const lastUpdated = later(since, slotSearch.lastUpdated);
    // The ETag only answers the same query again; once the cursor moves, the query does too.
    const next: FhirCursor = {
      lastUpdated,
      etag: since && lastUpdated === since ? (slotSearch.etag ?? null) : null,
    };
    const schedules = slotSearch.resources.length > 0 ? await this.schedules(skipped, signal) : new Map();
    const slots = [];
    for (const raw of slotSearch.resources) {
      const mapped = mapSlot(raw, { hospitalId: this.hospitalId, kind: this.kind, schedules, fetchedAt });
      if (mapped.ok) slots.push(mapped.value);
      else skipped.add(mapped.reason);
    }
    return {
      slots,
      skipped: skipped.result(),
      complete: !since,
      notModified: Boolean(since) && slotSearch.resources.length === 0,
      cursor: next,
    };
  }

  private async schedules(skipped: SkipCounter, signal?: AbortSignal): Promise<Map<string, ScheduleInfo>> {
    const search = await this.client.search('Schedule', { _count: this.pageSize }, { signal });
    const out = new Map<string, ScheduleInfo>();
    for (const raw of search.resources) {
      const mapped = mapSchedule(raw, this.hospitalId);
      if (mapped.ok) out.set(mapped.value.id, mapped.value.info);
      else skipped.add(mapped.reason);
    }
    return out;
  }
}
