import { randomBytes } from 'node:crypto';
import {
  DEFAULT_SERVICE_NAME,
  type Booking,
  type BookingCreate,
  type BookingListQuery,
} from '@jiankang/shared';
import { beijingDate, fromBeijing, addDays } from '@jiankang/shared/domain';
import { AppError } from '../../lib/app-error';
import type { Logger } from '../../lib/logger';
import type {
  BookingClaimDoc,
  BookingDoc,
  BookingModels,
  NoShowDoc,
  OutboxEntry,
  PendingBookingDoc,
} from '../../models/bookings';
import { isDuplicateKey } from '../../models/push';
import type { IndexedSlot } from '../../models/slots';
import type { DirectoryStore } from '../directory-store';
import type { SlotIndex } from '../slots/slot-index';
import { serviceNameOf, statusAt } from '../slots/slot-view';
import { cancellableUntil, noShowBanUntil, slotRefusal, type BookingRules } from './booking-rules';
import { toBookingView } from './booking-view';
import { activeClaimId, Claims, dayClaimId, seatClaimId } from './claims';
import { isUnreleased, notReleasedError } from './release-gate';
import { SeatGate } from './seat-gate';
import type { BookOutcome, HospitalBooking, PatientLookup } from './ports';
import { minuteOf } from '../../models/time-buckets';

export interface BookingServiceOptions {
  rulesFor: (hospitalId: string) => BookingRules;
  /** The whole hospital booking call; past it the outcome is unknown and the reconciler settles it. */
  hospitalTimeoutMs: number;
  reminders: { eveningHour: number; hourBeforeMinutes: number };
  now?: () => Date;
}

export interface CreateResult {
  /** 201 confirmed; 202 the hospital's answer is not known yet (awaitingHospital). */
  status: 201 | 202;
  booking: Booking;
}

const REJECTION_CODE = {
  slot_full: 'SLOT_FULL',
  not_released: 'SLOT_NOT_RELEASED',
  cancelled: 'SLOT_CANCELLED',
  in_past: 'SLOT_IN_PAST',
  other: 'HOSPITAL_REJECTED',
} as const;

const ACTIVE = new Set(['pending', 'confirmed']);

export const newBookingId = () => `bk${randomBytes(12).toString('base64url')}`;

/**
 * Booking with the hospital keeping the final word: local claims by unique insert (per patient
 * per department per day, active count, seat), then the hospital's own booking call with our
 * booking id as its reference, then settle. A lost answer leaves the booking pending for the
 * reconciler, which asks the hospital by reference; nothing is ever booked twice because the
 * hospital is idempotent by reference and every local decision is an insert.
 */
export class BookingService {
  readonly claims: Claims;
  /** Keeps a crowd on one slot from hammering the database for an answer already known. */
  private readonly gate = new SeatGate();
  private readonly now: () => Date;

  constructor(
    private readonly models: BookingModels,
    private readonly index: SlotIndex,
    private readonly store: DirectoryStore,
    private readonly patients: PatientLookup,
    private readonly hospitals: (hospitalId: string) => HospitalBooking | undefined,
    private readonly log: Logger,
    private readonly opts: BookingServiceOptions,
  ) {
    this.now = opts.now ?? (() => new Date());
    this.claims = new Claims(models, this.now);
  }

  /**
   * The 放号 gate, for the route to ask before anything is written (idempotency key, claims): a
   * period held in memory that is not released yet, or whose seats this process just found all
   * taken, is refused from memory alone, so a crowd tapping before the release or after the last
   * seat costs no database read or write. Both are public facts of the slot (the schedule shows
   * them), so they may come before the patient is looked up. create() asks again.
   */
  private memoryRefusal(slotId: string, onArrival: boolean): AppError | undefined {
    const slot = this.index.slot(slotId);
    const now = this.now();
    if (slot && isUnreleased(slot, now)) return notReleasedError(slot, now);
    const full = onArrival ? this.gate.refuseOnArrival(slotId) : this.gate.knownFull(slotId);
    if (full) return new AppError('SLOT_FULL', refusalMessage('SLOT_FULL'));
    return undefined;
  }

