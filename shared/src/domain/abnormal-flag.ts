import type { ReferenceRange } from './reference-range';

/**
 * Whether a result is above (H), below (L) or inside (N) its reference range. Computed by us
 * because hospitals disagree: one FHIR server sends `interpretation`, another sends none, and a
 * HIS writes `↑`, `H`, `高` or nothing at all.
 */
export type AbnormalFlag = 'H' | 'L' | 'N';

/** A number as a lab writes it (`5.6`, ` 12 `, `-0.5`); anything else (`阴性`, `>1000`, `NaN`) is not one. */
export function resultNumber(value: number | string | null | undefined): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const t = value.trim();
  if (!/^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/.test(t)) return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : undefined;
}

/** The flag of a result against a range; null when the value is not a number or there is no range. */
export function flagFor(
  value: number | string | null | undefined,
  range: Pick<ReferenceRange, 'low' | 'high' | 'lowInclusive' | 'highInclusive'> | null | undefined,
): AbnormalFlag | null {
  const v = resultNumber(value);
  if (v === undefined || !range) return null;
  const { low, high } = range;
  if (low === undefined && high === undefined) return null;
  if (low !== undefined && (v < low || (v === low && !range.lowInclusive))) return 'L';
  if (high !== undefined && (v > high || (v === high && !range.highInclusive))) return 'H';
  return 'N';
}

/** How hospitals mark a flag: arrows, letters (FHIR v3 interpretation codes too), Chinese words. */
const WRITTEN: Readonly<Record<string, AbnormalFlag>> = {
  '↑': 'H',
  '↑↑': 'H',
  H: 'H',
  HH: 'H',
  HU: 'H',
  '>': 'H',
  高: 'H',
  偏高: 'H',
  '↓': 'L',
  '↓↓': 'L',
  L: 'L',
  LL: 'L',
  LU: 'L',
  '<': 'L',
  低: 'L',
  偏低: 'L',
  N: 'N',
  正常: 'N',
};

/**
 * A hospital's own flag, read as H/L/N; null when it wrote none or one we cannot place (`A`
 * abnormal without a direction, `阳性`). Use it only when `flagFor` has no range to work with.
 */
export function readFlag(written: string | null | undefined): AbnormalFlag | null {
  if (typeof written !== 'string') return null;
  return WRITTEN[written.trim().toUpperCase()] ?? null;
}
