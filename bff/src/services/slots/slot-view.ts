import { DEFAULT_SERVICE_NAME } from '@jiankang/shared';
import type { BookingMode, Doctor, FeedLocation, Slot, SlotBooking, SlotStatus } from '@jiankang/shared';
import type { IndexedSlot } from '../../models/slots';

/**
 * The status a resident should see now: a period whose release time has passed is bookable even
 * before the next poll notices (the feed said when it would open).
 */
export function statusAt(
  doc: Pick<IndexedSlot, 'status' | 'releaseAt' | 'remaining'>,
  now: Date,
): SlotStatus {
  if (doc.status === 'not_released' && doc.releaseAt && new Date(doc.releaseAt) <= now) {
    return doc.remaining > 0 ? 'available' : 'full';
  }
  return doc.status;
}

/** What a hospital's slots need from outside the slot itself. */
export interface SlotFacts {
  bookingMode: BookingMode;
  locations: ReadonlyMap<string, FeedLocation>;
}

export const NO_FACTS: SlotFacts = { bookingMode: 'here', locations: new Map() };

/** How the resident books this slot: here, or on the hospital's page / by its phone. */
export function bookingOf(
  doc: Pick<IndexedSlot, 'bookingLink' | 'bookingPhone'>,
  mode: BookingMode,
): SlotBooking {
  return { mode, link: doc.bookingLink ?? null, phone: doc.bookingPhone ?? null };
}

/** The row a schedule shows the slot under: the doctor, or the service when the feed names none. */
export function rowOf(doc: Pick<IndexedSlot, 'doctorId' | 'scheduleId' | 'serviceName'>): {
  key: string;
  kind: 'doctor' | 'service';
} {
  return doc.doctorId
    ? { key: doc.doctorId, kind: 'doctor' }
    : { key: `service:${doc.scheduleId}`, kind: 'service' };
}

/** The name a slot is shown under: the doctor's, else the service's (普通门诊 when unnamed). */
export function serviceNameOf(doc: Pick<IndexedSlot, 'doctorName' | 'serviceName'>, doctor?: Doctor): string {
  return doc.doctorName || doctor?.name || doc.serviceName || DEFAULT_SERVICE_NAME;
}

/** A stored slot as the API shows it; the doctor's title comes from the directory. */
export function toSlot(
  doc: IndexedSlot,
  doctor: Doctor | undefined,
  now: Date,
  facts: SlotFacts = NO_FACTS,
): Slot {
  const location = doc.locationId ? facts.locations.get(doc.locationId) : undefined;
  return {
    id: doc._id,
    hospitalId: doc.hospitalId,
    departmentId: doc.departmentId ?? null,
    departmentCode: doc.departmentCode ?? null,
    doctorId: doc.doctorId ?? null,
    doctorName: doc.doctorId ? doc.doctorName || doctor?.name || '' : null,
    doctorTitle: doctor?.title ?? null,
    serviceName: serviceNameOf(doc, doctor),
    location: location ? { id: location.id, name: location.name, address: location.address ?? null } : null,
    date: doc.date,
    start: new Date(doc.start).toISOString(),
    end: new Date(doc.end).toISOString(),
    capacity: doc.capacity,
    remaining: doc.remaining,
    status: statusAt(doc, now),
    feeFen: doc.feeFen ?? null,
    ...(doc.releaseAt && { releaseAt: new Date(doc.releaseAt).toISOString() }),
    booking: bookingOf(doc, facts.bookingMode),
    source: { kind: doc.kind, fetchedAt: new Date(doc.fetchedAt).toISOString() },
  };
}
