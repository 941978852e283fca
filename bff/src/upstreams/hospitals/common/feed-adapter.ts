import type { FeedCursor, FeedKind, FeedSlotRecord, SkippedRecords } from '@jiankang/shared';

export type { FeedCursor, FeedSlotRecord, SkippedRecords };

export interface FeedFetchResult {
  slots: FeedSlotRecord[];
  skipped: SkippedRecords;
  /** true: a full snapshot of the window (slots not in it are gone); false: only changes. */
  complete: boolean;
  /** 304 / nothing changed since the cursor. */
  notModified: boolean;
  /** What to send next time for an incremental fetch. */
  cursor: FeedCursor;
}

export interface FeedFetchOptions {
  cursor: FeedCursor | null;
  /** Ignore the cursor and fetch the whole window (complete: true). */
  full?: boolean;
  /** Aborts in-flight requests (the caller's deadline). */
  signal?: AbortSignal;
}

/** One hospital's slot feed. Throws only UpstreamError; never retries by itself. */
export interface FeedAdapter {
  readonly hospitalId: string;
  readonly kind: FeedKind;
  fetch(opts: FeedFetchOptions): Promise<FeedFetchResult>;
}

export interface FeedAdapterConfig {
  id: string;
  adapter: FeedKind;
  baseUrl: string;
  encoding?: 'utf-8' | 'gbk';
  /** Per request; default 5000 ms. */
  timeoutMs?: number;
  /** Per response body; default 5 MB. */
  maxBodyBytes?: number;
  /** FHIR only: `_count` per page (default 500) and the most pages one fetch follows (default 50). */
  pageSize?: number;
  maxPages?: number;
}
