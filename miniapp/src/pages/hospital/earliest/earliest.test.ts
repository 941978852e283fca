import type { SourceReport } from '@jiankang/shared';
import { liveSummary, unreachableHospitals } from './earliest';

const src = (name: string, over: Partial<SourceReport> = {}): SourceReport => ({
  hospitalId: name,
  hospitalName: name,
  status: 'ok',
  asOf: '2026-11-23T00:00:00.000Z',
  lagSeconds: 10,
  ...over,
});

describe('unreachableHospitals', () => {
  it('when sources are unhealthy or a live refresh timed out or failed, then those hospitals are named', () => {
    const sources = [
      src('甲医院'),
      src('乙医院', { status: 'error' }),
      src('丙医院', { live: 'timeout' }),
      src('丁医院', { live: 'failed' }),
      src('戊医院', { live: 'refreshed' }),
      src('己医院', { live: 'skipped' }),
      src('庚医院', { status: 'circuit_open', live: 'failed' }),
    ];
    expect(unreachableHospitals(sources)).toEqual(['乙医院', '丙医院', '丁医院', '庚医院']);
    expect(unreachableHospitals([src('甲医院')])).toEqual([]);
  });
});

describe('liveSummary', () => {
  it('when the answer came from a live refresh, then it says how many hospitals answered and how long it took', () => {
    const sources = [src('a', { live: 'refreshed' }), src('b', { live: 'timeout' })];
    expect(liveSummary({ live: { deadlineMs: 800, elapsedMs: 812, partial: true }, sources })).toBe(
      '已实时查询 1/2 家医院（0.8 秒）',
    );
    expect(liveSummary({ live: null, sources })).toBeNull();
  });
});
