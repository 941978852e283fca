import { Schema, type Connection, type Model } from 'mongoose';
import { expiryBuckets } from './time-buckets';

/**
 * A resident's account: one per WeChat openid (unique index; a second first login of the same
 * openid fails its insert and reads the winner). `_id` is our own random id, the only id that
 * leaves the BFF. The session key is sealed with crypto-box and never leaves the BFF.
 */
export interface AccountDoc {
  _id: string;
  openid: string;
  unionid: string | null;
  sessionKeySealed: string;
  createdAt: Date;
  lastLoginAt: Date;
}

/** A refresh token, by its SHA-256: the token itself is never stored. */
export interface RefreshTokenDoc {
  _id: string;
  familyId: string;
  accountId: string;
  createdAt: Date;
  /** Filtered on by reads and cleaned up by a job; no TTL index (FerretDB v1). */
  expiresAt: Date;
}

/**
 * "Only one may win" claims, inserted once: `${tokenHash}#used` (a refresh token spent) and
 * `${familyId}#revoked` (a whole login revoked: logout or reuse of a spent token).
 */
export interface AuthClaimDoc {
  _id: string;
  at: Date;
  expiresAt: Date;
}

/** One document per acceptance of a privacy notice version: append-only, the audit trail. */
export interface ConsentDoc {
  _id: string;
  accountId: string;
  version: string;
  acceptedAt: Date;
}

const accountSchema = new Schema<AccountDoc>(
  {
    _id: { type: String, required: true },
    openid: { type: String, required: true },
    unionid: { type: String, default: null },
    sessionKeySealed: { type: String, required: true },
    createdAt: { type: Date, required: true },
    lastLoginAt: { type: Date, required: true },
  },
  { collection: 'accounts', versionKey: false },
);
accountSchema.index({ openid: 1 }, { unique: true });

const refreshSchema = new Schema<RefreshTokenDoc>(
  {
    _id: { type: String, required: true },
    familyId: { type: String, required: true },
    accountId: { type: String, required: true },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
  },
  { collection: 'refresh_tokens', versionKey: false },
);
refreshSchema.index({ familyId: 1 });
refreshSchema.plugin(expiryBuckets);

const claimSchema = new Schema<AuthClaimDoc>(
  {
    _id: { type: String, required: true },
    at: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
  },
  { collection: 'auth_claims', versionKey: false },
);
claimSchema.plugin(expiryBuckets);

const consentSchema = new Schema<ConsentDoc>(
  {
    _id: { type: String, required: true },
    accountId: { type: String, required: true },
    version: { type: String, required: true },
    acceptedAt: { type: Date, required: true },
  },
  { collection: 'consents', versionKey: false },
);
consentSchema.index({ accountId: 1, acceptedAt: -1 });

export interface AccountModels {
  Account: Model<AccountDoc>;
  RefreshToken: Model<RefreshTokenDoc>;
  AuthClaim: Model<AuthClaimDoc>;
  Consent: Model<ConsentDoc>;
}

function model<T>(conn: Connection, name: string, schema: Schema<T>): Model<T> {
  return (conn.models[name] as Model<T> | undefined) ?? conn.model<T>(name, schema);
}

/** Models on the given connection (reused if already compiled there). */
export function accountModels(conn: Connection): AccountModels {
  return {
    Account: model(conn, 'Account', accountSchema),
    RefreshToken: model(conn, 'RefreshToken', refreshSchema),
    AuthClaim: model(conn, 'AuthClaim', claimSchema),
    Consent: model(conn, 'Consent', consentSchema),
  };
}
