import { isUnreleased, notReleasedError } from './release-gate';

const RELEASE = new Date('2026-12-08T00:00:00Z'); // 08:00 Beijing
const at = (offsetMs: number) => new Date(RELEASE.getTime() + offsetMs);
const slot = { status: 'not_released' as const, releaseAt: RELEASE, remaining: 200 };

describe('release gate', () => {
  it('when the server clock is a second before the release time, then the period is unreleased', () => {
    expect(isUnreleased(slot, at(-1_000))).toBe(true);
    expect(isUnreleased(slot, at(-1))).toBe(true);
  });

  it('when the server clock reaches the release time, then it is open at once, no poll needed', () => {
    expect(isUnreleased(slot, at(0))).toBe(false);
    expect(isUnreleased(slot, at(1_000))).toBe(false);
  });

  it('when a feed says not released without a time, then it stays unreleased until the feed says so', () => {
    expect(isUnreleased({ status: 'not_released', remaining: 5 }, at(86_400_000))).toBe(true);
    expect(notReleasedError({ status: 'not_released', remaining: 5 }, at(0))).toMatchObject({
      code: 'SLOT_NOT_RELEASED',
      details: undefined,
    });
  });

  it('when refused, then the error names the release time and the seconds to wait', () => {
    const err = notReleasedError(slot, at(-1_500));
    expect(err).toMatchObject({
      status: 409,
      code: 'SLOT_NOT_RELEASED',
      details: [{ field: 'releaseAt', message: '2026-12-08T08:00:00+08:00' }],
      headers: { 'Retry-After': '2' },
    });
  });
});
