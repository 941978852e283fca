import fc from 'fast-check';
import { formatReferenceRange, parseReferenceRange } from './reference-range';

/** A bound as labs print them: up to three decimals, −1000 to 100000. */
const bound = fc.integer({ min: -1_000_000, max: 100_000_000 }).map((n) => n / 1000);

describe('parseReferenceRange', () => {
  it.each([
    ['3.5-5.5', { low: 3.5, high: 5.5, lowInclusive: true, highInclusive: true }],
    ['3.5～5.5', { low: 3.5, high: 5.5, lowInclusive: true, highInclusive: true }],
    ['3.5~5.5', { low: 3.5, high: 5.5, lowInclusive: true, highInclusive: true }],
    ['3.5 - 5.5', { low: 3.5, high: 5.5, lowInclusive: true, highInclusive: true }],
    [' 3.9 ～ 6.1 ', { low: 3.9, high: 6.1, lowInclusive: true, highInclusive: true }],
    ['３．９－６．１', { low: 3.9, high: 6.1, lowInclusive: true, highInclusive: true }],
    ['0-40', { low: 0, high: 40, lowInclusive: true, highInclusive: true }],
    ['3.5—5.5', { low: 3.5, high: 5.5, lowInclusive: true, highInclusive: true }],
    ['57至111', { low: 57, high: 111, lowInclusive: true, highInclusive: true }],
    ['-2.0-2.0', { low: -2, high: 2, lowInclusive: true, highInclusive: true }],
    ['-2.0 - -1.0', { low: -2, high: -1, lowInclusive: true, highInclusive: true }],
    ['-3～+3', { low: -3, high: 3, lowInclusive: true, highInclusive: true }],
    ['<5.2', { high: 5.2, lowInclusive: false, highInclusive: false }],
    ['＜5.2', { high: 5.2, lowInclusive: false, highInclusive: false }],
    ['≤5.2', { high: 5.2, lowInclusive: false, highInclusive: true }],
    ['<=5.2', { high: 5.2, lowInclusive: false, highInclusive: true }],
    ['>40', { low: 40, lowInclusive: false, highInclusive: false }],
    ['≥ 40', { low: 40, lowInclusive: true, highInclusive: false }],
    ['> 1.04', { low: 1.04, lowInclusive: false, highInclusive: false }],
    ['40以下', { high: 40, lowInclusive: false, highInclusive: true }],
    ['1.04以上', { low: 1.04, lowInclusive: true, highInclusive: false }],
  ])('when the text is %p, then it reads as %p', (text, expected) => {
    const range = parseReferenceRange(text);
    expect(range).toEqual({ ...expected, text: text.trim() });
  });

  it.each([
    '阴性',
    '见报告',
    '阴性(-)',
    '',
    '   ',
    '5.5',
    '5.5-3.5',
    '1-2-3',
    '男:57-111 女:41-81',
    '<',
    '-',
    '3.5-',
    'abc',
    '1e3-2e3',
    'NaN-1',
    '0x10-20',
  ])('when the text is %p, then there is no range', (text) => {
    expect(parseReferenceRange(text)).toBeNull();
  });

  it('when the input is not a string, then null', () => {
    expect(parseReferenceRange(null)).toBeNull();
    expect(parseReferenceRange(undefined)).toBeNull();
    expect(parseReferenceRange(42 as unknown as string)).toBeNull();
  });

  it('when a range low<high is formatted and parsed, then the bounds come back', () => {
    fc.assert(
      fc.property(bound, bound, (a, b) => {
        fc.pre(a !== b);
        const [low, high] = a < b ? [a, b] : [b, a];
        const parsed = parseReferenceRange(
          formatReferenceRange({ low, high, lowInclusive: true, highInclusive: true }),
        );
        return parsed?.low === low && parsed.high === high && parsed.lowInclusive && parsed.highInclusive;
      }),
    );
  });

  it('when a one-sided range is formatted and parsed, then bound and inclusiveness come back', () => {
    fc.assert(
      fc.property(bound, fc.boolean(), fc.boolean(), (x, upper, inclusive) => {
        const range = upper
          ? { high: x, lowInclusive: false, highInclusive: inclusive }
          : { low: x, lowInclusive: inclusive, highInclusive: false };
        const { text: _text, ...parsed } = parseReferenceRange(formatReferenceRange(range)) ?? { text: '' };
        expect(parsed).toEqual(range);
      }),
    );
  });

  it('when any double is a bound, then formatting never writes an exponent parsing cannot read', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        const parsed = parseReferenceRange(
          formatReferenceRange({ high: x, lowInclusive: false, highInclusive: true }),
        );
        return parsed?.high === (Object.is(x, -0) ? 0 : x);
      }),
    );
  });

  it('when the text is any string, then it never throws and any range it finds is ordered and finite', () => {
    const noise = fc.oneof(
      fc.string(),
      fc.string({ unit: 'grapheme' }),
      fc.stringMatching(/^[-+<>≤≥~～ .0-9]{0,12}$/),
    );
    fc.assert(
      fc.property(noise, (text) => {
        const r = parseReferenceRange(text);
        if (r === null) return true;
        const bounds = [r.low, r.high].filter((b): b is number => b !== undefined);
        return (
          bounds.length > 0 &&
          bounds.every(Number.isFinite) &&
          (r.low === undefined || r.high === undefined || r.low <= r.high)
        );
      }),
    );
  });
});
