import type { Doctor, Slot, SlotStatus } from '@jiankang/shared';
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

/** A stored slot as the API shows it; the doctor's title comes from the directory. */
export function toSlot(doc: IndexedSlot, doctor: Doctor | undefined, now: Date): Slot {
  return {
    id: doc._id,
    hospitalId: doc.hospitalId,
    departmentId: doc.departmentId,
    departmentCode: doc.departmentCode,
    doctorId: doc.doctorId,
    doctorName: doc.doctorName || doctor?.name || '',
    doctorTitle: doctor?.title ?? null,
    date: doc.date,
    start: new Date(doc.start).toISOString(),
    end: new Date(doc.end).toISOString(),
    capacity: doc.capacity,
    remaining: doc.remaining,
    status: statusAt(doc, now),
    feeFen: doc.feeFen,
    ...(doc.releaseAt && { releaseAt: new Date(doc.releaseAt).toISOString() }),
    source: { kind: doc.kind, fetchedAt: new Date(doc.fetchedAt).toISOString() },
  };
}
