import { everyTurn, type TurnGate } from '../lib/periodic-job';
import { createHash } from 'node:crypto';
import type { Logger } from '../lib/logger';
import type { DirectoryModels, SyncStateDoc } from '../models/directory';
import { syncCollection, type DiffModel } from '../models/diff-write';
import type { DirectorySnapshot, DirectorySource } from '../upstreams/regional/directory-source';
import { DIRECTORY_SYNC_ID, type DirectoryStore } from './directory-store';

export interface SyncResult {
  ok: boolean;
  changed: boolean;
  hospitals: number;
  doctors: number;
  skipped: number;
  error?: string;
}

/** A content hash: an unchanged directory keeps its version, so replicas skip a reload and ETags hold. */
function versionOf(snapshot: DirectorySnapshot): string {
  return createHash('sha256')
    .update(JSON.stringify([snapshot.hospitals, snapshot.doctors]))
    .digest('hex')
    .slice(0, 32);
}

/**
 * Copies the directory from its source into the database. Idempotent: replaces each document by
 * its stable id and removes only ids the source no longer lists. A failed fetch writes nothing
 * but the failure, so the last good copy keeps serving.
 */
export class DirectorySync {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<SyncResult> | undefined;

  constructor(
    private readonly source: DirectorySource,
    private readonly models: DirectoryModels,
    private readonly store: DirectoryStore,
    private readonly log: Logger,
  ) {}

  /** Concurrent callers share one run. */
  runOnce(): Promise<SyncResult> {
    this.running ??= this.run().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /**
   * Runs every `intervalMs` ± 10 % so replicas started together do not sync in lock-step; with
   * replicas, only where `gate` says this one holds the directory-sync lease.
   */
  start(intervalMs: number, gate: TurnGate = everyTurn): void {
    const schedule = () => {
      const jitter = intervalMs * (0.9 + Math.random() * 0.2);
      this.timer = setTimeout(() => {
        void gate()
          .then((mine) => (mine ? this.runOnce() : undefined))
          .catch(() => undefined) // the lease could not be read: skip this turn
          .finally(schedule);
      }, jitter);
      this.timer.unref();
    };
    schedule();
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Waits for a sync in progress, for graceful shutdown. */
  async idle(): Promise<void> {
    await this.running?.catch(() => undefined);
  }

  private async run(): Promise<SyncResult> {
    const attemptAt = new Date();
    const previous = await this.models.SyncState.findById(DIRECTORY_SYNC_ID).lean<SyncStateDoc>().exec();
    let snapshot: DirectorySnapshot;
    try {
      snapshot = await this.source.fetchDirectory();
      // An empty answer is far likelier a platform fault than a city without hospitals.
      if (snapshot.hospitals.length === 0) throw new Error('source returned no hospitals');
    } catch (err) {
      const message = (err as Error).message;
      await this.models.SyncState.updateOne(
        { _id: DIRECTORY_SYNC_ID },
        {
          $set: {
            lastAttemptAt: attemptAt,
            lastError: message,
            consecutiveFailures: (previous?.consecutiveFailures ?? 0) + 1,
          },
          $setOnInsert: {
            version: '',
            lastSuccessAt: null,
            hospitalCount: 0,
            doctorCount: 0,
            skippedCount: 0,
          },
        },
        { upsert: true },
      );
      this.log.warn(
        { err: message, failures: (previous?.consecutiveFailures ?? 0) + 1 },
        'directory sync failed',
      );
      await this.store.refresh();
      return { ok: false, changed: false, hospitals: 0, doctors: 0, skipped: 0, error: message };
    }

    const version = versionOf(snapshot);
    const changed = version !== previous?.version;
    if (changed) await this.write(snapshot, attemptAt);
    await this.models.SyncState.updateOne(
      { _id: DIRECTORY_SYNC_ID },
      {
        $set: {
          version,
          lastAttemptAt: attemptAt,
          lastSuccessAt: attemptAt,
          lastError: null,
          consecutiveFailures: 0,
          hospitalCount: snapshot.hospitals.length,
          doctorCount: snapshot.doctors.length,
          skippedCount: snapshot.skipped.count,
        },
      },
      { upsert: true },
    );
    await this.store.refresh();
    const result = {
      ok: true,
      changed,
      hospitals: snapshot.hospitals.length,
      doctors: snapshot.doctors.length,
      skipped: snapshot.skipped.count,
    };
    this.log.info({ ...result, skippedSamples: snapshot.skipped.samples }, 'directory synced');
    return result;
  }

  /**
   * Writes only the difference: new documents are inserted in bulk, changed ones replaced, gone
   * ones deleted. On FerretDB every update is a read and a write, so rewriting 1,500 unchanged
   * doctors on each sync would take a minute; a content hash per document makes it a few ms.
   */
  private async write(snapshot: DirectorySnapshot, syncedAt: Date): Promise<void> {
    await syncCollection(
      this.models.Hospital as unknown as DiffModel,
      snapshot.hospitals.map(({ id, ...h }) => ({ _id: id, ...h })),
      syncedAt,
    );
    await syncCollection(
      this.models.Doctor as unknown as DiffModel,
      snapshot.doctors.map(({ id, ...d }) => ({ _id: id, ...d })),
      syncedAt,
    );
  }
}
