/** Beijing time (Asia/Shanghai) is UTC+8 all year; plain offset math, never the machine's TZ. */
export const BEIJING_OFFSET_MS = 8 * 3_600_000;
export const DAY_MS = 86_400_000;

/** The Beijing calendar date of an instant, YYYY-MM-DD. */
export function beijingDate(ms: number): string {
  return new Date(ms + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant of a Beijing wall-clock time on a date. */
export function beijingMs(date: string, hhmm = '00:00'): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = hhmm.split(':').map(Number) as [number, number];
  return Date.UTC(y, m - 1, d, hh, mm) - BEIJING_OFFSET_MS;
}

export function addDays(date: string, days: number): string {
  return beijingDate(beijingMs(date) + days * DAY_MS);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

/** ISO 8601 with +08:00, e.g. 2026-01-05T08:30:00+08:00 (with `.000` when asked). */
export function isoBeijing(ms: number, withMillis = false): string {
  const iso = new Date(ms + BEIJING_OFFSET_MS).toISOString();
  return `${withMillis ? iso.slice(0, 23) : iso.slice(0, 19)}+08:00`;
}

/** HH:MM of an instant in Beijing. */
export function beijingClock(ms: number): string {
  return new Date(ms + BEIJING_OFFSET_MS).toISOString().slice(11, 16);
}
