import { Schema, type Connection, type Model } from 'mongoose';
import type { IdType } from '@jiankang/shared/domain';
import { expiryBuckets } from './time-buckets';

/**
 * 电子健康卡 (docs/health-card.md). Everything here is written by insert, and every "only one may
 * win" rule is a unique `_id` (DESIGN.md, Data); the PIN is the one document replaced in place,
 * where the last write winning is what a resident changing it expects.
 */

/**
 * A card as we know it: one per card at the regional platform (so one per real-name person,
 * whichever accounts manage them). `_id` is the card reference codes carry: 16 random bytes, hex.
 * The holder's name and ID number are sealed (lib/pii.ts) as they were when the card was issued.
 */
export interface HealthCardDoc {
  _id: string;
  cardId: string;
  masterId: string;
  idType: IdType;
  nameEnc: string;
  idNumberEnc: string;
  createdAt: Date;
}

/**
 * `platform#<cardId>` (the platform card has one reference) and `patient#<patientId>` (a 就诊人
 * is bound to one card): the inserts that make applying idempotent, also when concurrent.
 */
export interface CardClaimDoc {
  _id: string;
  cardRef: string;
  createdAt: Date;
}

/** The card's PIN: scrypt of the peppered PIN with this card's own salt. */
export interface CardPinDoc {
  _id: string;
  salt: string;
  hash: string;
  setAt: Date;
}

/**
 * A wrong PIN: `fail#<cardRef>#<window>#<n>`, n = 1..maxTries, so tries made at once cannot be
 * counted as fewer; or a lock: `lock#<cardRef>#<window>` with `until`.
 */
export interface PinTryDoc {
  _id: string;
  at: Date;
  until?: Date;
  expiresAt: Date;
}

/** A static code issued: `<cardRef>#<serial>`; a higher serial revokes every lower one. */
export interface StaticCodeDoc {
  _id: string;
  cardRef: string;
  serial: number;
  issuedAt: Date;
}

/** A dynamic code consumed by a verification, `d#<cardRef>#<nonce>`; kept until it has expired. */
export interface UsedCodeDoc {
  _id: string;
  expiresAt: Date;
}

/** A clinic request's nonce, `<hospitalId>#<nonce>`; kept past the signature's clock window. */
export interface ClinicNonceDoc {
  _id: string;
  expiresAt: Date;
}

const str = { type: String, required: true } as const;
const date = { type: Date, required: true } as const;
const options = (collection: string) => ({ collection, versionKey: false as const });

const cardSchema = new Schema<HealthCardDoc>(
  { _id: str, cardId: str, masterId: str, idType: str, nameEnc: str, idNumberEnc: str, createdAt: date },
  options('health_cards'),
);
const claimSchema = new Schema<CardClaimDoc>(
  { _id: str, cardRef: str, createdAt: date },
  options('health_card_claims'),
);
const pinSchema = new Schema<CardPinDoc>(
  { _id: str, salt: str, hash: str, setAt: date },
  options('health_card_pins'),
);
// No TTL indexes (FerretDB does not expire them): the health-card cleanup deletes by `expiresAt`.
const pinTrySchema = new Schema<PinTryDoc>(
  { _id: str, at: date, until: { type: Date, required: false }, expiresAt: date },
  options('health_card_pin_tries'),
);
pinTrySchema.plugin(expiryBuckets);
const staticSchema = new Schema<StaticCodeDoc>(
  { _id: str, cardRef: str, serial: { type: Number, required: true }, issuedAt: date },
  options('health_card_static_codes'),
);
staticSchema.index({ cardRef: 1, serial: -1 });
const usedSchema = new Schema<UsedCodeDoc>({ _id: str, expiresAt: date }, options('health_card_used_codes'));
usedSchema.plugin(expiryBuckets);
const nonceSchema = new Schema<ClinicNonceDoc>({ _id: str, expiresAt: date }, options('clinic_nonces'));
nonceSchema.plugin(expiryBuckets);

export interface HealthCardModels {
  Card: Model<HealthCardDoc>;
  Claim: Model<CardClaimDoc>;
  Pin: Model<CardPinDoc>;
  PinTry: Model<PinTryDoc>;
  StaticCode: Model<StaticCodeDoc>;
  UsedCode: Model<UsedCodeDoc>;
  ClinicNonce: Model<ClinicNonceDoc>;
}

function model<T>(conn: Connection, name: string, schema: Schema<T>): Model<T> {
  return (conn.models[name] as Model<T> | undefined) ?? conn.model<T>(name, schema);
}

export function healthCardModels(conn: Connection): HealthCardModels {
  return {
    Card: model(conn, 'HealthCard', cardSchema),
    Claim: model(conn, 'HealthCardClaim', claimSchema),
    Pin: model(conn, 'HealthCardPin', pinSchema),
    PinTry: model(conn, 'HealthCardPinTry', pinTrySchema),
    StaticCode: model(conn, 'HealthCardStaticCode', staticSchema),
    UsedCode: model(conn, 'HealthCardUsedCode', usedSchema),
    ClinicNonce: model(conn, 'ClinicNonce', nonceSchema),
  };
}

export const cardClaimIds = {
  platform: (cardId: string) => `platform#${cardId}`,
  patient: (patientId: string) => `patient#${patientId}`,
  /** The card that replaced a cancelled one (cancelling is final; the platform issues a new id). */
  successor: (cardRef: string) => `next#${cardRef}`,
};
