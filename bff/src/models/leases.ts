import { Schema, type Connection, type Model } from 'mongoose';

/**
 * A background job's turn for one lease period: `_id = ${job}#${period}`. Inserted once, so of
 * the replicas that try, exactly one holds the period (a unique key, not an update: FerretDB
 * updates are not atomic). The holder deletes its period-before-last, so the collection holds
 * two rows per job and needs no sweep.
 */
export interface JobLeaseDoc {
  _id: string;
  /** The replica (host, pid, random) that took it. */
  owner: string;
  at: Date;
}

const leaseSchema = new Schema<JobLeaseDoc>(
  {
    _id: { type: String, required: true },
    owner: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'job_leases', versionKey: false },
);

export interface LeaseModels {
  JobLease: Model<JobLeaseDoc>;
}

export function leaseModels(conn: Connection): LeaseModels {
  return {
    JobLease:
      (conn.models.JobLease as Model<JobLeaseDoc> | undefined) ??
      conn.model<JobLeaseDoc>('JobLease', leaseSchema),
  };
}
