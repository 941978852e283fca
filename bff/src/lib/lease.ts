import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { LeaseModels } from '../models/leases';
import { isDuplicateKey } from '../models/push';

/** Asked before each scheduled pass of a background job: run it here, or leave it to another replica. */
export type JobGate = (job: string) => Promise<boolean>;

/** A single replica runs everything. */
export const alwaysRun: JobGate = () => Promise.resolve(true);

export interface LeaseOptions {
  periodMs: number;
  /** Names this replica in the lease rows; default host:pid:random. */
  owner?: string;
  now?: () => number;
}

/**
 * Background jobs run once across replicas: time is cut into periods of `periodMs`, and for each
 * job and period the first replica to insert `${job}#${period}` holds it. A killed holder's turn
 * ends with its period, so the job moves to a live replica within one period. A pass that runs
 * across a period boundary may overlap the next holder's first pass; the jobs' own unique claims
 * keep that harmless (a lease saves work, it is not what makes a job exactly-once).
 */
export class Leases {
  readonly owner: string;
  private readonly now: () => number;
  /** What this replica learnt per job for one period: no second database round trip within it. */
  private readonly known = new Map<string, { period: number; mine: boolean }>();

  constructor(
    private readonly models: LeaseModels,
    private readonly opts: LeaseOptions,
  ) {
    this.owner = opts.owner ?? `${os.hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
    this.now = opts.now ?? Date.now;
  }

  /** The gate for PeriodicJob and the pollers. */
  readonly gate: JobGate = (job) => this.holds(job);

  async holds(job: string): Promise<boolean> {
    const period = Math.floor(this.now() / this.opts.periodMs);
    const seen = this.known.get(job);
    if (seen?.period === period) return seen.mine;
    const id = `${job}#${period}`;
    let mine: boolean;
    try {
      await this.models.JobLease.create({ _id: id, owner: this.owner, at: new Date(this.now()) });
      mine = true;
      // Rows of earlier periods are of no use to anyone; the holder clears the one before last.
      await this.models.JobLease.deleteOne({ _id: `${job}#${period - 2}` }).exec();
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      const doc = await this.models.JobLease.findById(id).lean().exec();
      mine = doc?.owner === this.owner;
    }
    this.known.set(job, { period, mine });
    return mine;
  }

  /** Who holds `job` now (the console, the tests). */
  async holder(job: string): Promise<string | null> {
    const period = Math.floor(this.now() / this.opts.periodMs);
    return (await this.models.JobLease.findById(`${job}#${period}`).lean().exec())?.owner ?? null;
  }
}
