import { Schema, type Connection, type Model } from 'mongoose';
import type { IdType, Relation } from '@jiankang/shared/domain';

/**
 * A 就诊人 of an account. Personal data is sealed (lib/pii.ts): name, ID number and phone are
 * AES-256-GCM ciphertexts; `idHmac` is the keyed hash the uniqueness claims are built on.
 * Removal is soft (`removedAt`), because bookings keep referring to the patient id.
 */
export interface PatientDoc {
  _id: string;
  accountId: string;
  nameEnc: string;
  idType: IdType;
  idNumberEnc: string;
  idHmac: string;
  phoneEnc: string;
  relation: Relation;
  /** The person's id in the regional EMPI; never leaves the server. */
  masterId: string;
  /** Which of the account's 5 seats this patient holds (claim `acc#slotN`). */
  seat: number;
  createdAt: Date;
  updatedAt: Date;
  removedAt: Date | null;
}

/**
 * One "only one may win" rule per row, won by inserting the `_id` (DESIGN.md, Data):
 * `acc#slot3` (seat 3 of the 5 per account), `acc#self` (one 本人 per account), `acc#id#<hmac>` (an ID
 * once per account), `self#<hmac>` (an ID is 本人 of one account only). `patientId` names the
 * holder, so a release deletes only its own claim.
 */
export interface PatientClaimDoc {
  _id: string;
  patientId: string;
  accountId: string;
  createdAt: Date;
}

const patientSchema = new Schema<PatientDoc>(
  {
    _id: { type: String, required: true },
    accountId: { type: String, required: true },
    nameEnc: { type: String, required: true },
    idType: { type: String, required: true },
    idNumberEnc: { type: String, required: true },
    idHmac: { type: String, required: true },
    phoneEnc: { type: String, required: true },
    relation: { type: String, required: true },
    masterId: { type: String, required: true },
    seat: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    removedAt: { type: Date, default: null },
  },
  { collection: 'patients', versionKey: false },
);
patientSchema.index({ accountId: 1, createdAt: 1 });
patientSchema.index({ masterId: 1 });

const claimSchema = new Schema<PatientClaimDoc>(
  {
    _id: { type: String, required: true },
    patientId: { type: String, required: true },
    accountId: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'patient_claims', versionKey: false },
);
claimSchema.index({ patientId: 1 });

export interface PatientModels {
  Patient: Model<PatientDoc>;
  PatientClaim: Model<PatientClaimDoc>;
}

export function patientModels(conn: Connection): PatientModels {
  return {
    Patient:
      (conn.models.Patient as Model<PatientDoc> | undefined) ??
      conn.model<PatientDoc>('Patient', patientSchema),
    PatientClaim:
      (conn.models.PatientClaim as Model<PatientClaimDoc> | undefined) ??
      conn.model<PatientClaimDoc>('PatientClaim', claimSchema),
  };
}

export const claimIds = {
  seat: (accountId: string, n: number) => `${accountId}#slot${n}`,
  self: (accountId: string) => `${accountId}#self`,
  idInAccount: (accountId: string, idHmac: string) => `${accountId}#id#${idHmac}`,
  selfOfId: (idHmac: string) => `self#${idHmac}`,
};
