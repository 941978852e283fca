import { z } from 'zod';
import { IsoDateTime } from './common';
import { Slot } from './slots';

export const BookingStatusSchema = z.enum([
  'pending',
  'confirmed',
  'cancelled_by_patient',
  'cancelled_by_hospital',
  'attended',
  'no_show',
  'failed',
]);
export type BookingStatus = z.infer<typeof BookingStatusSchema>;

/** Bookings that hold a seat and count against the patient's limits. */
export const ACTIVE_BOOKING_STATUSES: readonly BookingStatus[] = ['pending', 'confirmed'];

const SlotIdParam = z
  .string()
  .min(3)
  .max(160)
  .regex(/^[a-z0-9][a-z0-9-]{1,39}:[A-Za-z0-9._-]{1,100}$/, 'expected a slot id like hospital:source-id');
const PatientIdParam = z.string().regex(/^[A-Za-z0-9_-]{6,64}$/, 'expected a patient id');

/** Idempotency-Key header: 8–64 URL-safe characters (a UUID fits). */
export const IdempotencyKey = z
  .string()
  .regex(/^[A-Za-z0-9_-]{8,64}$/, 'expected 8–64 letters, digits, - or _');

export const BookingCreate = z.object({ slotId: SlotIdParam, patientId: PatientIdParam }).strict();
export type BookingCreate = z.infer<typeof BookingCreate>;

export const BookingRebook = z.object({ slotId: SlotIdParam }).strict();
export type BookingRebook = z.infer<typeof BookingRebook>;

export const BookingListQuery = z
  .object({
    status: z.enum(['active', 'past', 'cancelled', 'all']).default('all'),
  })
  .strict();
export type BookingListQuery = z.infer<typeof BookingListQuery>;

export const Booking = z.object({
  id: z.string(),
  status: BookingStatusSchema,
  /** Set while the hospital's answer is not known yet (a timeout); the reconciler settles it. */
  awaitingHospital: z.boolean(),
  patient: z.object({ id: z.string(), name: z.string().describe('masked'), relation: z.string() }),
  slot: Slot.pick({
    id: true,
    hospitalId: true,
    departmentId: true,
    departmentCode: true,
    doctorId: true,
    doctorName: true,
    date: true,
    start: true,
    end: true,
    feeFen: true,
  }),
  hospitalName: z.string(),
  departmentName: z.string(),
  hospitalBookingId: z.string().nullable(),
  cancellableUntil: IsoDateTime.nullable(),
  failureCode: z.string().nullable().describe('Why a failed booking failed (an error code)'),
  /** After 停诊: the nearest alternatives of the same doctor, else the department. */
  alternatives: z.array(
    Slot.pick({ id: true, doctorName: true, date: true, start: true, end: true, remaining: true }),
  ),
  rebookedAs: z.string().nullable(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export type Booking = z.infer<typeof Booking>;

export const BookingListResponse = z.object({ items: z.array(Booking) });
export type BookingListResponse = z.infer<typeof BookingListResponse>;
