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
  'H>': 'H',
  HX: 'H',
  '>': 'H',
  高: 'H',
  偏高: 'H',
  '↓': 'L',
  '↓↓': 'L',
  L: 'L',
  LL: 'L',
  LU: 'L',
  'L<': 'L',
  LX: 'L',
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

/**
 * v3-ObservationInterpretation codes that say more than H/L/N, or say no direction, in the words
 * a resident reads (http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation). The flag
 * still comes from `readFlag` (HH is H); these words are shown beside it. Unknown codes give none.
 */
const INTERPRETATION_WORDS: Readonly<Record<string, string>> = {
  HH: '危急值偏高',
  LL: '危急值偏低',
  HU: '显著偏高',
  LU: '显著偏低',
  'H>': '高于上限',
  'L<': '低于下限',
  HX: '高于阈值',
  LX: '低于阈值',
  '>': '超出测量上限',
  '<': '低于测量下限',
  A: '异常',
  AA: '危急异常',
  POS: '阳性',
  NEG: '阴性',
  IND: '不确定',
  E: '可疑',
  DET: '检出',
  ND: '未检出',
  RR: '反应性',
  WR: '弱反应性',
  NR: '无反应性',
  R: '耐药',
  S: '敏感',
  I: '中介',
  SDD: '剂量依赖敏感',
  EX: '超出阈值',
  UNE: '非预期结果',
  EXP: '预期结果',
  TOX: '中毒水平',
  CAR: '携带者',
  IE: '证据不足',
};

export function interpretationWords(code: string | null | undefined): string | undefined {
  if (typeof code !== 'string') return undefined;
  return INTERPRETATION_WORDS[code.trim().toUpperCase()];
}
