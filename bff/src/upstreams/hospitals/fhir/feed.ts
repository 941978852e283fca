import type {
  FeedAdapter,
  FeedAdapterConfig,
  FeedCursor,
  FeedFetchOptions,
  FeedFetchResult,
  FeedFileProblem,
} from '../common/feed-adapter';
import { mapAll, SkipCounter } from '../common/skipped';
import { DEFAULT_PAGE_SIZE, FhirClient } from './search-client';
import { mapSchedule, mapSlot, referenceId, type ScheduleInfo } from './slot-mapper';

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

const scheduleIdOf = (raw: unknown) =>
  referenceId((raw as { schedule?: { reference?: string } } | null)?.schedule?.reference, 'Schedule');

/**
 * A hospital with a FHIR R4 server: Slot search (with `_include=Slot:schedule`, which servers may
 * ignore) paged by `next`; the Schedules it did not include are searched for.
 */
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

  async fetch({ cursor, full, signal, now }: FeedFetchOptions): Promise<FeedFetchResult> {
    const fetchedAt = new Date();
    const since = !full && typeof cursor?.lastUpdated === 'string' ? cursor.lastUpdated : null;
    const ifNoneMatch = since && typeof cursor?.etag === 'string' ? cursor.etag : undefined;
    const skipped = new SkipCounter();
    const slotSearch = await this.client.search(
      'Slot',
      { _count: this.pageSize, _include: 'Slot:schedule', ...(since && { _lastUpdated: `gt${since}` }) },
      { ifNoneMatch, signal },
    );
    if (slotSearch.notModified) {
      const kept: FhirCursor = { lastUpdated: since, etag: ifNoneMatch ?? null };
      return {
        slots: [],
        skipped: skipped.result(),
        problems: [],
        past: 0,
        complete: false,
        notModified: true,
        cursor: kept,
      };
    }
    const problems: FeedFileProblem[] = [...slotSearch.problems];
    const lastUpdated = later(since, slotSearch.lastUpdated);
    // The ETag only answers the same query again; once the cursor moves, the query does too. A
    // search cut short is asked again from the same point.
    const next: FhirCursor =
      problems.length > 0
        ? { lastUpdated: since, etag: null }
        : { lastUpdated, etag: since && lastUpdated === since ? (slotSearch.etag ?? null) : null };
    const schedules = mapAll(
      slotSearch.included,
      (raw) => mapSchedule(raw, this.hospitalId),
      skipped,
    ).values.reduce((map, s) => map.set(s.id, s.info), new Map<string, ScheduleInfo>());
    const missing = slotSearch.resources.some((raw) => {
      const id = scheduleIdOf(raw);
      return id !== undefined && !schedules.has(id);
    });
    if (missing) {
      const search = await this.client.search('Schedule', { _count: this.pageSize }, { signal });
      problems.push(...search.problems);
      for (const s of mapAll(search.resources, (raw) => mapSchedule(raw, this.hospitalId), skipped).values) {
        if (!schedules.has(s.id)) schedules.set(s.id, s.info);
      }
    }
    const ctx = { hospitalId: this.hospitalId, kind: this.kind, schedules, fetchedAt, now };
    const slots = mapAll(slotSearch.resources, (raw) => mapSlot(raw, ctx), skipped);
    return {
      slots: slots.values,
      skipped: skipped.result(),
      problems,
      past: slots.past,
      complete: !since && problems.length === 0,
      notModified: Boolean(since) && slotSearch.resources.length === 0,
      cursor: next,
    };
  }
}
