import { yuanToFen } from './money';
import { retryAfterMs } from './http';

describe('yuanToFen', () => {
  it.each([
    ['15.10', 1510],
    ['0.07', 7],
    ['50', 5000],
    ['50.5', 5050],
    [15.1, 1510],
    [0.29, 29],
    [100, 10000],
  ])('when %p 元, then %p fen exactly', (yuan, fen) => expect(yuanToFen(yuan)).toBe(fen));

  it.each(['-1', '1.234', 'abc', '', '1e3', Number.NaN, -5])('when %p, then undefined', (bad) =>
    expect(yuanToFen(bad)).toBeUndefined(),
  );
});

describe('retryAfterMs', () => {
  it('reads seconds and HTTP-dates', () => {
    expect(retryAfterMs('7')).toBe(7000);
    const now = Date.parse('2026-01-05T00:00:00Z');
    expect(retryAfterMs('Mon, 05 Jan 2026 00:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs('soon')).toBeUndefined();
    expect(retryAfterMs(undefined)).toBeUndefined();
  });
});
