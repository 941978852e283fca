import type { DynamicCode } from '@jiankang/shared';
import { codeFor, secondsUntilRefresh, stillUseful } from './code-window';

const T0 = Date.parse('2026-12-01T08:00:00+08:00');
/** Windows of 60 s, each valid 120 s, like the BFF's default offline pack. */
const pack: DynamicCode[] = Array.from({ length: 3 }, (_, i) => ({
  code: `JK1.CODE${i}`,
  kind: 'dynamic',
  scene: 'general',
  validFrom: new Date(T0 + i * 60_000).toISOString(),
  refreshAt: new Date(T0 + (i + 1) * 60_000).toISOString(),
  expiresAt: new Date(T0 + i * 60_000 + 120_000).toISOString(),
}));

describe('offline code windows', () => {
  it.each([
    [T0 - 1, undefined],
    [T0, 'JK1.CODE0'],
    [T0 + 60_000, 'JK1.CODE1'],
    [T0 + 179_999, 'JK1.CODE2'],
    [T0 + 300_000, undefined],
  ])('when the clock says %d, then the page shows %s', (now, expected) => {
    expect(codeFor(pack, now)?.code).toBe(expected);
  });

  it('when counting down, then whole seconds to the refresh, never negative', () => {
    expect(secondsUntilRefresh(pack[0]!, T0)).toBe(60);
    expect(secondsUntilRefresh(pack[0]!, T0 + 59_500)).toBe(1);
    expect(secondsUntilRefresh(pack[0]!, T0 + 90_000)).toBe(0);
  });

  it('when some have expired, then only the rest are kept', () => {
    expect(stillUseful(pack, T0 + 150_000).map((c) => c.code)).toEqual(['JK1.CODE1', 'JK1.CODE2']);
  });
});
