import {
  addDays,
  beijingDate as dateOf,
  beijingTime,
  fromBeijing,
  toBeijingIso,
} from '@jiankang/shared/domain';

/**
 * The feeds' clock helpers in epoch milliseconds, on top of the shared Beijing-time rules
 * (UTC+8 all year, plain offset arithmetic, never the machine's zone).
 */
export const DAY_MS = 86_400_000;

export { addDays };

/** The Beijing calendar date of an instant, YYYY-MM-DD. */
export const beijingDate = (ms: number): string => dateOf(ms);

/** The instant of a Beijing wall-clock time on a date. */
export const beijingMs = (date: string, hhmm = '00:00'): number => fromBeijing(date, hhmm).getTime();

/** HH:MM of an instant in Beijing. */
export const beijingClock = (ms: number): string => beijingTime(ms);

/** 0 = Sunday … 6 = Saturday. */
export function weekday(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

/** ISO 8601 with +08:00, e.g. 2026-01-05T08:30:00+08:00 (with `.000` when asked). */
export function isoBeijing(ms: number, withMillis = false): string {
  const iso = toBeijingIso(ms);
  return withMillis
    ? `${iso.slice(0, 19)}.${String(((ms % 1000) + 1000) % 1000).padStart(3, '0')}+08:00`
    : iso;
}
