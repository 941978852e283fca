import { beijingDate, fromBeijing } from '@jiankang/shared';

/**
 * FHIR writes `+08:00`; SMART Scheduling Links' own example writes `-05`, and some hosts `+0800`.
 * All three state the offset, so all three are instants.
 */
const WITH_OFFSET = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}(:?\d{2})?)$/;
const WALL_CLOCK = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2})(?::(\d{2}))?$/;

/** An ISO 8601 instant that states its offset (feeds always do); undefined otherwise. */
export function parseInstant(text: string): Date | undefined {
  const m = WITH_OFFSET.exec(text);
  if (!m) return undefined;
  const offset = m[4] as string;
  const normal =
    offset === 'Z' || offset.length === 6
      ? text
      : `${text.slice(0, -offset.length)}${offset.slice(0, 3)}:${offset.length === 5 ? offset.slice(3) : '00'}`;
  const ms = Date.parse(normal);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}

/**
 * The calendar day a slot belongs to where it takes place: the date written before its offset
 * (a clinic's all-day slot `2021-03-10T00:00-05:00…` is on the 10th there), or the Beijing date
 * when the publisher wrote UTC (`Z`) and so said nothing about the place.
 */
export function localDateOf(text: string, instant: Date): string {
  const m = WITH_OFFSET.exec(text);
  return m && m[4] !== 'Z' ? (m[1] as string) : beijingDate(instant);
}

/**
 * 上午 or 下午 where the slot takes place (the hour written before its offset, or Beijing's for
 * `Z`): a feed that names no session still has the half-day 出诊 a 停诊 cancels.
 */
export function localHalfDayOf(text: string, instant: Date): 'AM' | 'PM' {
  const m = WITH_OFFSET.exec(text);
  const hour = m && m[4] !== 'Z' ? Number(text.slice(11, 13)) : (instant.getUTCHours() + 8) % 24;
  return hour < 12 ? 'AM' : 'PM';
}

/** A Beijing wall-clock time without offset ('2026-01-05 08:00:00'), as HIS systems write it. */
export function parseBeijingWallClock(text: string): Date | undefined {
  const m = WALL_CLOCK.exec(text.trim());
  if (!m) return undefined;
  try {
    return new Date(fromBeijing(m[1] as string, m[2] as string).getTime() + Number(m[3] ?? 0) * 1000);
  } catch {
    return undefined;
  }
}
