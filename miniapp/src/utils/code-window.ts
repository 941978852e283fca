import type { DynamicCode } from '@jiankang/shared';

/** The code to show at `nowMs`: valid now, the one valid longest; undefined when none is. */
export function codeFor(codes: readonly DynamicCode[], nowMs: number): DynamicCode | undefined {
  let best: DynamicCode | undefined;
  for (const c of codes) {
    if (Date.parse(c.validFrom) > nowMs || Date.parse(c.expiresAt) <= nowMs) continue;
    if (!best || Date.parse(c.expiresAt) > Date.parse(best.expiresAt)) best = c;
  }
  return best;
}

/** Whole seconds until the page should fetch (or switch to) the next code; never below 0. */
export function secondsUntilRefresh(code: DynamicCode, nowMs: number): number {
  return Math.max(0, Math.ceil((Date.parse(code.refreshAt) - nowMs) / 1000));
}

/** Offline codes still worth keeping: not yet expired. */
export function stillUseful(codes: readonly DynamicCode[], nowMs: number): DynamicCode[] {
  return codes.filter((c) => Date.parse(c.expiresAt) > nowMs);
}
