import type { Rng } from '../../lib/prng';

/**
 * A synthetic 统一社会信用代码 (GB 32100-2015) with valid check characters, so an adapter
 * that validates the format accepts it. "12" marks a public institution (事业单位).
 */
const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

function orgCodeCheck(body: string): string {
  const sum = [...body].reduce((acc, ch, i) => acc + parseInt(ch, 36) * (ORG_WEIGHTS[i] ?? 0), 0);
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

export function usccCheck(first17: string): string {
  const sum = [...first17].reduce((acc, ch, i) => acc + USCC_CHARS.indexOf(ch) * (USCC_WEIGHTS[i] ?? 0), 0);
  return USCC_CHARS[(31 - (sum % 31)) % 31] as string;
}

// Leading the organisation code with a letter keeps the whole string from ever looking like
// an 18-digit 身份证号, which log scrubbers and our own tests look for.
const LETTERS = USCC_CHARS.slice(10);

export function creditCode(rng: Rng, divisionCode: string): string {
  let body = rng.pick([...LETTERS]);
  for (let i = 1; i < 8; i++) body += String(rng.int(0, 9));
  const first17 = `12${divisionCode}${body}${orgCodeCheck(body)}`;
  return first17 + usccCheck(first17);
}
