import { Schema, type Connection, type Model } from 'mongoose';
import type { BookingStatus } from '@jiankang/shared';
import { expiryBuckets } from './time-buckets';

export type OutboxKind = 'reminder_evening' | 'reminder_hour' | 'hospital_cancelled';

/** A message to send about a booking; the entry lives in the booking it is about. */
export interface OutboxEntry {
  kind: OutboxKind;
  dueAt: Date;
  state: 'pending' | 'sent' | 'refused' | 'failed' | 'skipped';
  attempts: number;
  lastError: string | null;
  sentAt: Date | null;
  /** After a failed attempt worth retrying: not before this (set by the reminder sender). */
  retryAt?: Date | null;
}

export interface AlternativeSlot {
  id: string;
  doctorName: string;
  date: string;
  start: Date;
  end: Date;
  remaining: number;
}

export interface BookingDoc {
  _id: string;
  accountId: string;
  patientId: string;
  /** Masked at write time: the booking never holds the name in clear. */
  patientName: string;
  patientRelation: string;
  slotId: string;
  sourceSlotId: string;
  hospitalId: string;
  hospitalName: string;
  /** Absent for a service-level schedule the feed put in no department. */
  departmentId?: string;
  departmentCode?: string;
  departmentName: string;
  /** Absent for a service-level schedule; doctorName is then the service's name (普通门诊). */
  doctorId?: string;
  doctorName: string;
  sessionId: string;
  date: string;
  start: Date;
  end: Date;
  /** Absent when the hospital does not publish the fee (以医院公布为准). */
  feeFen?: number;
  status: BookingStatus;
  awaitingHospital: boolean;
  hospitalBookingId: string | null;
  failureCode: string | null;
  cancellableUntil: Date;
  /** Claim ids this booking holds (seat, per-day, active count); released when it ends. */
  claims: string[];
  alternatives: AlternativeSlot[];
  rebookOf: string | null;
  rebookedAs: string | null;
  /** UTC day a 停诊 notice was queued in the outbox: the sender finds recent notices by it. */
  noticeDay?: string | null;
  /** UTC minute the booking ended: the reconciler releases what a crash left held (time-buckets.ts). */
  endedMinute?: string | null;
  outbox: OutboxEntry[];
  history: { status: BookingStatus; at: Date; note: string }[];
  createdAt: Date;
  updatedAt: Date;
}

/**
 * "Only one may win" records (DESIGN.md, Data): each is an insert whose duplicate key means
 * someone else holds it. Seat `seat#<slotId>#<n>`, per-day `day#<patientId>#<date>#<deptId>`,
 * active count `active#<patientId>#<n>`. Deleted when the booking ends, so the collection stays
 * the size of the live bookings and can be scanned by slot or patient.
 */
export interface BookingClaimDoc {
  _id: string;
  bookingId: string;
  slotId: string;
  patientId: string;
  createdAt: Date;
  /** UTC minute of createdAt: the reconciler sweeps recent claims by it (models/time-buckets.ts). */
  createdMinute: string;
}

/** A state change that may happen once per booking: `<bookingId>#<change>`. Kept for good. */
export interface BookingTransitionDoc {
  _id: string;
  at: Date;
}

/**
 * Bookings whose hospital outcome is not settled yet: the reconciler's (small) work list, and
 * the booking itself until then (`draft`, status pending). The booking document is inserted
 * once, settled, so its insert is also the once-only decision between the request and the
 * reconciler; on FerretDB an update would read the whole bookings collection first.
 */
export interface PendingBookingDoc {
  _id: string;
  since: Date;
  /** Next look-up at the hospital. */
  checkAfter: Date;
  attempts: number;
  /** The draft's account, top level so 我的预约 finds it by index (a dotted field would scan). */
  accountId?: string;
  /** Absent only on entries written by earlier versions (their booking document exists). */
  draft?: BookingDoc;
}

/** `<accountId>#<key>`: the first request with a key wins; the others get its answer. */
export interface IdempotencyDoc {
  _id: string;
  requestHash: string;
  bookingId: string | null;
  createdAt: Date;
  expiresAt: Date;
}

/**
 * The stored answer of a keyed request, `_id` = its key's `_id`. A separate insert rather than an
 * update of the key: on FerretDB an update reads the collection first, an insert does not.
 */
export interface IdempotencyResponseDoc {
  _id: string;
  response: { status: number; body: unknown };
  expiresAt: Date;
}

/** One no-show (爽约) of a patient: `<patientId>#<bookingId>`. */
export interface NoShowDoc {
  _id: string;
  patientId: string;
  hospitalId: string;
  at: Date;
}

/**
 * A send claim of one outbox entry: `<bookingId>#<kind>`, inserted before WeChat is called, so
 * two senders (replicas, overlapping runs) never both send it. Deleted again when the send failed
 * in a way worth retrying; kept (with the outcome) otherwise.
 */
export interface SentMessageDoc {
  _id: string;
  bookingId: string;
  kind: OutboxKind;
  claimedAt: Date;
  outcome: 'sending' | 'sent' | 'refused' | 'failed' | 'skipped';
  msgid: string | null;
  /** UTC day of claimedAt: the retention sweep finds old claims by it (models/time-buckets.ts). */
  claimedDay: string;
}

const outboxSchema = new Schema<OutboxEntry>(
  {
    kind: { type: String, required: true },
    dueAt: { type: Date, required: true },
    state: { type: String, required: true },
    attempts: { type: Number, required: true },
    lastError: { type: String, default: null },
    sentAt: { type: Date, default: null },
    retryAt: { type: Date, default: null },
  },
  { _id: false },
);

