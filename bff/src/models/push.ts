import { Schema, type Connection, type Model } from 'mongoose';
import { expiryBuckets } from './time-buckets';

/**
 * A nonce a pushing hospital has used: `_id = ${hospitalId}#${nonce}`. The insert is the replay
 * guard (a duplicate key means the nonce was used), so it works on FerretDB and across replicas.
 */
export interface PushNonceDoc {
  _id: string;
  /** Safe to forget after this: a request that old fails the timestamp check anyway. */
  expiresAt: Date;
}

/** A slot event already applied: `_id = ${hospitalId}#${eventId}`, inserted once. */
export interface SlotEventDoc {
  _id: string;
  receivedAt: Date;
  expiresAt: Date;
}

// No TTL indexes (FerretDB v1 does not expire them): SlotEventReceiver deletes expired rows itself.
const nonceSchema = new Schema<PushNonceDoc>(
  {
    _id: { type: String, required: true },
    expiresAt: { type: Date, required: true },
  },
  { collection: 'push_nonces', versionKey: false },
);
nonceSchema.plugin(expiryBuckets);

const eventSchema = new Schema<SlotEventDoc>(
  {
    _id: { type: String, required: true },
    receivedAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
  },
  { collection: 'slot_events', versionKey: false },
);
eventSchema.plugin(expiryBuckets);

export interface PushModels {
  PushNonce: Model<PushNonceDoc>;
  SlotEvent: Model<SlotEventDoc>;
}

/** Models on the given connection (reused if already compiled there). */
export function pushModels(conn: Connection): PushModels {
  return {
    PushNonce:
      (conn.models.PushNonce as Model<PushNonceDoc> | undefined) ??
      conn.model<PushNonceDoc>('PushNonce', nonceSchema),
    SlotEvent:
      (conn.models.SlotEvent as Model<SlotEventDoc> | undefined) ??
      conn.model<SlotEventDoc>('SlotEvent', eventSchema),
  };
}

export const isDuplicateKey = (err: unknown): boolean => (err as { code?: number }).code === 11000;
