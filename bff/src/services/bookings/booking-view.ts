import type { Booking } from '@jiankang/shared';
import type { BookingDoc } from '../../models/bookings';

/** A stored booking as its resident sees it. */
export function toBookingView(doc: BookingDoc): Booking {
  return {
    id: doc._id,
    status: doc.status,
    awaitingHospital: doc.awaitingHospital,
    patient: { id: doc.patientId, name: doc.patientName, relation: doc.patientRelation },
    slot: {
      id: doc.slotId,
      hospitalId: doc.hospitalId,
      departmentId: doc.departmentId ?? null,
      departmentCode: doc.departmentCode ?? null,
      doctorId: doc.doctorId ?? null,
      doctorName: doc.doctorName,
      date: doc.date,
      start: new Date(doc.start).toISOString(),
      end: new Date(doc.end).toISOString(),
      feeFen: doc.feeFen ?? null,
    },
    hospitalName: doc.hospitalName,
    departmentName: doc.departmentName,
    hospitalBookingId: doc.hospitalBookingId,
    cancellableUntil: doc.status === 'confirmed' ? new Date(doc.cancellableUntil).toISOString() : null,
    failureCode: doc.failureCode,
    alternatives: doc.alternatives.map((a) => ({
      id: a.id,
      doctorName: a.doctorName,
      date: a.date,
      start: new Date(a.start).toISOString(),
      end: new Date(a.end).toISOString(),
      remaining: a.remaining,
    })),
    rebookedAs: doc.rebookedAs,
    createdAt: new Date(doc.createdAt).toISOString(),
    updatedAt: new Date(doc.updatedAt).toISOString(),
  };
}
