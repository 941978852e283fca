import type { ErrorCode } from '@jiankang/shared/domain';
import type { SlotStatus } from '@jiankang/shared';

/** Per-hospital booking rules; the registry entry's `booking` overrides the config defaults. */
export interface BookingRules {
  /** Active (pending or confirmed) bookings one patient may hold across the city. */
  maxActivePerPatient: number;
  /** Online cancellation closes this long before the period starts. */
  cancelCutoffMinutes: number;
  /** `count` no-shows within `windowDays` suspend booking for `banDays`. */
  noShow: { count: number; windowDays: number; banDays: number };
}

export const DEFAULT_BOOKING_RULES: BookingRules = {
  maxActivePerPatient: 5,
  cancelCutoffMinutes: 120,
  noShow: { count: 3, windowDays: 90, banDays: 30 },
};

export function rulesFor(defaults: BookingRules, override: Partial<BookingRules> | undefined): BookingRules {
  return {
    ...defaults,
    ...override,
    noShow: { ...defaults.noShow, ...override?.noShow },
  };
}

/** Why a slot cannot be booked now, in the order a resident would want to hear it; null if it can. */
export function slotRefusal(
  slot: { status: SlotStatus; start: Date; remaining: number },
  now: Date,
): Extract<ErrorCode, 'SLOT_CANCELLED' | 'SLOT_IN_PAST' | 'SLOT_NOT_RELEASED' | 'SLOT_FULL'> | null {
  if (slot.status === 'cancelled') return 'SLOT_CANCELLED';
  if (slot.start.getTime() <= now.getTime()) return 'SLOT_IN_PAST';
  if (slot.status === 'not_released') return 'SLOT_NOT_RELEASED';
  if (slot.status === 'full' || slot.remaining <= 0) return 'SLOT_FULL';
  return null;
}

/**
 * The end of a no-show ban at `now`, or null: the ban starts at the no-show that reached `count`
 * within `windowDays` and lasts `banDays`.
 */
export function noShowBanUntil(
  noShows: readonly Date[],
  rules: BookingRules['noShow'],
  now: Date,
): Date | null {
  const day = 24 * 60 * 60_000;
  const sorted = [...noShows].map((d) => d.getTime()).sort((a, b) => a - b);
  let until: number | null = null;
  for (let i = rules.count - 1; i < sorted.length; i += 1) {
    const at = sorted[i] as number;
    const first = sorted[i - rules.count + 1] as number;
    if (at - first <= rules.windowDays * day) until = Math.max(until ?? 0, at + rules.banDays * day);
  }
  return until !== null && until > now.getTime() ? new Date(until) : null;
}

export function cancellableUntil(start: Date, rules: BookingRules): Date {
  return new Date(start.getTime() - rules.cancelCutoffMinutes * 60_000);
}