  /**
   * A booking request's database part (`work`: idempotency key, claims, hospital call) in its
   * turn for the slot (SeatGate.admit): in a 放号 crowd the requests beyond the turn wait in
   * memory, not in the database's write queue, and are refused from memory when the seats went
   * meanwhile. A retry of a request already answered gets that answer (`replay`, reads only),
   * never a SLOT_FULL from memory.
   */
  async inTurn<T>(
    slotId: string,
    work: () => Promise<T>,
    replay: () => Promise<T | null>,
    patientId?: string,
  ): Promise<T> {
    const refused = async (refusal: AppError) => {
      // Before 放号 nothing can have been answered with a booking: no read at all then. After,
      // only a patient among the seats' holders can be retrying a request that got one.
      const mayBeRetry = refusal.code === 'SLOT_FULL' && this.gate.mayHoldSeat(slotId, patientId);
      const earlier = mayBeRetry ? await replay() : null;
      if (earlier) return earlier;
      throw refusal;
    };
    const refusal = this.memoryRefusal(slotId, true);
    if (refusal) return refused(refusal);
    // A turn that comes after the seats went is handed on at once; the replay read is outside it.
    const turn = await this.gate.admit(slotId, async (): Promise<{ late: AppError } | { done: T }> => {
      const late = this.memoryRefusal(slotId, false);
      return late ? { late } : { done: await work() };
    });
    return 'late' in turn ? refused(turn.late) : turn.done;
  }

  async create(
    accountId: string,
    input: BookingCreate,
    bookingId: string,
    extra: { rebookOf?: string; resumed?: boolean } = {},
  ): Promise<CreateResult> {
    // A re-run of a booking id that may be stored already (a retry after a crash or a lost
    // answer). Only then: on FerretDB a look-up of an absent id reads the whole collection.
    if (extra.resumed) {
      const existing = await this.find(bookingId);
      if (existing) return this.answer(existing);
    }

    const now = this.now();
    const patient = await this.patients.forBooking(accountId, input.patientId);
    const slot = await this.index.require(input.slotId);
    const hospital = this.hospitals(slot.hospitalId);
    if (!hospital) {
      // The slot's booking link and phone (GET /slots/{id}) say where to go instead.
      throw new AppError('BOOK_AT_HOSPITAL', 'This hospital takes bookings only on its own page or by phone');
    }
    const refusal = slotRefusal(
      { status: statusAt(slot, now), start: new Date(slot.start), remaining: slot.remaining },
      now,
    );
    if (refusal === 'SLOT_NOT_RELEASED') throw notReleasedError(slot, now);
    if (refusal) throw new AppError(refusal, refusalMessage(refusal));
    if (this.gate.knownFull(slot._id)) throw new AppError('SLOT_FULL', refusalMessage('SLOT_FULL'));
    const rules = this.opts.rulesFor(slot.hospitalId);
    await this.checkNoShowBan(patient.id, rules, now);

    const held = await this.gate.run(slot._id, () => {
      // Asked again after the wait: the turn ahead may have found the last seat gone.
      if (this.gate.knownFull(slot._id)) throw new AppError('SLOT_FULL', refusalMessage('SLOT_FULL'));
      return this.takeClaims(bookingId, patient.id, slot, rules);
    });
    const directory = this.store.hospital(slot.hospitalId);
    const doc: BookingDoc = {
      _id: bookingId,
      accountId,
      patientId: patient.id,
      patientName: patient.maskedName,
      patientRelation: patient.relation,
      slotId: slot._id,
      sourceSlotId: slot.sourceId,
      hospitalId: slot.hospitalId,
      hospitalName: directory?.name ?? slot.hospitalId,
      ...(slot.departmentId && { departmentId: slot.departmentId }),
      ...(slot.departmentCode && { departmentCode: slot.departmentCode }),
      departmentName:
        directory?.departments.find((d) => d.id === slot.departmentId)?.name ??
        slot.serviceName ??
        slot.departmentCode ??
        DEFAULT_SERVICE_NAME,
      ...(slot.doctorId && { doctorId: slot.doctorId }),
      doctorName: serviceNameOf(slot),
      sessionId: slot.sessionId,
      date: slot.date,
      start: new Date(slot.start),
      end: new Date(slot.end),
      ...(slot.feeFen !== undefined && { feeFen: slot.feeFen }),
      status: 'pending',
      awaitingHospital: true,
      hospitalBookingId: null,
      failureCode: null,
      cancellableUntil: cancellableUntil(new Date(slot.start), rules),
      claims: held,
      alternatives: [],
      rebookOf: extra.rebookOf ?? null,
      rebookedAs: null,
      outbox: [],
      history: [{ status: 'pending', at: now, note: 'claimed locally' }],
      createdAt: now,
      updatedAt: now,
    };
    try {
      // Before the hospital is asked: a crash after this is found and settled by the reconciler.
      await this.models.Pending.create({
        _id: bookingId,
        accountId,
        since: now,
        checkAfter: new Date(now.getTime() + this.opts.hospitalTimeoutMs),
        attempts: 0,
        draft: doc,
      });
    } catch (err) {
      await this.claims.release(held, bookingId);
      throw err;
    }
    return this.askHospital(doc, hospital, patient);
  }

