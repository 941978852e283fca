import type { Connection } from 'mongoose';
import { DEFAULT_SERVICE_NAME, type HospitalDetail } from '@jiankang/shared';
import { slotModels, type SlotDoc } from '../../bff/src/models/slots';
import { serviceNameOf } from '../../bff/src/services/slots/slot-view';
import type { BookingTemplate } from './city-people';

/**
 * Two weeks of slots for every hospital. The simulators publish their whole window (today plus
 * seven days) and the BFF's own full sync stores it; the second week is the first one's copy a
 * week on, written in the same shape (ids carry the new date, as a feed's would). Moving each
 * hospital's `slotsVersion` makes the running BFF reload its in-memory index from the stored
 * slots, as it does after another replica's write.
 */

const WEEK_MS = 7 * 86_400_000;

const shiftDay = (ymd: string) => {
  const d = new Date(`${ymd.slice(0, 4)}-${ymd.slice(4, 6)}-${ymd.slice(6, 8)}T00:00:00Z`);
  return new Date(d.getTime() + WEEK_MS).toISOString().slice(0, 10).replaceAll('-', '');
};
/** Every yyyymmdd / yyyy-mm-dd in an id moved a week on. */
const shiftText = (s: string) =>
  s
    .replace(/\b(20\d{2})-(\d{2})-(\d{2})\b/g, (_, y: string, m: string, d: string) => {
      const v = shiftDay(`${y}${m}${d}`);
      return `${v.slice(0, 4)}-${v.slice(4, 6)}-${v.slice(6, 8)}`;
    })
    .replace(/(20\d{6})/g, (ymd: string) => shiftDay(ymd));
const shiftDate = (d: Date | undefined) => (d ? new Date(new Date(d).getTime() + WEEK_MS) : undefined);

export async function addSecondWeek(conn: Connection): Promise<{ firstWeek: number; secondWeek: number }> {
  const { Slot, FeedState } = slotModels(conn);
  const synced = await Slot.find({}).lean<SlotDoc[]>().exec();
  const copies = synced.map((s): SlotDoc => {
    const sourceId = shiftText(s.sourceId);
    const copy: SlotDoc = {
      ...s,
      _id: `${s.hospitalId}:${sourceId}`,
      sourceId,
      sessionId: shiftText(s.sessionId),
      scheduleId: s.scheduleId,
      start: shiftDate(s.start) as Date,
      end: shiftDate(s.end) as Date,
      date: shiftText(s.date),
      contentHash: `${s.contentHash}+1w`,
    };
    if (s.releaseAt) copy.releaseAt = shiftDate(s.releaseAt) as Date;
    return copy;
  });
  const known = new Set(synced.map((s) => s._id));
  const toInsert = [...new Map(copies.map((c) => [c._id, c])).values()].filter((c) => !known.has(c._id));
  for (let i = 0; i < toInsert.length; i += 5_000)
    await Slot.collection.insertMany(toInsert.slice(i, i + 5_000) as never[], { ordered: false });
  const hospitals = [...new Set(synced.map((s) => s.hospitalId))];
  const version = `bench-2w-${Date.now()}`;
  for (const id of hospitals)
    await FeedState.updateOne({ _id: id }, { $set: { slotsVersion: version } }).exec();
  return { firstWeek: synced.length, secondWeek: toInsert.length };
}

/** Periods of the synced slots with the names a booking stores, to place past visits at. */
export async function bookingTemplates(
  conn: Connection,
  hospitals: HospitalDetail[],
): Promise<BookingTemplate[]> {
  const { Slot } = slotModels(conn);
  const slots = await Slot.find({}).limit(5_000).lean<SlotDoc[]>().exec();
  const byId = new Map(hospitals.map((h) => [h.id, h]));
  return slots.map((s) => {
    const h = byId.get(s.hospitalId);
    return {
      slotId: s._id,
      sourceId: s.sourceId,
      hospitalId: s.hospitalId,
      hospitalName: h?.name ?? s.hospitalId,
      ...(s.departmentId && { departmentId: s.departmentId }),
      ...(s.departmentCode && { departmentCode: s.departmentCode }),
      departmentName:
        h?.departments.find((d) => d.id === s.departmentId)?.name ??
        s.serviceName ??
        s.departmentCode ??
        DEFAULT_SERVICE_NAME,
      ...(s.doctorId && { doctorId: s.doctorId }),
      doctorName: serviceNameOf(s),
      sessionId: s.sessionId,
      start: new Date(s.start),
      end: new Date(s.end),
      ...(s.feeFen !== undefined && { feeFen: s.feeFen }),
    };
  });
}
