import { UpstreamError } from '../../../lib/upstream-error';
import type {
  FeedAdapter,
  FeedAdapterConfig,
  FeedCursor,
  FeedFetchOptions,
  FeedFetchResult,
  FeedSlotRecord,
} from '../common/feed-adapter';
import { SkipCounter } from '../common/skipped';
import { parseInstant } from '../common/time';
import { mapSchedule, mapSlot, type ScheduleInfo } from '../fhir/slot-mapper';
import { SmartClient } from './bulk-client';

/**
 * Cursor: `transactionTime` of the last manifest (the next `_since`, inclusive) and `scheduleUrl`,
 * the full Schedule file, which an incremental manifest does not list when schedules did not change.
 */
export interface SmartCursor extends FeedCursor {
  transactionTime: string | null;
  scheduleUrl: string | null;
}

/** A hospital publishing SMART Scheduling Links: manifest, then its Schedule and Slot NDJSON files. */
export class SmartFeedAdapter implements FeedAdapter {
  readonly kind = 'smart-scheduling-links' as const;
  readonly hospitalId: string;
  private readonly client: SmartClient;
  /** The last Schedule file read, revalidated by ETag so an incremental sync costs one 304. */
  private scheduleCache?: { url: string; etag?: string; schedules: Map<string, ScheduleInfo> };

  constructor(config: FeedAdapterConfig) {
    this.hospitalId = config.id;
    this.client = new SmartClient(config);
  }

  async fetch({ cursor, full, signal }: FeedFetchOptions): Promise<FeedFetchResult> {
    const fetchedAt = new Date();
    const usable =
      !full && typeof cursor?.transactionTime === 'string' && typeof cursor.scheduleUrl === 'string';
    const since = usable ? (cursor?.transactionTime as string) : null;
    const skipped = new SkipCounter();
    const manifest = await this.client.manifest(since, signal);
    if (!parseInstant(manifest.transactionTime)) {
      throw new UpstreamError(
        this.client.upstream,
        'malformed',
        'manifest transactionTime is not an instant',
        false,
      );
    }
    const slotUrls = manifest.output.filter((o) => o.type === 'Slot').map((o) => o.url);
    const scheduleUrl = since
      ? (cursor?.scheduleUrl as string)
      : manifest.output.find((o) => o.type === 'Schedule')?.url;
    if (!scheduleUrl) {
      throw new UpstreamError(this.client.upstream, 'malformed', 'manifest lists no Schedule file', false);
    }
    const next: SmartCursor = { transactionTime: manifest.transactionTime, scheduleUrl };
    if (since && slotUrls.length === 0) {
      return { slots: [], skipped: skipped.result(), complete: false, notModified: true, cursor: next };
    }
    const [schedules, ...files] = await Promise.all([
      this.schedules(scheduleUrl, skipped, signal),
      ...slotUrls.map((url) => this.client.ndjson(url, { signal })),
    ]);
    const slots: FeedSlotRecord[] = [];
    for (const file of files) {
      for (const raw of file.records) {
        const mapped = mapSlot(raw, { hospitalId: this.hospitalId, kind: this.kind, schedules, fetchedAt });
        if (mapped.ok) slots.push(mapped.value);
        else skipped.add(mapped.reason);
      }
    }
    return { slots, skipped: skipped.result(), complete: !since, notModified: false, cursor: next };
  }

  private async schedules(url: string, skipped: SkipCounter, signal?: AbortSignal) {
    const cached = this.scheduleCache?.url === url ? this.scheduleCache : undefined;
    const file = await this.client.ndjson(url, { ifNoneMatch: cached?.etag, signal });
    if (file.notModified && cached) return cached.schedules;
    const schedules = new Map<string, ScheduleInfo>();
    for (const raw of file.records) {
      const mapped = mapSchedule(raw, this.hospitalId);
      if (mapped.ok) schedules.set(mapped.value.id, mapped.value.info);
      else skipped.add(mapped.reason);
    }
    this.scheduleCache = { url, etag: file.etag, schedules };
    return schedules;
  }
}
