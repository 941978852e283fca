/**
 * A lab's reference range (参考范围) as the hospitals print it: `3.9-6.1`, `3.5～5.5`, `<5.2`,
 * `≤40`, `>1.04`, `0-40`, `-2.0-2.0`. Hospitals write it as free text, so the BFF reads the text
 * rather than trusting a hospital's own H/L flag (some send none). Text that is not a numeric
 * range (`阴性`, `见报告`, `男：…女：…`) is not guessed at: it gives null and is shown as written.
 */
export interface ReferenceRange {
  low?: number;
  high?: number;
  /** `3.9-6.1` and `≥3.9` include 3.9; `>3.9` does not. */
  lowInclusive: boolean;
  highInclusive: boolean;
  /** The text as the hospital wrote it (trimmed), for display. */
  text: string;
}

const NUMBER = String.raw`[+-]?(?:\d+(?:\.\d*)?|\.\d+)`;
/** Hyphen and dash look-alikes, tildes (ASCII, full-width, wave dash) and 至/到 between bounds. */
const BETWEEN = new RegExp(`^(${NUMBER})(?:-|~|～|〜|—|–|－|至|到)(${NUMBER})$`);
const UPPER = new RegExp(`^(<=?|≤|≦|=<)(${NUMBER})$`);
const LOWER = new RegExp(`^(>=?|≥|≧|=>)(${NUMBER})$`);
/** Chinese labs also write `40以下` / `1.04以上`, which include the bound. */
const WORDED = new RegExp(`^(${NUMBER})(以下|以上)$`);

/** Full-width digits, signs and points (as typed on a Chinese IME) to ASCII; spaces dropped. */
function canonicalText(text: string): string {
  return text
    .replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/．/g, '.')
    .replace(/＋/g, '+')
    .replace(/＜/g, '<')
    .replace(/＞/g, '>')
    .replace(/＝/g, '=')
    .replace(/\s+/g, '');
}

const finite = (raw: string | undefined): number | undefined => {
  const n = Number(raw);
  return raw !== undefined && Number.isFinite(n) ? n : undefined;
};

/** The range a reference-range text states, or null when it states none. Never throws. */
export function parseReferenceRange(text: string | null | undefined): ReferenceRange | null {
  if (typeof text !== 'string') return null;
  const shown = text.trim();
  const t = canonicalText(shown);
  if (t === '') return null;

  const between = BETWEEN.exec(t);
  if (between) {
    const low = finite(between[1]);
    const high = finite(between[2]);
    if (low === undefined || high === undefined || low > high) return null;
    return { low, high, lowInclusive: true, highInclusive: true, text: shown };
  }
  const upper = UPPER.exec(t);
  if (upper) {
    const high = finite(upper[2]);
    if (high === undefined) return null;
    return { high, lowInclusive: false, highInclusive: upper[1] !== '<', text: shown };
  }
  const lower = LOWER.exec(t);
  if (lower) {
    const low = finite(lower[2]);
    if (low === undefined) return null;
    return { low, lowInclusive: lower[1] !== '>', highInclusive: false, text: shown };
  }
  const worded = WORDED.exec(t);
  if (worded) {
    const bound = finite(worded[1]);
    if (bound === undefined) return null;
    return worded[2] === '以下'
      ? { high: bound, lowInclusive: false, highInclusive: true, text: shown }
      : { low: bound, lowInclusive: true, highInclusive: false, text: shown };
  }
  return null;
}

/**
 * A range back as text in the style labs print (`3.9-6.1`, `<5.2`, `≥40`), e.g. for a FHIR
 * `referenceRange` that has only low/high. A two-sided range is always written inclusive.
 */
export function formatReferenceRange(
  range: Pick<ReferenceRange, 'low' | 'high' | 'lowInclusive' | 'highInclusive'>,
): string {
  const { low, high } = range;
  if (low !== undefined && high !== undefined) return `${plain(low)}-${plain(high)}`;
  if (high !== undefined) return `${range.highInclusive ? '≤' : '<'}${plain(high)}`;
  if (low !== undefined) return `${range.lowInclusive ? '≥' : '>'}${plain(low)}`;
  return '';
}

/** Decimal notation without an exponent (`1e-7` would not read back as a range bound). */
function plain(n: number): string {
  const text = String(n);
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (!m) return text;
  // Shift the point in the shortest digits JavaScript wrote, so the text reads back as n exactly.
  const [, sign = '', lead = '', fraction = '', exponent = '0'] = m;
  const digits = lead + fraction;
  const point = Number(exponent) + 1;
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}
