import type { TurnGate } from '../../lib/periodic-job';
import type { Logger } from '../../lib/logger';
import { PeriodicJob } from '../../lib/periodic-job';
import type { AccountModels } from '../../models/accounts';
import type { BookingModels } from '../../models/bookings';
import { daysBetween, expiredAt, EXPIRY_LOOK_BACK_DAYS } from '../../models/time-buckets';

export interface CleanupOptions {
  /** Whether this replica runs the scheduled passes (see Leases); default always. */
  gate?: TurnGate;
  /** Default 1 h. */
  intervalMs?: number;
  /**
   * Send claims (`sent_messages`) are kept this long after they were taken; default 90 days,
   * far past any visit they could be about (the sender skips entries whose visit has started).
   */
  sentMessageRetentionMs?: number;
  now?: () => Date;
}

export interface CleanupReport {
  idempotencyKeys: number;
  refreshTokens: number;
  authClaims: number;
  sentMessages: number;
}

const DAY_MS = 24 * 60 * 60_000;

/**
 * Deletes records past their expiry, the job FerretDB's missing TTL indexes leave to us
 * (DESIGN.md, Data): idempotency keys, refresh tokens, spent/revoked refresh-token claims
 * and old send claims. Every read already filters on the expiry, so this only bounds the
 * collections' size; two replicas running it at once delete the same documents harmlessly.
 */
export class Cleanup {
  private readonly job: PeriodicJob<CleanupReport>;
  private readonly now: () => Date;

  constructor(
    private readonly models: { bookings: BookingModels; accounts: AccountModels },
    private readonly log: Logger,
    private readonly opts: CleanupOptions = {},
  ) {
    this.now = opts.now ?? (() => new Date());
    this.job = new PeriodicJob(() => this.run(this.now()), {
      intervalMs: opts.intervalMs ?? 60 * 60_000,
      onError: (err) => this.log.warn({ err: err.message }, 'cleanup failed'),
      gate: opts.gate,
    });
  }

  start(): void {
    this.job.start();
  }

  stop(): Promise<void> {
    return this.job.stop();
  }

  /** One pass at `at` (default now); concurrent callers share it. */
  runOnce(at?: Date): Promise<CleanupReport> {
    return this.job.runOnce(() => this.run(at ?? this.now()));
  }

  private async run(now: Date): Promise<CleanupReport> {
    const { bookings, accounts } = this.models;
    const expired = expiredAt(now);
    const retention = this.opts.sentMessageRetentionMs ?? 90 * DAY_MS;
    const count = (r: { deletedCount?: number }) => r.deletedCount ?? 0;
    // A key's stored answer expires with it (same expiresAt), so only the keys are counted.
    await bookings.IdempotencyResponse.deleteMany(expired).exec();
    const report: CleanupReport = {
      idempotencyKeys: count(await bookings.Idempotency.deleteMany(expired).exec()),
      refreshTokens: count(await accounts.RefreshToken.deleteMany(expired).exec()),
      authClaims: count(await accounts.AuthClaim.deleteMany(expired).exec()),
      sentMessages: count(
        await bookings.SentMessage.deleteMany({
          claimedDay: {
            $in: daysBetween(
              new Date(now.getTime() - retention - EXPIRY_LOOK_BACK_DAYS * DAY_MS),
              new Date(now.getTime() - retention),
            ),
          },
          claimedAt: { $lt: new Date(now.getTime() - retention) },
          outcome: { $ne: 'sending' },
        }).exec(),
      ),
    };
    if (Object.values(report).some((n) => n > 0)) this.log.info(report, 'expired records removed');
    return report;
  }
}
