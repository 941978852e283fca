import { isoBeijing } from './beijing-time';
import type { SlotBook } from './slot-book';
import type { AppointmentPatient, FeedSlot, SimAppointment, VisitOutcome } from './types';

/** Why a hospital refuses a booking, before each protocol words it its own way. */
export type BookingRefusal =
  | 'slot_full'
  | 'not_released'
  | 'cancelled'
  | 'in_past'
  | 'no_slot'
  /** The reference is already used for another slot. */
  | 'reference_conflict';

export type BookOutcome =
  | { ok: true; appointment: SimAppointment; created: boolean }
  | { ok: false; reason: BookingRefusal; message: string };

export type CancelOutcome =
  | { ok: true; appointment: SimAppointment; changed: boolean }
  | { ok: false; reason: 'not_found'; message: string };

export interface BookingRequest {
  sourceSlotId: string;
  reference: string;
  patient: AppointmentPatient;
}

/** Checks shared by the three protocols; the first problem, or undefined. */
export function bookingRequestProblem(req: {
  sourceSlotId?: unknown;
  reference?: unknown;
  patient?: { masterId?: unknown; name?: unknown; phone?: unknown };
}): string | undefined {
  const text = (v: unknown, re: RegExp) => typeof v === 'string' && re.test(v);
  if (!text(req.sourceSlotId, /^[A-Za-z0-9.-]{1,64}$/)) return 'slot id is missing or malformed';
  if (!text(req.reference, /^[A-Za-z0-9._:-]{1,64}$/)) return 'reference is missing or malformed';
  if (!text(req.patient?.masterId, /^[A-Za-z0-9-]{1,64}$/))
    return 'patient master id is missing or malformed';
  if (!text(req.patient?.name, /^\S(.{0,48}\S)?$/u)) return 'patient name is missing';
  if (req.patient?.phone !== undefined && !text(req.patient.phone, /^\+?[0-9][0-9 -]{4,19}$/))
    return 'patient phone is malformed';
  return undefined;
}

/**
 * The hospital's appointments (预约). Seats come from the SlotBook only, so capacity has one truth;
 * every call is synchronous, so concurrent requests cannot both take the last seat. Idempotent by
 * the caller's reference: booking it again returns the appointment it already made.
 */
export class AppointmentBook {
  private byId = new Map<string, SimAppointment>();
  private byReference = new Map<string, SimAppointment>();
  /** Never reset, so an id is never reused within one simulator's life. */
  private seq = 0;

  constructor(
    private readonly slots: SlotBook,
    private readonly now: () => Date,
    /** The hospital's own appointment id for the n-th appointment. */
    private readonly idOf: (seq: number, nowMs: number) => string,
    /** A seat was taken or given back: the feeds and the push see it. */
    private readonly seats: { take(id: string): FeedSlot; free(id: string): FeedSlot },
  ) {}

  book(req: BookingRequest): BookOutcome {
    const existing = this.byReference.get(req.reference);
    if (existing) {
      if (existing.sourceSlotId !== req.sourceSlotId)
        return {
          ok: false,
          reason: 'reference_conflict',
          message: `reference ${req.reference} is already used for slot ${existing.sourceSlotId}`,
        };
      return { ok: true, appointment: { ...existing }, created: false };
    }
    const nowMs = this.now().getTime();
    const slot = this.slots.get(req.sourceSlotId);
    const refusal = refusalOf(slot, req.sourceSlotId, nowMs);
    if (refusal) return { ok: false, ...refusal };
    const taken = this.seats.take(req.sourceSlotId);
    this.seq += 1;
    const at = isoBeijing(nowMs, true);
    const appointment: SimAppointment = {
      id: this.idOf(this.seq, nowMs),
      reference: req.reference,
      sourceSlotId: req.sourceSlotId,
      start: taken.start,
      end: taken.end,
      doctorCode: taken.doctorCode,
      doctorName: taken.doctorName,
      deptName: taken.deptName,
      patient: { ...req.patient },
      status: 'booked',
      createdAt: at,
      updatedAt: at,
      version: 1,
    };
    this.byId.set(appointment.id, appointment);
    this.byReference.set(appointment.reference, appointment);
    return { ok: true, appointment: { ...appointment }, created: true };
  }

  /** Cancels and gives the seat back; cancelling a cancelled appointment changes nothing. */
  cancel(by: { reference: string } | { id: string }): CancelOutcome {
    const appointment = 'id' in by ? this.byId.get(by.id) : this.byReference.get(by.reference);
    if (!appointment)
      return {
        ok: false,
        reason: 'not_found',
        message: `no appointment ${'id' in by ? by.id : by.reference}`,
      };
    // Cancelled already, or the visit is over: nothing changes (and no seat comes back).
    if (appointment.status !== 'booked') return { ok: true, appointment: { ...appointment }, changed: false };
    const nowMs = this.now().getTime();
    appointment.status = 'cancelled';
    appointment.cancelledAt = isoBeijing(nowMs, true);
    appointment.updatedAt = appointment.cancelledAt;
    appointment.version += 1;
    const slot = this.slots.get(appointment.sourceSlotId);
    // A 停诊 session or a period that left the window has no seat to give back.
    if (slot && slot.status !== 'cancelled' && slot.remaining < slot.capacity)
      this.seats.free(appointment.sourceSlotId);
    return { ok: true, appointment: { ...appointment }, changed: true };
  }

  /** What the registration desk records after the visit time: came (fulfilled) or not (noshow). */
  recordVisit(reference: string, outcome: VisitOutcome): SimAppointment | undefined {
    const appointment = this.byReference.get(reference);
    if (!appointment || appointment.status === 'cancelled') return undefined;
    appointment.status = outcome;
    appointment.updatedAt = isoBeijing(this.now().getTime(), true);
    appointment.version += 1;
    return { ...appointment };
  }

  byRef(reference: string): SimAppointment | undefined {
    const a = this.byReference.get(reference);
    return a && { ...a };
  }

  get(id: string): SimAppointment | undefined {
    const a = this.byId.get(id);
    return a && { ...a };
  }

  list(): SimAppointment[] {
    return [...this.byId.values()].map((a) => ({ ...a, patient: { ...a.patient } }));
  }

  reset(): void {
    this.byId.clear();
    this.byReference.clear();
  }
}

function refusalOf(
  slot: FeedSlot | undefined,
  id: string,
  nowMs: number,
): { reason: BookingRefusal; message: string } | undefined {
  if (!slot) return { reason: 'no_slot', message: `no slot ${id}` };
  if (Date.parse(slot.start) <= nowMs)
    return { reason: 'in_past', message: `slot ${id} started at ${slot.start}` };
  if (slot.status === 'cancelled') return { reason: 'cancelled', message: `slot ${id} is cancelled (停诊)` };
  if (!slot.released)
    return { reason: 'not_released', message: `slot ${id} is not released until ${slot.releaseAt}` };
  if (slot.remaining < 1) return { reason: 'slot_full', message: `slot ${id} is full` };
  return undefined;
}
