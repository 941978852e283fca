import { fromBeijing } from '@jiankang/shared';

const WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const WALL_CLOCK = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2})(?::(\d{2}))?$/;

/** An ISO 8601 instant that states its offset (feeds always do); undefined otherwise. */
export function parseInstant(text: string): Date | undefined {
  if (!WITH_OFFSET.test(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : new Date(ms);
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
