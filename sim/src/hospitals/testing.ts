import type { FeedSlot } from './types';

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
