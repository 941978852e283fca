import type { TurnGate } from '../../lib/periodic-job';
import type { Logger } from '../../lib/logger';
import { PeriodicJob } from '../../lib/periodic-job';
import type { BookingClaimDoc, BookingDoc, BookingModels, PendingBookingDoc } from '../../models/bookings';
import type { BookingService } from './booking-service';
import type { HospitalBooking } from './ports';
import { minutesBetween } from '../../models/time-buckets';

export interface ReconcilerOptions {
  /** Whether this replica runs the scheduled passes (see Leases); default always. */
  gate?: TurnGate;
  /** How often the work list is looked at; default 15 s. */
  intervalMs?: number;
  /** A booking the hospital still does not know after this is given up (claims released). */
  giveUpAfterMs?: number;
  /** A claim with no booking behind it (a crash between the two) is removed after this. */
  orphanAfterMs?: number;
  /** How far back the first sweep after start looks for such claims; default 24 h. */
  orphanLookBackMs?: number;
  timeoutMs: number;
  now?: () => Date;
}

/** Bounds each `$in` list (the database pushes down at most 500 values). */
const MINUTES_PER_QUERY = 240;
const IDS_PER_QUERY = 200;

export interface ReconcileReport {
  confirmed: number;
  failed: number;
  stillUnknown: number;
  orphanClaims: number;
}

/**
 * Settles bookings whose hospital outcome is unknown (a timeout, a lost answer, a crash) by
 * asking the hospital for our reference, and removes claims a crash left without a booking.
 * Runs at start and then periodically; every step is idempotent, so two replicas may run it.
 */
export class Reconciler {
  private readonly job: PeriodicJob<ReconcileReport>;
  private readonly now: () => Date;
  /** Claims created before this were swept by this process already. */
  private sweptUntil: Date | null = null;

  constructor(
    private readonly models: BookingModels,
    private readonly bookings: BookingService,
    private readonly hospitals: (hospitalId: string) => HospitalBooking | undefined,
    private readonly log: Logger,
    private readonly opts: ReconcilerOptions,
  ) {
    this.now = opts.now ?? (() => new Date());
    this.job = new PeriodicJob(() => this.run(), {
      intervalMs: opts.intervalMs ?? 15_000,
      onError: (err) => this.log.warn({ err: err.message }, 'reconcile run failed'),
      gate: opts.gate,
    });
  }

  start(): void {
    this.job.start({ runNow: true });
  }

  stop(): Promise<void> {
    return this.job.stop();
  }

  /** Concurrent callers share one run. */
  runOnce(): Promise<ReconcileReport> {
    return this.job.runOnce();
  }

  private async run(): Promise<ReconcileReport> {
    const report: ReconcileReport = { confirmed: 0, failed: 0, stillUnknown: 0, orphanClaims: 0 };
    const now = this.now();
    const due = await this.models.Pending.find({ checkAfter: { $lte: now } })
      .lean<PendingBookingDoc[]>()
      .exec();
    for (const pending of due) {
      try {
        const outcome = await this.settleOne(pending, now);
        report[outcome] += 1;
      } catch (err) {
        report.stillUnknown += 1;
        this.log.warn({ bookingId: pending._id, err: (err as Error).message }, 'reconcile failed');
      }
    }
    report.orphanClaims = await this.removeOrphanClaims(now);
    if (due.length > 0 || report.orphanClaims > 0) this.log.info(report, 'bookings reconciled');
    return report;
  }

  private async settleOne(
    pending: PendingBookingDoc,
    now: Date,
  ): Promise<'confirmed' | 'failed' | 'stillUnknown'> {
    const settledAlready = await this.models.Booking.findById(pending._id).lean<BookingDoc>().exec();
    const doc = pending.draft;
    if (settledAlready || !doc || doc.status !== 'pending') {
      // Settled (the work-list entry outlived a crash), or an entry of an earlier version: its
      // claims, if any, are orphans the sweep below removes.
      await this.models.Pending.deleteOne({ _id: pending._id }).exec();
      return settledAlready?.status === 'confirmed' ? 'confirmed' : 'failed';
    }
    const hospital = this.hospitals(doc.hospitalId);
    let found: Awaited<ReturnType<HospitalBooking['lookup']>> | undefined;
    try {
      found = await hospital?.lookup(doc._id, AbortSignal.timeout(this.opts.timeoutMs));
    } catch (err) {
      await this.later(pending, now);
      this.log.warn({ bookingId: doc._id, err: (err as Error).message }, 'hospital look-up failed');
      return 'stillUnknown';
    }
    // Attended or no-show also means the hospital took the booking (the visit is recorded later).
    if (found?.found && found.status !== 'cancelled') {
      await this.bookings.settle(doc, { outcome: 'booked', hospitalBookingId: found.hospitalBookingId });
      return 'confirmed';
    }
    const waited = now.getTime() - new Date(pending.since).getTime();
    if (found?.found || waited >= (this.opts.giveUpAfterMs ?? 120_000) || !hospital) {
      // Cancelled there, or never arrived: nothing is booked; release what we hold.
      await this.bookings.settle(doc, {
        outcome: 'rejected',
        reason: 'other',
        message: found?.found ? 'cancelled at the hospital' : 'the hospital never received it',
      });
      return 'failed';
    }
    await this.later(pending, now);
    return 'stillUnknown';
  }

