import type { TurnGate } from '../../lib/periodic-job';
import type { Logger } from '../../lib/logger';
import { PeriodicJob } from '../../lib/periodic-job';
import type { HealthCardModels } from '../../models/health-cards';
import { expiredAt } from '../../models/time-buckets';

export interface HealthCardCleanupReport {
  usedCodes: number;
  clinicNonces: number;
  pinTries: number;
}

/**
 * Deletes consumed codes, clinic nonces and PIN tries past their expiry (FerretDB has no TTL
 * indexes). Every check already ignores them by time or cannot meet them again (a code past
 * its expiry is refused first), so this only bounds the collections; replicas may run it at once.
 */
export class HealthCardCleanup {
  private readonly job: PeriodicJob<HealthCardCleanupReport>;

  constructor(
    private readonly models: HealthCardModels,
    private readonly log: Logger,
    private readonly now: () => Date,
    intervalMs = 60 * 60_000,
    /** Whether this replica runs the scheduled passes (see Leases); default always. */
    gate?: TurnGate,
  ) {
    this.job = new PeriodicJob(() => this.run(this.now()), {
      intervalMs,
      onError: (err) => this.log.warn({ err: err.message }, 'health card cleanup failed'),
      gate,
    });
  }

  start(): void {
    this.job.start();
  }

  stop(): Promise<void> {
    return this.job.stop();
  }

  runOnce(at?: Date): Promise<HealthCardCleanupReport> {
    return this.job.runOnce(() => this.run(at ?? this.now()));
  }

  private async run(now: Date): Promise<HealthCardCleanupReport> {
    const expired = expiredAt(now);
    const count = (r: { deletedCount?: number }) => r.deletedCount ?? 0;
    const report: HealthCardCleanupReport = {
      usedCodes: count(await this.models.UsedCode.deleteMany(expired).exec()),
      clinicNonces: count(await this.models.ClinicNonce.deleteMany(expired).exec()),
      pinTries: count(await this.models.PinTry.deleteMany(expired).exec()),
    };
    if (Object.values(report).some((n) => n > 0))
      this.log.info(report, 'expired health card records removed');
    return report;
  }
}
