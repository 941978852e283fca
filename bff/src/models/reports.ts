import { Schema, type Connection, type Model } from 'mongoose';
import type { AccessAction } from '@jiankang/shared';

/**
 * 共享调阅 consent: one insert per patient and notice version, `_id = patientId#version`, so
 * accepting twice is a duplicate key rather than a read-then-write (FerretDB updates are not atomic).
 */
export interface RecordsConsentDoc {
  _id: string;
  patientId: string;
  accountId: string;
  version: string;
  acceptedAt: Date;
}

/** Who looked at which report when: insert-only, read newest first on the resident's page. */
export interface ReportAccessDoc {
  _id: string;
  patientId: string;
  accountId: string;
  action: AccessAction;
  reportId?: string;
  hospitalId?: string;
  detail?: string;
  at: Date;
}

const consentSchema = new Schema<RecordsConsentDoc>(
  {
    _id: { type: String, required: true },
    patientId: { type: String, required: true },
    accountId: { type: String, required: true },
    version: { type: String, required: true },
    acceptedAt: { type: Date, required: true },
  },
  { collection: 'records_consent', versionKey: false },
);

const accessSchema = new Schema<ReportAccessDoc>(
  {
    _id: { type: String, required: true },
    patientId: { type: String, required: true },
    accountId: { type: String, required: true },
    action: { type: String, required: true },
    reportId: { type: String },
    hospitalId: { type: String },
    detail: { type: String },
    at: { type: Date, required: true },
  },
  { collection: 'report_access_log', versionKey: false },
);
accessSchema.index({ patientId: 1, at: -1 });

export interface ReportModels {
  Consent: Model<RecordsConsentDoc>;
  Access: Model<ReportAccessDoc>;
}

export function reportModels(conn: Connection): ReportModels {
  return {
    Consent:
      (conn.models.RecordsConsent as Model<RecordsConsentDoc> | undefined) ??
      conn.model<RecordsConsentDoc>('RecordsConsent', consentSchema),
    Access:
      (conn.models.ReportAccess as Model<ReportAccessDoc> | undefined) ??
      conn.model<ReportAccessDoc>('ReportAccess', accessSchema),
  };
}