  async get(accountId: string, bookingId: string): Promise<Booking> {
    return toBookingView(await this.owned(accountId, bookingId));
  }

  async list(accountId: string, query: BookingListQuery): Promise<Booking[]> {
    const [settled, pending] = await Promise.all([
      this.models.Booking.find({ accountId }).lean<BookingDoc[]>().exec(),
      this.models.Pending.find({ accountId }).lean<PendingBookingDoc[]>().exec(),
    ]);
    const known = new Set(settled.map((d) => d._id));
    const docs = [...settled, ...pending.flatMap((p) => (p.draft && !known.has(p._id) ? [p.draft] : []))];
    const now = this.now().getTime();
    const keep = (d: BookingDoc) => {
      const upcoming = new Date(d.end).getTime() > now;
      if (query.status === 'active') return ACTIVE.has(d.status) && upcoming;
      if (query.status === 'cancelled') return d.status.startsWith('cancelled');
      if (query.status === 'past') return !ACTIVE.has(d.status) || !upcoming;
      return true;
    };
    return docs
      .filter(keep)
      .sort((a, b) => new Date(b.start).getTime() - new Date(a.start).getTime())
      .map(toBookingView);
  }

  /**
   * After 停诊: books `slotId` for the same patient in one step, once per cancelled booking (a
   * `rebook` transition; released again if the new booking is refused so another slot can be tried).
   */
  async rebook(
    accountId: string,
    fromId: string,
    slotId: string,
    bookingId: string,
    resumed = false,
  ): Promise<CreateResult> {
    const old = await this.owned(accountId, fromId);
    if (old.rebookedAs === bookingId)
      return this.create(accountId, { slotId, patientId: old.patientId }, bookingId, { resumed: true });
    if (old.status !== 'cancelled_by_hospital' || old.rebookedAs) {
      throw new AppError(
        'BOOKING_NOT_REBOOKABLE',
        'Only a booking cancelled by the hospital can be rebooked, once',
      );
    }
    if (!(await this.claims.transition(fromId, 'rebook'))) {
      throw new AppError('BOOKING_NOT_REBOOKABLE', 'This booking is being rebooked already');
    }
    try {
      const result = await this.create(accountId, { slotId, patientId: old.patientId }, bookingId, {
        rebookOf: fromId,
        resumed,
      });
      await this.models.Booking.updateOne(
        { _id: fromId },
        { $set: { rebookedAs: bookingId, updatedAt: this.now() } },
      ).exec();
      return result;
    } catch (err) {
      await this.models.Transition.deleteOne({ _id: `${fromId}#rebook` }).exec();
      throw err;
    }
  }

