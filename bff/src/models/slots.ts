import { Schema, type Connection, type Model } from 'mongoose';
import type { FeedKind } from '@jiankang/shared';
import type { FeedCursor, FeedFileProblem, FeedLocation, FeedSlotRecord } from '@jiankang/shared';

/** One 分时段 period as synced from its hospital's feed, keyed by the stable slot id. */
export interface SlotDoc extends Omit<FeedSlotRecord, 'id'> {
  _id: string;
  /** Hash of the slot's content without `fetchedAt`, so an unchanged slot is never rewritten. */
  contentHash: string;
  /** When this content was first written (an unchanged slot keeps its stamp). */
  syncedAt: Date;
}

/** A slot as readers need it (the write bookkeeping left out). */
export type IndexedSlot = Omit<SlotDoc, 'contentHash' | 'syncedAt'>;

export type CircuitStateName = 'closed' | 'open' | 'half_open';

/** One document per hospital: where its incremental feed stands and how healthy it is. */
export interface FeedStateDoc {
  _id: string;
  kind: FeedKind;
  cursor: FeedCursor | null;
  lastAttemptAt: Date | null;
  lastSuccessAt: Date | null;
  lastFullSyncAt: Date | null;
  lastError: string | null;
  consecutiveFailures: number;
  slotCount: number;
  skippedCount: number;
  /** A few reasons with sample ids, for hospital IT. */
  skippedSamples?: string[];
  /** Files or pages of the last read that could not be fetched or were refused. */
  problems?: FeedFileProblem[];
  /** Slots already over when the last read fetched them (dropped, not an error). */
  pastCount?: number;
  /** The Locations the feed publishes (SMART Scheduling Links), from the last whole read. */
  locations?: FeedLocation[];
  /** Seconds between lastSuccessAt and the attempt that wrote it; readers recompute it from now. */
  lagSeconds: number | null;
  circuit: CircuitStateName;
  /** Moves on every write of this hospital's slots, so other replicas reload their copy. */
  slotsVersion?: string | null;
}

const slotSchema = new Schema<SlotDoc>(
  {
    _id: { type: String, required: true },
    hospitalId: { type: String, required: true },
    sourceId: { type: String, required: true },
    sessionId: { type: String, required: true },
    scheduleId: { type: String, required: true },
    departmentId: String,
    departmentCode: String,
    doctorId: String,
    doctorName: String,
    serviceName: String,
    locationId: String,
    start: { type: Date, required: true },
    end: { type: Date, required: true },
    date: { type: String, required: true },
    capacity: { type: Number, required: true },
    remaining: { type: Number, required: true },
    status: { type: String, required: true },
    feeFen: Number,
    bookingLink: String,
    bookingPhone: String,
    releaseAt: Date,
    version: Number,
    sourceUpdatedAt: Date,
    kind: { type: String, required: true },
    fetchedAt: { type: Date, required: true },
    contentHash: { type: String, required: true },
    syncedAt: { type: Date, required: true },
  },
  { collection: 'slots', versionKey: false },
);
// Earliest search across the city; one department's schedule; one hospital's diff and count.
slotSchema.index({ departmentCode: 1, date: 1 });
slotSchema.index({ hospitalId: 1, departmentId: 1, date: 1 });
slotSchema.index({ hospitalId: 1 });

const feedStateSchema = new Schema<FeedStateDoc>(
  {
    _id: { type: String, required: true },
    kind: { type: String, required: true },
    // The adapter's own opaque cursor (a flat object of strings, numbers and nulls).
    cursor: { type: Schema.Types.Mixed, default: null },
    lastAttemptAt: Date,
    lastSuccessAt: Date,
    lastFullSyncAt: Date,
    lastError: String,
    consecutiveFailures: { type: Number, default: 0 },
    slotCount: { type: Number, default: 0 },
    skippedCount: { type: Number, default: 0 },
    skippedSamples: { type: [String], default: undefined },
    problems: { type: Schema.Types.Mixed, default: undefined },
    pastCount: Number,
    locations: { type: Schema.Types.Mixed, default: undefined },
    lagSeconds: Number,
    circuit: { type: String, enum: ['closed', 'open', 'half_open'], default: 'closed' },
    slotsVersion: { type: String, default: null },
  },
  { collection: 'feed_state', versionKey: false, minimize: false },
);

export interface SlotModels {
  Slot: Model<SlotDoc>;
  FeedState: Model<FeedStateDoc>;
}

/** Models on the given connection (reused if already compiled there). */
export function slotModels(conn: Connection): SlotModels {
  return {
    Slot: (conn.models.Slot as Model<SlotDoc> | undefined) ?? conn.model<SlotDoc>('Slot', slotSchema),
    FeedState:
      (conn.models.FeedState as Model<FeedStateDoc> | undefined) ??
      conn.model<FeedStateDoc>('FeedState', feedStateSchema),
  };
}
