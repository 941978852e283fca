import { Schema, type Connection, type Model } from 'mongoose';
import { expiryBuckets } from './time-buckets';

/**
 * One signed slot push as the console shows it: accepted with its counts, or refused with the
 * reason. `_id = ${hospitalId}#${at ms, zero-padded}#${random}`: a plain insert (no update, so
 * nothing depends on FerretDB's non-atomic updates). Bounded by age: cleaned up with the nonces.
 */
export interface PushLogDoc {
  _id: string;
  hospitalId: string;
  at: Date;
  outcome: 'accepted' | 'refused';
  reason: string | null;
  events: number;
  accepted: number;
  duplicates: number;
  outdated: number;
  unknown: number;
  expiresAt: Date;
}

/** Kept this long; the console reads the latest 50 of a hospital. */
export const PUSH_LOG_RETENTION_MS = 7 * 24 * 60 * 60_000;

const schema = new Schema<PushLogDoc>(
  {
    _id: { type: String, required: true },
    hospitalId: { type: String, required: true },
    at: { type: Date, required: true },
    outcome: { type: String, required: true },
    reason: { type: String, default: null },
    events: { type: Number, required: true },
    accepted: { type: Number, required: true },
    duplicates: { type: Number, required: true },
    outdated: { type: Number, required: true },
    unknown: { type: Number, required: true },
    expiresAt: { type: Date, required: true },
  },
  { collection: 'push_log', versionKey: false },
);
// The console's read: one hospital, newest first.
schema.index({ hospitalId: 1, at: -1 });
schema.plugin(expiryBuckets);

export interface PushLogModels {
  PushLog: Model<PushLogDoc>;
}

export function pushLogModels(conn: Connection): PushLogModels {
  return {
    PushLog:
      (conn.models.PushLog as Model<PushLogDoc> | undefined) ?? conn.model<PushLogDoc>('PushLog', schema),
  };
}