  /** Idempotent: a booking already cancelled by the patient answers as it is. */
  async cancel(accountId: string, bookingId: string): Promise<Booking> {
    const doc = await this.owned(accountId, bookingId);
    if (doc.status === 'cancelled_by_patient') return toBookingView(doc);
    if (doc.status !== 'confirmed') {
      throw new AppError('BOOKING_NOT_CANCELLABLE', `A ${doc.status} booking cannot be cancelled`);
    }
    if (this.now() > new Date(doc.cancellableUntil)) {
      throw new AppError('CANCEL_WINDOW_CLOSED', 'Online cancellation has closed for this visit');
    }
    if (!(await this.claims.transition(bookingId, 'cancel'))) {
      // Another request is cancelling it right now (or has): answer with what is stored.
      return toBookingView(await this.owned(accountId, bookingId));
    }
    const hospital = this.hospitals(doc.hospitalId);
    try {
      if (!hospital) throw new Error('no booking adapter');
      await hospital.cancel(bookingId, AbortSignal.timeout(this.opts.hospitalTimeoutMs));
    } catch (err) {
      // Not cancelled at the hospital: let the resident try again.
      await this.models.Transition.deleteOne({ _id: `${bookingId}#cancel` }).exec();
      this.log.warn(
        { bookingId, hospitalId: doc.hospitalId, err: (err as Error).message },
        'hospital cancel failed',
      );
      throw new AppError('UPSTREAM_UNAVAILABLE', 'The hospital could not be reached; try again shortly');
    }
    const ended = await this.end(doc, 'cancelled_by_patient', 'cancelled by the patient');
    return toBookingView(ended);
  }

  /** The booking a patient-facing id names, only within its account (anyone else's → 404). */
  async owned(accountId: string, bookingId: string): Promise<BookingDoc> {
    const doc = await this.find(bookingId);
    if (!doc || doc.accountId !== accountId)
      throw new AppError('BOOKING_NOT_FOUND', 'No booking with this id');
    return doc;
  }

  /** The settled booking, else the draft of one still waiting on the hospital. */
  async find(bookingId: string): Promise<BookingDoc | null> {
    const settled = await this.models.Booking.findById(bookingId).lean<BookingDoc>().exec();
    if (settled) return settled;
    const pending = await this.models.Pending.findById(bookingId).lean<PendingBookingDoc>().exec();
    return pending?.draft ?? null;
  }

  /**
   * Applies the hospital's answer to the pending `draft`, once: the settled booking is inserted,
   * so when the request and the reconciler race, the second insert is a duplicate and reads the
   * first one's result. Confirmed gets its reminders; failed releases every claim.
   */
  async settle(draft: BookingDoc, outcome: BookOutcome): Promise<BookingDoc> {
    const now = this.now();
    const next: BookingDoc =
      outcome.outcome === 'booked'
        ? {
            ...draft,
            status: 'confirmed',
            awaitingHospital: false,
            hospitalBookingId: outcome.hospitalBookingId,
            outbox: this.reminders(draft, now),
            history: [...draft.history, { status: 'confirmed', at: now, note: 'confirmed by the hospital' }],
            updatedAt: now,
          }
        : {
            ...draft,
            status: 'failed',
            awaitingHospital: false,
            failureCode: REJECTION_CODE[outcome.reason],
            history: [
              ...draft.history,
              { status: 'failed', at: now, note: `refused by the hospital: ${outcome.reason}` },
            ],
            updatedAt: now,
          };
    try {
      await this.models.Booking.create(next);
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      return (await this.models.Booking.findById(draft._id).lean<BookingDoc>().exec()) ?? next;
    }
    if (next.status === 'failed') {
      await this.claims.release(draft.claims, draft._id);
      if (draft.claims.some((c) => c.startsWith('seat#'))) this.gate.opened(draft.slotId);
      // The hospital has no seat left even if our claims said otherwise (other channels sell too).
      if (outcome.outcome === 'rejected' && outcome.reason === 'slot_full') this.gate.markFull(draft.slotId);
    }
    await this.models.Pending.deleteOne({ _id: draft._id }).exec();
    return next;
  }

