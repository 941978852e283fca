import type { Booking, BookingStatus } from '@jiankang/shared';
import { beijingDate } from '@jiankang/shared/domain';
import { beijingMonthDayTime, longDateLabel, periodTimeRange } from './slots';

/**
 * How bookings read on screen: status words, the 我的预约 tabs, whether 取消预约 is offered,
 * and the hospital-confirmation wait. Pure functions of the BFF's answer and "now".
 */

export type BookingTone = 'ok' | 'pending' | 'ended' | 'cancelled' | 'failed';

export interface StatusView {
  /** Always written out: the colour only repeats it. */
  text: string;
  tone: BookingTone;
}

const isUpcoming = (b: Pick<Booking, 'slot'>, now: number) => Date.parse(b.slot.end) > now;

export function statusView(
  b: Pick<Booking, 'status' | 'awaitingHospital' | 'slot'>,
  now = Date.now(),
): StatusView {
  switch (b.status) {
    case 'pending':
      return { text: '医院确认中', tone: 'pending' };
    case 'confirmed':
      if (b.awaitingHospital) return { text: '医院确认中', tone: 'pending' };
      return isUpcoming(b, now) ? { text: '已预约', tone: 'ok' } : { text: '已过就诊时间', tone: 'ended' };
    case 'attended':
      return { text: '已就诊', tone: 'ended' };
    case 'no_show':
      return { text: '爽约', tone: 'failed' };
    case 'cancelled_by_patient':
      return { text: '已取消', tone: 'cancelled' };
    case 'cancelled_by_hospital':
      return { text: '医院停诊', tone: 'cancelled' };
    case 'failed':
      return { text: '预约未成功', tone: 'failed' };
  }
}

export type BookingTab = 'active' | 'past' | 'cancelled' | 'all';

export const BOOKING_TABS: readonly { key: BookingTab; name: string }[] = [
  { key: 'active', name: '待就诊' },
  { key: 'past', name: '已完成' },
  { key: 'cancelled', name: '已取消' },
  { key: 'all', name: '全部' },
];

/**
 * shared's ACTIVE_BOOKING_STATUSES, written out: importing values from the schema module would
 * pull zod into the mini-program's bundle. utils/bookings.test.ts checks they agree.
 */
const ACTIVE = new Set<BookingStatus>(['pending', 'confirmed']);

/** The BFF's `?status=` rule, so one list read serves every tab (and a cancel moves a card at once). */
export function inTab(b: Pick<Booking, 'status' | 'slot'>, tab: BookingTab, now = Date.now()): boolean {
  const upcoming = isUpcoming(b, now);
  switch (tab) {
    case 'active':
      return ACTIVE.has(b.status) && upcoming;
    case 'cancelled':
      return b.status.startsWith('cancelled');
    case 'past':
      return !ACTIVE.has(b.status) || !upcoming;
    case 'all':
      return true;
  }
}

/** The tab's bookings, soonest visit first for 待就诊, latest first otherwise. */
export function bookingsInTab<T extends Pick<Booking, 'status' | 'slot'>>(
  items: readonly T[],
  tab: BookingTab,
  now = Date.now(),
): T[] {
  const list = items.filter((b) => inTab(b, tab, now));
  const dir = tab === 'active' ? 1 : -1;
  return list.sort((a, b) => dir * (Date.parse(a.slot.start) - Date.parse(b.slot.start)));
}

export type CancelOffer =
  { kind: 'allowed'; until: string } | { kind: 'closed'; text: string } | { kind: 'none' };

/** 取消预约 only for a confirmed booking before its cut-off; after it, say why not. */
export function cancelOffer(
  b: Pick<Booking, 'status' | 'awaitingHospital' | 'cancellableUntil' | 'slot'>,
  now = Date.now(),
): CancelOffer {
  if (b.status !== 'confirmed' || b.awaitingHospital || !isUpcoming(b, now)) return { kind: 'none' };
  if (b.cancellableUntil && Date.parse(b.cancellableUntil) > now) {
    return { kind: 'allowed', until: beijingMonthDayTime(b.cancellableUntil) };
  }
  return { kind: 'closed', text: '距就诊不足 2 小时，不可在线取消，如需取消请联系医院' };
}

/** "11-24 明天 周二 08:00–08:30", Beijing time. */
export function visitLabel(slot: Pick<Booking['slot'], 'start' | 'end'>, now = Date.now()): string {
  return `${longDateLabel(beijingDate(slot.start), now)} ${periodTimeRange(slot)}`;
}

/** The booking rules a resident agrees to, as the BFF applies them (config booking.rules). */
export const BOOKING_RULES: readonly string[] = [
  '同一就诊人同一科室同一天限约一次',
  '就诊前 2 小时内不可在线取消',
  '爽约 3 次将暂停预约 30 天',
];

/** The hospital has not answered yet: worth asking again. */
export function awaitingHospital(b: Pick<Booking, 'status' | 'awaitingHospital'>): boolean {
  return b.status === 'pending' || b.awaitingHospital;
}

export interface PollOptions {
  intervalMs?: number;
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  /** Stop early (the page was left). */
  cancelled?: () => boolean;
  onUpdate?: (b: Booking) => void;
}

/**
 * Re-reads a booking every 2 s while the hospital has not answered, for up to ~30 s; resolves with
 * the last copy read (still pending if the hospital stayed silent: the BFF's reconciler settles
 * it later). A failed read is skipped, not fatal.
 */
export async function pollBooking(
  first: Booking,
  read: (id: string) => Promise<Booking>,
  opts: PollOptions = {},
): Promise<Booking> {
  const intervalMs = opts.intervalMs ?? 2_000;
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const now = opts.now ?? Date.now;
  const deadline = now() + timeoutMs;
  let latest = first;
  while (awaitingHospital(latest) && now() < deadline && !opts.cancelled?.()) {
    await sleep(intervalMs);
    if (opts.cancelled?.()) break;
    try {
      latest = await read(latest.id);
      opts.onUpdate?.(latest);
    } catch {
      // The next round tries again.
    }
  }
  return latest;
}
