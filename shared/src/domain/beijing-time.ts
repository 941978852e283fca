/**
 * China has one time zone, UTC+8, with no daylight saving. Slots are stored as UTC instants and
 * shown and grouped by Beijing calendar date; doing the offset arithmetic here (instead of the
 * machine's local zone) keeps a 23:30 slot on the right day on every server and phone.
 */
export const BEIJING_OFFSET_MINUTES = 8 * 60;
const OFFSET_MS = BEIJING_OFFSET_MINUTES * 60_000;
const DAY_MS = 86_400_000;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** True for a real calendar date written YYYY-MM-DD ("2026-02-30" is not one). */
export function isCalendarDate(text: string): boolean {
  const m = DATE_RE.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const probe = new Date(Date.UTC(y, mo - 1, d));
  return probe.getUTCFullYear() === y && probe.getUTCMonth() === mo - 1 && probe.getUTCDate() === d;
}

/** The Beijing calendar date (YYYY-MM-DD) of an instant. */
export function beijingDate(instant: Date | string | number): string {
  const shifted = new Date(new Date(instant).getTime() + OFFSET_MS);
  return `${shifted.getUTCFullYear()}-${pad(shifted.getUTCMonth() + 1)}-${pad(shifted.getUTCDate())}`;
}

/** "HH:mm" in Beijing time of an instant. */
export function beijingTime(instant: Date | string | number): string {
  const shifted = new Date(new Date(instant).getTime() + OFFSET_MS);
  return `${pad(shifted.getUTCHours())}:${pad(shifted.getUTCMinutes())}`;
}

/** The instant of a Beijing wall-clock date and time ("2026-11-23", "08:30"). */
export function fromBeijing(date: string, time = '00:00'): Date {
  if (!isCalendarDate(date)) throw new RangeError(`not a calendar date: ${date}`);
  const t = TIME_RE.exec(time);
  if (!t) throw new RangeError(`not a time of day: ${time}`);
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, mo - 1, d, Number(t[1]), Number(t[2])) - OFFSET_MS);
}

/** ISO 8601 with the +08:00 offset, as residents' screens and hospital feeds write it. */
export function toBeijingIso(instant: Date | string | number): string {
  const ms = new Date(instant).getTime();
  const shifted = new Date(ms + OFFSET_MS);
  return (
    `${shifted.getUTCFullYear()}-${pad(shifted.getUTCMonth() + 1)}-${pad(shifted.getUTCDate())}` +
    `T${pad(shifted.getUTCHours())}:${pad(shifted.getUTCMinutes())}:${pad(shifted.getUTCSeconds())}+08:00`
  );
}

/** Calendar arithmetic on YYYY-MM-DD strings. */
export function addDays(date: string, days: number): string {
  if (!isCalendarDate(date)) throw new RangeError(`not a calendar date: ${date}`);
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const next = new Date(Date.UTC(y, mo - 1, d) + days * DAY_MS);
  return `${next.getUTCFullYear()}-${pad(next.getUTCMonth() + 1)}-${pad(next.getUTCDate())}`;
}

/** Whole days from `from` to `to` (both YYYY-MM-DD); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((fromBeijing(to).getTime() - fromBeijing(from).getTime()) / DAY_MS);
}

/** 上午 before 12:00 Beijing time, 下午 from 12:00 to 18:00, 晚上 after: how clinics name sessions. */
export function sessionOf(instant: Date | string | number): 'am' | 'pm' | 'evening' {
  const hour = Number(beijingTime(instant).slice(0, 2));
  return hour < 12 ? 'am' : hour < 18 ? 'pm' : 'evening';
}
