import type { SimReport } from '../reports/types';
import type { RushSpec } from './rush-session';

export type FeedKind = 'fhir' | 'smart-scheduling-links' | 'his-xml';
export const FEED_KINDS: readonly FeedKind[] = ['fhir', 'smart-scheduling-links', 'his-xml'];

export type SlotStatus = 'free' | 'full' | 'cancelled';

/**
 * How a simulated hospital writes its feed. standard (default): the published protocol and
 * nothing more, as a hospital that never heard of us would; enriched: plus our optional
 * extensions (fee, period capacity and remaining, 停诊 / not-yet-released state, release time,
 * session, doctor's title), listed in docs/upstreams/. HIS-XML is one dialect either way.
 */
export type FeedProfile = 'standard' | 'enriched';
export const FEED_PROFILES: readonly FeedProfile[] = ['standard', 'enriched'];

/** The simulator's truth about one 分时段 period, for assertions; not a wire format. */
export interface FeedSlot {
  /** Stable across restarts and days: `${doctorCode}-${yyyymmdd}-${hhmm}`. */
  sourceSlotId: string;
  /** The half-day session (出诊) it belongs to: `${doctorCode}-${yyyymmdd}-${AM|PM}`. */
  sessionId: string;
  doctorCode: string;
  doctorName: string;
  titleName: string;
  deptCode: string;
  deptName: string;
  stdDeptCode: string;
  campusCode: string;
  /** Beijing date, YYYY-MM-DD. */
  date: string;
  half: 'AM' | 'PM';
  /** ISO 8601 with +08:00. */
  start: string;
  end: string;
  capacity: number;
  remaining: number;
  status: SlotStatus;
  released: boolean;
  /** When the period is (or was) released for booking, ISO with +08:00. */
  releaseAt: string;
  feeFen: number;
  /** Starts at 1; +1 on every change (take, free, cancel, release). */
  version: number;
  /** ISO with +08:00 and milliseconds. */
  lastUpdated: string;
}

export interface FeedFaults {
  /** Added before every feed request. */
  latencyMs: number;
  /** Accept the request and never answer. */
  hang: boolean;
  /** true, or a share 0–1 of requests answered 500. */
  status500: boolean | number;
  /** Answer 429 with this Retry-After; null for off. */
  status429: { retryAfterSeconds: number } | null;
  /** Destroy the socket without an answer. */
  reset: boolean;
  /** A garbage (truncated) body with the normal status and content type. */
  malformed: boolean;
  /** A ≥10 MB body that looks like a valid answer. */
  hugeBody: boolean;
  /**
   * Booking writes (book, cancel) are committed, then the socket is destroyed without an answer:
   * the lost response a client must reconcile by looking the booking up. Reads are unaffected.
   */
  commitThenDrop: boolean;
  /**
   * FHIR report searches also answer one report about someone else (an indexing bug a hospital
   * can have): a client must refuse it, count it and never show it.
   */
  foreignReport: boolean;
}

export interface PushTarget {
  url: string;
  secret: string;
}

export interface HospitalFeedOptions {
  /** Lowercase orgCode from the directory seed, e.g. 'hzszxrmyy'. */
  hospitalId: string;
  kind: FeedKind;
  /** Default 0: a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 'huizhou', the regional platform's default; use the same seed for both. */
  seed?: string | number;
  /** his-xml only; default utf-8. */
  encoding?: 'utf-8' | 'gbk';
  /** Injected clock for tests; default real time. */
  now?: () => Date;
  /**
   * Default standard: the plain published protocol (see FeedProfile), for slots and FHIR reports
   * alike (enriched reports add `report-department` / `report-orderer`).
   */
  profile?: FeedProfile;
  /** When set, take/free/cancel changes are POSTed here as signed events. */
  push?: PushTarget;
  /** A 放号 rush session from the start (see RushSpec; also `POST /__admin/rush`). */
  rush?: RushSpec;
}

export interface PushAttempt {
  status?: number;
  error?: string;
  at: string;
}

export interface PushLogEntry {
  eventIds: string[];
  body: string;
  headers: Record<string, string>;
  attempts: PushAttempt[];
  /** Status of the last attempt (undefined: never answered). */
  status?: number;
  delivered: boolean;
  replay: boolean;
}

export interface AppointmentPatient {
  /** The regional master patient index (EMPI) id. */
  masterId: string;
  name: string;
  phone?: string;
}

/** One appointment (预约) as the simulated hospital keeps it, for assertions; not a wire format. */
export interface SimAppointment {
  /** The hospital's own id: FHIR Appointment.id, SMART appointmentId, HIS 预约单号 YYDH. */
  id: string;
  /** The caller's booking reference (our booking id): the idempotency key. */
  reference: string;
  sourceSlotId: string;
  start: string;
  end: string;
  doctorCode: string;
  doctorName: string;
  deptName: string;
  patient: AppointmentPatient;
  /** After the visit time the hospital records whether the patient came (fulfilled) or not. */
  status: AppointmentStatus;
  /** ISO with +08:00 and milliseconds, on the feed's clock. */
  createdAt: string;
  updatedAt: string;
  cancelledAt?: string;
  /** 1 when booked, +1 when cancelled. */
  version: number;
}

export type AppointmentStatus = 'booked' | 'cancelled' | 'fulfilled' | 'noshow';
export type VisitOutcome = 'fulfilled' | 'noshow';

export interface HospitalFeedHandle {
  /** Base URL the adapter is configured with: …/fhir, the server root for SMART, …/his/ws. */
  url: string;
  /** http://host:port, without the protocol path. */
  origin: string;
  port: number;
  hospitalId: string;
  kind: FeedKind;
  profile: FeedProfile;
  setFaults(f: Partial<FeedFaults>): void;
  /** Faults off, slot changes undone, appointments and registered reports forgotten, push log cleared. */
  reset(): void;
  takeSlot(sourceSlotId: string, n?: number): void;
  freeSlot(sourceSlotId: string, n?: number): void;
  cancelSession(sourceSessionId: string): void;
  /** Sets up the 放号 rush session (replacing an earlier one); its periods. Undone by reset. */
  scheduleRush(spec: RushSpec): FeedSlot[];
  listSlots(): FeedSlot[];
  /**
   * Registers a report as `POST /__admin/reports` does (FHIR and HIS feeds; see
   * sim/src/reports/report-spec.ts); a report with the same id is replaced. Forgotten on reset.
   */
  addReport(spec: unknown): SimReport;
  /** Every report the hospital holds for the person now (seeded and registered), newest first. */
  reportsOf(masterId: string): SimReport[];
  /** Every appointment booked through the protocol since the last reset, cancelled ones too. */
  appointments(): SimAppointment[];
  /** The appointment made with the caller's reference, if any. */
  findAppointment(reference: string): SimAppointment | undefined;
  /** Records the visit of a booked appointment; undefined when there is none (or it was cancelled). */
  recordVisit(reference: string, outcome: VisitOutcome): SimAppointment | undefined;
  pushLog(): PushLogEntry[];
  /** Resolves when every queued push has been delivered or given up. */
  flushPushes(): Promise<void>;
  /** Re-sends the last push body: new timestamp + nonce by default; `sameNonce` re-sends the exact headers too. */
  replayLastPush(opts?: { sameNonce?: boolean }): Promise<PushLogEntry>;
  close(): Promise<void>;
}