  private async later(pending: PendingBookingDoc, now: Date): Promise<void> {
    const backoff = Math.min(60_000, 2_000 * 2 ** pending.attempts);
    await this.models.Pending.updateOne(
      { _id: pending._id },
      { $set: { checkAfter: new Date(now.getTime() + backoff), attempts: pending.attempts + 1 } },
    ).exec();
  }

  /**
   * Claims older than `orphanAfterMs` whose booking does not exist or no longer holds them. Only
   * claims that came of age since the last sweep are read, by their minute (an index): a claim
   * checked once with its booking behind it stays held by that booking until the booking ends it.
   * Each sweep overlaps the last by two minutes, for claims written with a lagging clock.
   */
  private async removeOrphanClaims(now: Date): Promise<number> {
    const before = new Date(now.getTime() - (this.opts.orphanAfterMs ?? 60_000));
    const from = this.sweptUntil
      ? new Date(this.sweptUntil.getTime() - 2 * 60_000)
      : new Date(before.getTime() - (this.opts.orphanLookBackMs ?? 24 * 3_600_000));
    let removed = 0;
    const minutes = minutesBetween(from, before);
    for (let i = 0; i < minutes.length; i += MINUTES_PER_QUERY) {
      const old = await this.models.Claim.find({
        createdMinute: { $in: minutes.slice(i, i + MINUTES_PER_QUERY) },
        createdAt: { $lt: before },
      })
        .lean<BookingClaimDoc[]>()
        .exec();
      removed += await this.removeUnheld(old);
      removed += await this.releaseEnded(minutes.slice(i, i + MINUTES_PER_QUERY));
    }
    this.sweptUntil = before;
    return removed;
  }

  /** Claims still held by bookings that ended in these minutes (a crash between end and release). */
  private async releaseEnded(minutes: string[]): Promise<number> {
    const ended = await this.models.Booking.find({ endedMinute: { $in: minutes } }, { claims: 1 })
      .lean<Pick<BookingDoc, '_id' | 'claims'>[]>()
      .exec();
    let removed = 0;
    for (const b of ended) {
      if (b.claims.length === 0) continue;
      const res = await this.models.Claim.deleteMany({ _id: { $in: b.claims }, bookingId: b._id }).exec();
      removed += res.deletedCount ?? 0;
    }
    return removed;
  }

  private async removeUnheld(claims: BookingClaimDoc[]): Promise<number> {
    let removed = 0;
    for (let i = 0; i < claims.length; i += IDS_PER_QUERY) {
      const chunk = claims.slice(i, i + IDS_PER_QUERY);
      const ids = [...new Set(chunk.map((c) => c.bookingId))];
      const [bookings, pending] = await Promise.all([
        this.models.Booking.find({ _id: { $in: ids } }, { claims: 1, status: 1 })
          .lean<Pick<BookingDoc, '_id' | 'claims' | 'status'>[]>()
          .exec(),
        this.models.Pending.find({ _id: { $in: ids } }, { _id: 1 })
          .lean<{ _id: string }[]>()
          .exec(),
      ]);
      const byId = new Map(bookings.map((b) => [b._id, b]));
      const starting = new Set(pending.map((p) => p._id));
      for (const claim of chunk) {
        const booking = byId.get(claim.bookingId);
        const live =
          booking && booking.claims.includes(claim._id) && ['pending', 'confirmed'].includes(booking.status);
        if (live || (!booking && starting.has(claim.bookingId))) continue;
        await this.models.Claim.deleteOne({ _id: claim._id, bookingId: claim.bookingId }).exec();
        removed += 1;
      }
    }
    return removed;
  }
}