  /** Ends a booking: new status, claims released, reminders not yet sent skipped. */
  async end(
    doc: BookingDoc,
    status: BookingDoc['status'],
    note: string,
    notices: OutboxEntry[] = [],
  ): Promise<BookingDoc> {
    const now = this.now();
    const next: BookingDoc = {
      ...doc,
      status,
      awaitingHospital: false,
      outbox: [
        ...doc.outbox.map((o) => (o.state === 'pending' ? { ...o, state: 'skipped' as const } : o)),
        ...notices,
      ],
      history: [...doc.history, { status, at: now, note }],
      endedMinute: minuteOf(now),
      updatedAt: now,
    };
    // Ended first, released second: a crash between leaves claims the reconciler finds by endedMinute.
    await this.models.Booking.replaceOne({ _id: doc._id }, next).exec();
    await this.claims.release(doc.claims, doc._id);
    if (doc.claims.some((c) => c.startsWith('seat#'))) this.gate.opened(doc.slotId);
    return next;
  }

  private async askHospital(
    doc: BookingDoc,
    hospital: HospitalBooking,
    patient: { masterId: string; name: string; phone: string },
  ): Promise<CreateResult> {
    let outcome: BookOutcome;
    try {
      outcome = await hospital.book(
        { sourceSlotId: doc.sourceSlotId, reference: doc._id, patient },
        AbortSignal.timeout(this.opts.hospitalTimeoutMs),
      );
    } catch (err) {
      // Unknown: the hospital may or may not have it. The reconciler asks by our reference.
      this.log.warn(
        { bookingId: doc._id, hospitalId: doc.hospitalId, err: (err as Error).message },
        'booking outcome unknown',
      );
      return { status: 202, booking: toBookingView(doc) };
    }
    const settled = await this.settle(doc, outcome);
    return this.answer(settled);
  }

  private answer(doc: BookingDoc): CreateResult {
    if (doc.status === 'failed') {
      const code = (doc.failureCode ?? 'HOSPITAL_REJECTED') as RejectionCode;
      throw new AppError(code, refusalMessage(code));
    }
    return { status: doc.status === 'pending' ? 202 : 201, booking: toBookingView(doc) };
  }

  private async checkNoShowBan(patientId: string, rules: BookingRules, now: Date): Promise<void> {
    const noShows = await this.models.NoShow.find({ patientId }).lean<NoShowDoc[]>().exec();
    const until = noShowBanUntil(
      noShows.map((n) => new Date(n.at)),
      rules.noShow,
      now,
    );
    if (until) {
      throw new AppError(
        'NO_SHOW_BANNED',
        `Booking is suspended until ${beijingDate(until)} after repeated no-shows`,
      );
    }
  }

