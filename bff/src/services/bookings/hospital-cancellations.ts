import type { Logger } from '../../lib/logger';
import type {
  AlternativeSlot,
  BookingClaimDoc,
  BookingDoc,
  BookingModels,
  OutboxEntry,
} from '../../models/bookings';
import type { IndexedSlot } from '../../models/slots';
import { NO_DEPARTMENT, type SlotIndex } from '../slots/slot-index';
import { serviceNameOf, statusAt } from '../slots/slot-view';
import type { BookingService } from './booking-service';
import { dayOf } from '../../models/time-buckets';

const ALTERNATIVES = 3;

/**
 * 停诊: when a poll or push brings slots whose session the hospital cancelled, the bookings on
 * them become cancelled_by_hospital (once each), their claims are released, and the resident is
 * told, with the nearest bookable periods of the same doctor (else the department) to rebook.
 */
export class HospitalCancellations {
  constructor(
    private readonly models: BookingModels,
    private readonly bookings: BookingService,
    private readonly index: SlotIndex,
    private readonly log: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async onSlots(docs: readonly IndexedSlot[]): Promise<number> {
    const cancelled = docs.filter((d) => d.status === 'cancelled').map((d) => d._id);
    if (cancelled.length === 0) return 0;
    const claims = await this.models.Claim.find({ slotId: { $in: cancelled } }, { bookingId: 1 })
      .lean<BookingClaimDoc[]>()
      .exec();
    let ended = 0;
    for (const bookingId of new Set(claims.map((c) => c.bookingId))) {
      try {
        if (await this.cancelOne(bookingId)) ended += 1;
      } catch (err) {
        this.log.warn({ bookingId, err: (err as Error).message }, '停诊 handling failed');
      }
    }
    return ended;
  }

  private async cancelOne(bookingId: string): Promise<boolean> {
    const doc = await this.models.Booking.findById(bookingId).lean<BookingDoc>().exec();
    // Only settled bookings are stored (a pending one is still a draft the reconciler settles).
    if (!doc || doc.status !== 'confirmed') return false;
    if (!(await this.bookings.claims.transition(bookingId, 'hospital_cancel'))) return false;
    const now = this.now();
    const notice: OutboxEntry = {
      kind: 'hospital_cancelled',
      dueAt: now,
      state: 'pending',
      attempts: 0,
      lastError: null,
      sentAt: null,
    };
    const ended = await this.bookings.end(
      { ...doc, alternatives: this.alternatives(doc, now) },
      'cancelled_by_hospital',
      'session cancelled by the hospital (停诊)',
    );
    await this.models.Booking.updateOne(
      { _id: bookingId },
      { $set: { outbox: [...ended.outbox, notice], noticeDay: dayOf(now) } },
    ).exec();
    this.log.info({ bookingId, hospitalId: doc.hospitalId }, 'booking cancelled by the hospital');
    return true;
  }

  /** Same doctor first, then the department; bookable now; earliest first. */
  private alternatives(doc: BookingDoc, now: Date): AlternativeSlot[] {
    const open = this.index
      .department(doc.hospitalId, doc.departmentId ?? NO_DEPARTMENT)
      .filter((s) => s._id !== doc.slotId && new Date(s.start) > now && statusAt(s, now) === 'available');
    const byStart = (a: IndexedSlot, b: IndexedSlot) =>
      new Date(a.start).getTime() - new Date(b.start).getTime();
    const sameDoctor = open.filter((s) => s.doctorId === doc.doctorId).sort(byStart);
    const others = open.filter((s) => s.doctorId !== doc.doctorId).sort(byStart);
    return [...sameDoctor, ...others].slice(0, ALTERNATIVES).map((s) => ({
      id: s._id,
      doctorName: serviceNameOf(s),
      date: s.date,
      start: new Date(s.start),
      end: new Date(s.end),
      remaining: s.remaining,
    }));
  }
}
