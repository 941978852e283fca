import type {
  FeedCursor,
  FeedFileProblem,
  FeedKind,
  FeedLocation,
  FeedSlotRecord,
  SkippedRecords,
} from '@jiankang/shared';

export type { FeedCursor, FeedFileProblem, FeedLocation, FeedSlotRecord, SkippedRecords };

export interface FeedFetchResult {
  slots: FeedSlotRecord[];
  /** Records that could not be read (counted, with reasons): the source is then `partial`. */
  skipped: SkippedRecords;
  /** Files or pages that could not be fetched or were refused; the rest was imported. */
  problems: FeedFileProblem[];
  /** Slots already over when fetched: dropped at import and counted, not an error. */
  past: number;
  /** The feed's Locations, when it publishes them (SMART Scheduling Links) and this was a full read. */
  locations?: FeedLocation[];
  /**
   * true: a full snapshot of the window (slots not in it are gone); false: only changes. A full
   * read with a problem file is not complete, so nothing is removed on its account.
   */
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
  /**
   * The caller's clock: slots that ended before it are dropped and counted as `past`. Without it
   * nothing is judged past (the poller and the feed check always pass one).
   */
  now?: Date;
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
