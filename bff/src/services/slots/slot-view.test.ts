import fc from 'fast-check';
import type { SlotStatus } from '@jiankang/shared';
import { statusAt } from './slot-view';

const STATUSES: SlotStatus[] = ['available', 'full', 'cancelled', 'not_released'];
const T = Date.parse('2026-11-23T00:00:00Z');

describe('statusAt (properties)', () => {
  const arb = fc.record({
    status: fc.constantFrom(...STATUSES),
    remaining: fc.integer({ min: 0, max: 10 }),
    releaseOffsetMin: fc.option(fc.integer({ min: -10_000, max: 10_000 }), { nil: undefined }),
  });

  it('never offers a period with nothing left, never reopens 停诊, and opens on its release time', () => {
    fc.assert(
      fc.property(arb, ({ status, remaining, releaseOffsetMin }) => {
        const releaseAt =
          releaseOffsetMin === undefined ? undefined : new Date(T + releaseOffsetMin * 60_000);
        const got = statusAt({ status, remaining, ...(releaseAt && { releaseAt }) }, new Date(T));
        if (got === 'available' && remaining === 0 && status !== 'available') return false;
        if (status === 'cancelled') return got === 'cancelled';
        if (status === 'not_released' && releaseAt && releaseAt.getTime() <= T)
          return got === (remaining > 0 ? 'available' : 'full');
        return got === status;
      }),
    );
  });
});
