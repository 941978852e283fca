import type { FeedSlot, HospitalFeedHandle } from './types';

/** A settable clock for feeds under test: Monday 2026-01-05 07:00 Beijing unless moved. */
export function testClock(iso = '2026-01-05T07:00:00+08:00') {
  let ms = Date.parse(iso);
  return {
    now: () => new Date(ms),
    set: (next: string) => void (ms = Date.parse(next)),
    advance: (byMs: number) => void (ms += byMs),
  };
}

/** A released period with room for n more, for tests that take places. */
export function freeSlot(slots: FeedSlot[], n = 1): FeedSlot {
  const slot = slots.find(
    (s) => s.status === 'free' && s.released && s.remaining >= n && s.capacity > s.remaining,
  );
  if (!slot) throw new Error('no free slot to test with');
  return slot;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON
export type Json = any;

export const TEST_PATIENT = { masterId: 'EMPI3F2A9C01B7D4E5F60718', name: '张晓明', phone: '13800138000' };

/** A released, bookable period in the future left with exactly `seats` seats (changed through the handle). */
export function slotWithSeats(feed: HospitalFeedHandle, seats: number, nowMs: number): FeedSlot {
  const slot = feed
    .listSlots()
    .find(
      (s) => s.status !== 'cancelled' && s.released && s.capacity >= seats && Date.parse(s.start) > nowMs,
    );
  if (!slot) throw new Error(`no slot with room for ${seats}`);
  if (slot.remaining > seats) feed.takeSlot(slot.sourceSlotId, slot.remaining - seats);
  if (slot.remaining < seats) feed.freeSlot(slot.sourceSlotId, seats - slot.remaining);
  return remainingOf(feed, slot.sourceSlotId) === seats ? slot : fail(slot.sourceSlotId);
}

const fail = (id: string): never => {
  throw new Error(`could not set the seats of ${id}`);
};

export const remainingOf = (feed: HospitalFeedHandle, sourceSlotId: string) =>
  feed.listSlots().find((s) => s.sourceSlotId === sourceSlotId)?.remaining;

/** A future period the hospital refuses for `reason`, arranged through the handle where needed. */
export function refusedSlot(
  feed: HospitalFeedHandle,
  reason: 'slot_full' | 'not_released' | 'cancelled',
  nowMs: number,
): FeedSlot {
  if (reason === 'not_released') {
    const slot = feed.listSlots().find((s) => !s.released && s.status !== 'cancelled');
    if (!slot) throw new Error('no unreleased slot');
    return slot;
  }
  const slot = slotWithSeats(feed, 1, nowMs);
  if (reason === 'slot_full') feed.takeSlot(slot.sourceSlotId);
  else feed.cancelSession(slot.sessionId);
  return slot;
}