const bookingSchema = new Schema<BookingDoc>(
  {
    _id: { type: String, required: true },
    accountId: { type: String, required: true },
    patientId: { type: String, required: true },
    patientName: { type: String, required: true },
    patientRelation: { type: String, required: true },
    slotId: { type: String, required: true },
    sourceSlotId: { type: String, required: true },
    hospitalId: { type: String, required: true },
    hospitalName: { type: String, required: true },
    departmentId: String,
    departmentCode: String,
    departmentName: { type: String, required: true },
    doctorId: String,
    doctorName: { type: String, required: true },
    sessionId: { type: String, required: true },
    date: { type: String, required: true },
    start: { type: Date, required: true },
    end: { type: Date, required: true },
    feeFen: Number,
    status: { type: String, required: true },
    awaitingHospital: { type: Boolean, required: true },
    hospitalBookingId: { type: String, default: null },
    failureCode: { type: String, default: null },
    cancellableUntil: { type: Date, required: true },
    claims: { type: [String], default: [] },
    alternatives: {
      type: [
        new Schema<AlternativeSlot>(
          {
            id: String,
            doctorName: String,
            date: String,
            start: Date,
            end: Date,
            remaining: Number,
          },
          { _id: false },
        ),
      ],
      default: [],
    },
    rebookOf: { type: String, default: null },
    rebookedAs: { type: String, default: null },
    noticeDay: { type: String, default: null },
    endedMinute: { type: String, default: null },
    outbox: { type: [outboxSchema], default: [] },
    history: {
      type: [new Schema({ status: String, at: Date, note: String }, { _id: false })],
      default: [],
    },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'bookings', versionKey: false },
);
bookingSchema.index({ accountId: 1, createdAt: -1 });
// Sweeps by the visit's day (reminders, visit outcomes) and by the day of a 停诊 notice.
bookingSchema.index({ date: 1 });
bookingSchema.index({ noticeDay: 1 });
bookingSchema.index({ endedMinute: 1 });

const claimSchema = new Schema<BookingClaimDoc>(
  {
    _id: { type: String, required: true },
    bookingId: { type: String, required: true },
    slotId: { type: String, required: true },
    patientId: { type: String, required: true },
    createdAt: { type: Date, required: true },
    createdMinute: { type: String, required: true },
  },
  { collection: 'booking_claims', versionKey: false },
);
claimSchema.index({ createdMinute: 1 });
claimSchema.index({ slotId: 1 });
claimSchema.index({ bookingId: 1 });

const transitionSchema = new Schema<BookingTransitionDoc>(
  { _id: { type: String, required: true }, at: { type: Date, required: true } },
  { collection: 'booking_transitions', versionKey: false },
);

const pendingSchema = new Schema<PendingBookingDoc>(
  {
    _id: { type: String, required: true },
    since: { type: Date, required: true },
    checkAfter: { type: Date, required: true },
    attempts: { type: Number, required: true },
    accountId: { type: String },
    draft: { type: Schema.Types.Mixed, default: undefined },
  },
  { collection: 'pending_bookings', versionKey: false, minimize: false },
);
pendingSchema.index({ accountId: 1 });

const idempotencySchema = new Schema<IdempotencyDoc>(
  {
    _id: { type: String, required: true },
    requestHash: { type: String, required: true },
    bookingId: { type: String, default: null },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
  },
  { collection: 'idempotency_keys', versionKey: false, minimize: false },
);
idempotencySchema.plugin(expiryBuckets);

const idempotencyResponseSchema = new Schema<IdempotencyResponseDoc>(
  {
    _id: { type: String, required: true },
    response: { type: Schema.Types.Mixed, required: true },
    expiresAt: { type: Date, required: true },
  },
  { collection: 'idempotency_responses', versionKey: false, minimize: false },
);
idempotencyResponseSchema.plugin(expiryBuckets);

const noShowSchema = new Schema<NoShowDoc>(
  {
    _id: { type: String, required: true },
    patientId: { type: String, required: true },
    hospitalId: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'no_shows', versionKey: false },
);
noShowSchema.index({ patientId: 1 });

const sentMessageSchema = new Schema<SentMessageDoc>(
  {
    _id: { type: String, required: true },
    bookingId: { type: String, required: true },
    kind: { type: String, required: true },
    claimedAt: { type: Date, required: true },
    outcome: { type: String, required: true },
    msgid: { type: String, default: null },
    claimedDay: { type: String, required: true },
  },
  { collection: 'sent_messages', versionKey: false },
);
sentMessageSchema.index({ bookingId: 1 });
sentMessageSchema.index({ claimedDay: 1 });

export interface BookingModels {
  Booking: Model<BookingDoc>;
  Claim: Model<BookingClaimDoc>;
  Transition: Model<BookingTransitionDoc>;
  Pending: Model<PendingBookingDoc>;
  Idempotency: Model<IdempotencyDoc>;
  IdempotencyResponse: Model<IdempotencyResponseDoc>;
  NoShow: Model<NoShowDoc>;
  SentMessage: Model<SentMessageDoc>;
}

function model<T>(conn: Connection, name: string, schema: Schema<T>): Model<T> {
  return (conn.models[name] as Model<T> | undefined) ?? conn.model<T>(name, schema);
}

export function bookingModels(conn: Connection): BookingModels {
  return {
    Booking: model(conn, 'Booking', bookingSchema),
    Claim: model(conn, 'BookingClaim', claimSchema),
    Transition: model(conn, 'BookingTransition', transitionSchema),
    Pending: model(conn, 'PendingBooking', pendingSchema),
    Idempotency: model(conn, 'IdempotencyKey', idempotencySchema),
    IdempotencyResponse: model(conn, 'IdempotencyResponse', idempotencyResponseSchema),
    NoShow: model(conn, 'NoShow', noShowSchema),
    SentMessage: model(conn, 'SentMessage', sentMessageSchema),
  };
}
