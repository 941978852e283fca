import { Schema, type Connection, type Model } from 'mongoose';
import type { Doctor, HospitalDetail } from '@jiankang/shared';

/** A hospital as the contract describes it, keyed by its stable id. */
export interface HospitalDoc extends Omit<HospitalDetail, 'id'> {
  _id: string;
  /** Hash of the contract fields, so a sync rewrites only what changed. */
  contentHash: string;
  syncedAt: Date;
}

export interface DoctorDoc extends Omit<Doctor, 'id'> {
  _id: string;
  contentHash: string;
  syncedAt: Date;
}

/** One document per sync job: when it last succeeded, what failed, and a version readers poll. */
export interface SyncStateDoc {
  _id: string;
  version: string;
  lastAttemptAt: Date | null;
  lastSuccessAt: Date | null;
  lastError: string | null;
  consecutiveFailures: number;
  hospitalCount: number;
  doctorCount: number;
  skippedCount: number;
}

const point = { lat: Number, lng: Number };

// Mixed sub-documents with `_id: false`: the contract already validated them, and FerretDB
// prefers plain documents without mongoose's generated sub-ids.
const hospitalSchema = new Schema<HospitalDoc>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    aliases: [String],
    grade: { type: String, required: true },
    gradeName: String,
    type: String,
    district: { type: String, required: true },
    districtName: String,
    address: String,
    phone: String,
    location: point,
    campuses: [new Schema({ id: String, name: String, address: String, location: point }, { _id: false })],
    departmentCount: Number,
    introduction: String,
    departments: [
      new Schema(
        {
          id: String,
          code: String,
          name: String,
          category: String,
          categoryName: String,
          campusId: String,
          description: String,
          doctorCount: Number,
        },
        { _id: false },
      ),
    ],
    contentHash: { type: String, required: true },
    syncedAt: { type: Date, required: true },
  },
  { collection: 'hospitals', versionKey: false },
);

const doctorSchema = new Schema<DoctorDoc>(
  {
    _id: { type: String, required: true },
    hospitalId: { type: String, required: true },
    departmentId: { type: String, required: true },
    name: String,
    title: String,
    specialty: String,
    contentHash: { type: String, required: true },
    syncedAt: { type: Date, required: true },
  },
  { collection: 'doctors', versionKey: false },
);
doctorSchema.index({ hospitalId: 1, departmentId: 1 });

const syncStateSchema = new Schema<SyncStateDoc>(
  {
    _id: { type: String, required: true },
    version: { type: String, required: true },
    lastAttemptAt: Date,
    lastSuccessAt: Date,
    lastError: String,
    consecutiveFailures: Number,
    hospitalCount: Number,
    doctorCount: Number,
    skippedCount: Number,
  },
  { collection: 'sync_state', versionKey: false },
);

export interface DirectoryModels {
  Hospital: Model<HospitalDoc>;
  Doctor: Model<DoctorDoc>;
  SyncState: Model<SyncStateDoc>;
}

export function directoryModels(conn: Connection): DirectoryModels {
  return {
    Hospital: conn.model<HospitalDoc>('Hospital', hospitalSchema),
    Doctor: conn.model<DoctorDoc>('Doctor', doctorSchema),
    SyncState: conn.model<SyncStateDoc>('SyncState', syncStateSchema),
  };
}