  /**
   * Per day and department, active count, seat: all or none. First one batch of the day claim, a
   * random active number and a random seat (one insert when they are free, as they mostly are);
   * whatever that could not take is then tried number by number.
   */
  private async takeClaims(
    bookingId: string,
    patientId: string,
    slot: IndexedSlot,
    rules: BookingRules,
  ): Promise<string[]> {
    const owner = { bookingId, slotId: slot._id, patientId };
    const pick = (count: number) => 1 + Math.floor(Math.random() * count);
    // One visit per department a day; a service-level schedule counts as its own department.
    const day = dayClaimId(patientId, slot.date, slot.departmentId ?? `service:${slot.scheduleId}`);
    const activeId = (n: number) => activeClaimId(patientId, n);
    const seatId = (n: number) => seatClaimId(slot._id, n);
    const first = [day];
    if (rules.maxActivePerPatient >= 1) {
      first.push(activeId(pick(rules.maxActivePerPatient)));
      if (slot.capacity >= 1) first.push(seatId(pick(slot.capacity)));
    }
    const got = await this.claims.claimInOrder(first, owner);
    const held = first.slice(0, got);
    try {
      if (got === 0) {
        throw new AppError(
          'DUPLICATE_BOOKING',
          'This patient already has a booking in this department that day',
        );
      }
      if (got === 1) {
        const active =
          (await this.claims.claimOneOf(activeId, rules.maxActivePerPatient, owner)) ??
          ((await this.releaseLapsed(activeId, rules.maxActivePerPatient)) &&
            (await this.claims.claimOneOf(activeId, rules.maxActivePerPatient, owner)));
        if (!active) {
          throw new AppError(
            'TOO_MANY_ACTIVE_BOOKINGS',
            `A patient may hold at most ${rules.maxActivePerPatient} upcoming bookings`,
          );
        }
        held.push(active);
      }
      if (held.length === 2) {
        const holders = new Set<string>();
        const seat = await this.claims.claimOneOf(seatId, slot.capacity, owner, (h) =>
          holders.add(h.patientId),
        );
        if (!seat) {
          // Every seat's holder seen (one freed in between leaves it unknown, so retries read).
          this.gate.markFull(slot._id, holders.size === slot.capacity ? holders : undefined);
          throw new AppError('SLOT_FULL', refusalMessage('SLOT_FULL'));
        }
        held.push(seat);
        this.gate.seatFound(slot._id);
      }
      return held;
    } catch (err) {
      await this.claims.release(held, bookingId);
      throw err;
    }
  }

  /**
   * Frees active-booking claims held by bookings whose visit is over (or that ended without
   * releasing, e.g. a crash): "active" means upcoming, and a hospital that never reports the visit
   * must not lock the patient out. Only asked when every claim is held, so it is rare.
   */
  private async releaseLapsed(idOf: (n: number) => string, count: number): Promise<boolean> {
    const now = this.now().getTime();
    let freed = false;
    for (let n = 1; n <= count; n += 1) {
      const claim = await this.models.Claim.findById(idOf(n)).lean<BookingClaimDoc>().exec();
      if (!claim) continue;
      const holder = await this.models.Booking.findById(claim.bookingId, { status: 1, end: 1 })
        .lean<Pick<BookingDoc, 'status' | 'end'>>()
        .exec();
      // No booking yet is a booking being made right now (the reconciler clears true orphans).
      if (!holder) continue;
      if (ACTIVE.has(holder.status) && new Date(holder.end).getTime() > now) continue;
      await this.claims.release([claim._id], claim.bookingId);
      freed = true;
    }
    return freed;
  }

  /** The evening before (configured hour, Beijing) and shortly before, when still ahead. */
  private reminders(doc: BookingDoc, now: Date): OutboxEntry[] {
    const { eveningHour, hourBeforeMinutes } = this.opts.reminders;
    const evening = fromBeijing(addDays(doc.date, -1), `${String(eveningHour).padStart(2, '0')}:00`);
    const hourBefore = new Date(new Date(doc.start).getTime() - hourBeforeMinutes * 60_000);
    const entry = (kind: OutboxEntry['kind'], dueAt: Date): OutboxEntry => ({
      kind,
      dueAt,
      state: dueAt > now ? 'pending' : 'skipped',
      attempts: 0,
      lastError: null,
      sentAt: null,
    });
    return [entry('reminder_evening', evening), entry('reminder_hour', hourBefore)];
  }
}

type RejectionCode = (typeof REJECTION_CODE)[keyof typeof REJECTION_CODE];

const REJECTION_MESSAGES: Record<RejectionCode, string> = {
  SLOT_FULL: 'No seat left in this period (约满)',
  SLOT_NOT_RELEASED: 'This period is not released for booking yet',
  SLOT_CANCELLED: 'The doctor’s session is cancelled (停诊)',
  SLOT_IN_PAST: 'This period has already started',
  HOSPITAL_REJECTED: 'The hospital refused the booking',
};

function refusalMessage(code: RejectionCode): string {
  return REJECTION_MESSAGES[code];
}
