import fc from 'fast-check';
import { flagFor, readFlag, resultNumber } from './abnormal-flag';
import { parseReferenceRange } from './reference-range';

const RANK = { L: 0, N: 1, H: 2 } as const;
const value = fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 });
/** Any range the parser can produce, one- or two-sided. */
const range = fc
  .record({
    a: value,
    b: value,
    shape: fc.constantFrom('between', 'upper', 'lower'),
    inclusive: fc.boolean(),
  })
  .map(({ a, b, shape, inclusive }) => {
    const [low, high] = a <= b ? [a, b] : [b, a];
    if (shape === 'between') return { low, high, lowInclusive: true, highInclusive: true };
    if (shape === 'upper') return { high, lowInclusive: false, highInclusive: inclusive };
    return { low, lowInclusive: inclusive, highInclusive: false };
  });

describe('flagFor', () => {
  it.each([
    [5.0, '3.9-6.1', 'N'],
    [3.9, '3.9-6.1', 'N'],
    [6.1, '3.9～6.1', 'N'],
    [6.2, '3.9-6.1', 'H'],
    [3.8, '3.9-6.1', 'L'],
    ['12.3', '3.9-6.1', 'H'],
    [' 5 ', '3.9-6.1', 'N'],
    [5.2, '<5.2', 'H'],
    [5.19, '<5.2', 'N'],
    [40, '≤40', 'N'],
    [41, '≤40', 'H'],
    [40, '>40', 'L'],
    [40, '≥40', 'N'],
    [-2.5, '-2.0-2.0', 'L'],
    [0, '-2.0-2.0', 'N'],
    [0, '0-40', 'N'],
  ])('when %p is read against %p, then %p', (v, text, flag) => {
    expect(flagFor(v, parseReferenceRange(text))).toBe(flag);
  });

  it.each([
    [Number.NaN, '3.9-6.1'],
    [Number.POSITIVE_INFINITY, '3.9-6.1'],
    ['NaN', '3.9-6.1'],
    ['阴性', '3.9-6.1'],
    ['>1000', '3.9-6.1'],
    ['', '3.9-6.1'],
    [null, '3.9-6.1'],
    [5, '阴性'],
    [5, null],
  ])('when %p is read against %p, then there is no flag', (v, text) => {
    expect(flagFor(v, text === null ? null : parseReferenceRange(text))).toBeNull();
  });

  it('when a range has no bound at all, then there is no flag', () => {
    expect(flagFor(1, { lowInclusive: true, highInclusive: true })).toBeNull();
  });

  it('when the value grows, then the flag never goes down (L ≤ N ≤ H)', () => {
    fc.assert(
      fc.property(range, value, value, (r, a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const fa = flagFor(lo, r);
        const fb = flagFor(hi, r);
        return fa !== null && fb !== null && RANK[fa] <= RANK[fb];
      }),
    );
  });

  it('when a value is strictly inside a two-sided range, then N; outside, then L or H', () => {
    fc.assert(
      fc.property(value, value, value, (a, b, v) => {
        fc.pre(a < b);
        const r = { low: a, high: b, lowInclusive: true, highInclusive: true };
        const expected = v < a ? 'L' : v > b ? 'H' : 'N';
        return flagFor(v, r) === expected;
      }),
    );
  });
});

describe('readFlag and resultNumber', () => {
  it.each([
    ['↑', 'H'],
    ['H', 'H'],
    ['h', 'H'],
    ['HH', 'H'],
    ['高', 'H'],
    ['↓', 'L'],
    ['L', 'L'],
    ['LL', 'L'],
    [' 低 ', 'L'],
    ['N', 'N'],
    ['正常', 'N'],
    ['', null],
    ['A', null],
    ['阳性', null],
    [null, null],
  ])('when a hospital writes %p, then it reads as %p', (written, flag) => {
    expect(readFlag(written)).toBe(flag);
  });

  it.each([
    ['5.6', 5.6],
    [' -0.5 ', -0.5],
    ['.5', 0.5],
    [7, 7],
    ['1e3', undefined],
    ['NaN', undefined],
    ['Infinity', undefined],
    ['5.6↑', undefined],
    [Number.NaN, undefined],
  ])('when a result is %p, then its number is %p', (raw, n) => {
    expect(resultNumber(raw)).toBe(n);
  });

  it('when the value is any string, then flagFor never throws', () => {
    fc.assert(
      fc.property(fc.string(), range, (v, r) => {
        const f = flagFor(v, r);
        return f === null || f in RANK;
      }),
    );
  });
});
