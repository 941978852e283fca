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
  /**
   * The source's Schedule id (HIS: the doctor's session code): groups the periods of one doctor or
   * one service when the feed names no doctor.
   */
  scheduleId: string;
  /**
   * Directory department id = deptCode.toLowerCase(). Absent when the feed's schedule names only a
   * Location or a service (SMART Scheduling Links allows it): such slots are a service-level schedule.
   */
  departmentId?: string;
  /** Standard 诊疗科目 code, e.g. '03.04', when the feed gives one. */
  departmentCode?: string;
  /** `${hospitalId}-${doctorCode.toLowerCase()}`: the directory's doctor id; absent for a service. */
  doctorId?: string;
  doctorName?: string;
  /** What the schedule offers as the feed names it (serviceType display), e.g. 普通门诊. */
  serviceName?: string;
  /** `${hospitalId}:${locationId}` of the feed's Location, when it names one. */
  locationId?: string;
  start: Date;
  end: Date;
  /** Beijing date of start. */
  date: string;
  /** A slot without a capacity is one appointment (FHIR and SMART Scheduling Links both say so). */
  capacity: number;
  remaining: number;
  status: SlotStatus;
  /** Integer fen; absent when the hospital does not publish the fee (shown as 以医院公布为准). */
  feeFen?: number;
  /** The hospital's own booking page for this slot (SMART `booking-deep-link`). */
  bookingLink?: string;
  /** The number to call to book this slot (SMART `booking-phone`). */
  bookingPhone?: string;
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

/** A place a hospital feed names (SMART Scheduling Links Location), kept for the hospital page. */
export interface FeedLocation {
  /** `${hospitalId}:${sourceId}`. */
  id: string;
  hospitalId: string;
  sourceId: string;
  name: string;
  description?: string;
  phone?: string;
  url?: string;
  /** The address lines and parts as one line, in the order a resident reads them. */
  address?: string;
  district?: string;
  latitude?: number;
  longitude?: number;
  identifiers: { system?: string; value: string }[];
}

/** One file or page of a feed that could not be fetched: the rest of the feed is still imported. */
export interface FeedFileProblem {
  url: string;
  reason: string;
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
