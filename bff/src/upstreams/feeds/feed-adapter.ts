import type { FeedKind, SlotStatus } from '@jiankang/shared';

/** One 分时段 period from a hospital feed, in our model: UTC instants, fen, directory ids. */
export interface FeedSlotRecord {
  /** `${hospitalId}:${sourceId}`: stable across syncs. */
  id: string;
  hospitalId: string;
  sourceId: string;
  sessionId: string;
  /** Directory department id = deptCode.toLowerCase(). */
  departmentId: string;
  /** Standard 诊疗科目 code, e.g. '03.04'. */
  departmentCode: string;
  /** `${hospitalId}-${doctorCode.toLowerCase()}`: the directory's doctor id. */
  doctorId: string;
  doctorName: string;
  start: Date;
  end: Date;
  /** Beijing date of start. */
  date: string;
  capacity: number;
  remaining: number;
  status: SlotStatus;
  /** Integer fen. */
  feeFen: number;
  releaseAt?: Date;
  /** Per-slot version when the source has one (FHIR meta.versionId, HIS BBH). */
  version?: number;
  sourceUpdatedAt?: Date;
  kind: FeedKind;
  fetchedAt: Date;
}

export interface SkippedRecords {
  count: number;
  samples: string[];
}

/** Opaque, JSON-serialisable, persisted by the sync between fetches. */
export type FeedCursor = Record<string, string | number | null>;

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
