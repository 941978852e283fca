import type { TurnGate } from '../../lib/periodic-job';
import type { Logger } from '../../lib/logger';
import { PeriodicJob } from '../../lib/periodic-job';
import type { BookingDoc, BookingModels } from '../../models/bookings';
import { isDuplicateKey } from '../../models/push';
import type { BookingService } from './booking-service';
import type { HospitalBooking } from './ports';
import { beijingDaysBetween } from '../../models/time-buckets';

export interface VisitOutcomeOptions {
  /** Whether this replica runs the scheduled passes (see Leases); default always. */
  gate?: TurnGate;
  /** How often past visits are looked up; default 10 min. */
  intervalMs: number;
  /** The desk records a visit some time after it; ask only this long after the period ended. */
  graceMs: number;
  /** Past this the hospital is not asked any more (the booking stays confirmed). */
  lookBackMs: number;
  timeoutMs: number;
  now?: () => Date;
}

export interface VisitOutcomeReport {
  attended: number;
  noShow: number;
  cancelledByHospital: number;
  notRecorded: number;
  failed: number;
}

/**
 * After the visit: asks the hospital whether a confirmed booking was attended (就诊) or missed
 * (爽约), ends the booking in that state (which frees its active-booking claim) and records each
 * no-show by unique insert, so the ban rule counts it once however many replicas see it. Two
 * replicas settling the same visit write the same state, so no once-only claim is needed (a
 * claim taken before a crash would leave the visit unsettled for good).
 */
export class VisitOutcomes {
  private readonly job: PeriodicJob<VisitOutcomeReport>;
  private readonly now: () => Date;

  constructor(
    private readonly models: BookingModels,
    private readonly bookings: BookingService,
    private readonly hospitals: (hospitalId: string) => HospitalBooking | undefined,
    private readonly log: Logger,
    private readonly opts: VisitOutcomeOptions,
  ) {
    this.now = opts.now ?? (() => new Date());
    this.job = new PeriodicJob(() => this.run(), {
      intervalMs: opts.intervalMs,
      onError: (err) => this.log.warn({ err: err.message }, 'visit outcome run failed'),
      gate: opts.gate,
    });
  }

  start(): void {
    this.job.start();
  }

  stop(): Promise<void> {
    return this.job.stop();
  }

  /** One pass as if the clock said `at` (tests move time instead of waiting a day). */
  runOnce(at?: Date): Promise<VisitOutcomeReport> {
    return this.job.runOnce(() => this.run(at));
  }

  private async run(at: Date = this.now()): Promise<VisitOutcomeReport> {
    const report: VisitOutcomeReport = {
      attended: 0,
      noShow: 0,
      cancelledByHospital: 0,
      notRecorded: 0,
      failed: 0,
    };
    const now = at.getTime();
    // By the visit's day (an index), not by `end` alone: a range would read every booking ever made.
    const due = await this.models.Booking.find({
      date: { $in: beijingDaysBetween(new Date(now - this.opts.lookBackMs), at) },
      status: 'confirmed',
      end: { $lt: new Date(now - this.opts.graceMs), $gt: new Date(now - this.opts.lookBackMs) },
    })
      .lean<BookingDoc[]>()
      .exec();
    for (const doc of due) {
      try {
        report[await this.settleVisit(doc)] += 1;
      } catch (err) {
        report.failed += 1;
        this.log.warn({ bookingId: doc._id, err: (err as Error).message }, 'visit look-up failed');
      }
    }
    if (due.length > 0) this.log.info(report, 'visit outcomes');
    return report;
  }

  private async settleVisit(doc: BookingDoc): Promise<Exclude<keyof VisitOutcomeReport, 'failed'>> {
    const hospital = this.hospitals(doc.hospitalId);
    if (!hospital) return 'notRecorded';
    const found = await hospital.lookup(doc._id, AbortSignal.timeout(this.opts.timeoutMs));
    if (!found.found || found.status === 'booked') return 'notRecorded';
    if (found.status === 'cancelled') {
      await this.bookings.end(doc, 'cancelled_by_hospital', 'cancelled at the hospital');
      return 'cancelledByHospital';
    }
    if (found.status === 'attended') {
      await this.bookings.end(doc, 'attended', 'visit recorded by the hospital');
      return 'attended';
    }
    try {
      await this.models.NoShow.create({
        _id: `${doc.patientId}#${doc._id}`,
        patientId: doc.patientId,
        hospitalId: doc.hospitalId,
        at: doc.start,
      });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
    await this.bookings.end(doc, 'no_show', 'no-show recorded by the hospital (爽约)');
    return 'noShow';
  }
}
