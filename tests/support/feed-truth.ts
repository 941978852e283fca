import type { FeedSlot } from '@jiankang/sim';

/** The SlotStatus the BFF must derive from the simulator's own view of a slot. */
export const expectedStatus = (s: FeedSlot) =>
  s.status === 'cancelled'
    ? 'cancelled'
    : !s.released
      ? 'not_released'
      : s.status === 'full'
        ? 'full'
        : 'available';
