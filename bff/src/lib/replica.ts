import { alwaysRun, type JobGate } from './lease';
import type { TurnGate } from './periodic-job';
import type { RedisClient } from './redis';

/**
 * What the replicas of one deployment share beyond the database: Redis (rate-limit counters, slot
 * broadcasts) and the gate that lets one replica at a time run each background job. A single
 * process has neither and runs every job itself.
 */
export interface ReplicaShared {
  redis?: RedisClient;
  gate: JobGate;
}

export const SINGLE_PROCESS: ReplicaShared = { gate: alwaysRun };

/** The gate of one job, as PeriodicJob asks it. */
export const gateOf =
  (shared: ReplicaShared, job: string): TurnGate =>
  () =>
    shared.gate(job);
