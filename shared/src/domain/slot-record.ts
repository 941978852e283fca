import type { FeedKind, SlotStatus } from '../schemas/slots';

// The canonical slot record: what every hospital adapter produces and the slot store keeps, with
// the cursor an adapter hands back and the one status rule. Adapters and models import it here.

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

/** Records a source sent that could not be read: how many and a few reasons with sample ids. */
export interface SkippedRecords {
  count: number;
  samples: string[];
}

/** Opaque, JSON-serialisable, persisted by the sync between fetches. */
export type FeedCursor = Record<string, string | number | null>;

/** 停诊 wins, then not yet released, then 约满 (nothing left), else bookable. */
export function deriveStatus(f: { cancelled: boolean; released: boolean; remaining: number }): SlotStatus {
  if (f.cancelled) return 'cancelled';
  if (!f.released) return 'not_released';
  return f.remaining > 0 ? 'available' : 'full';
}

/** The jiankang `slot-state` extension shared by the FHIR and SMART feeds. */
export const SLOT_STATE_TO_STATUS: Record<string, SlotStatus> = {
  free: 'available',
  full: 'full',
  cancelled: 'cancelled',
  unreleased: 'not_released',
};
