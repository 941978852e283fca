import type { ReportListItem, TrendPoint } from '@jiankang/shared';
import { base64Ascii } from './base64';
import { flagText, groupReports, sourcesNotice, statusMark } from './reports';
import { trendSvgDataUrl } from './trend-svg';

const report = (id: string, hospitalId: string, issuedAt: string): ReportListItem => ({
  id,
  hospitalId,
  hospitalName: `${hospitalId}医院`,
  type: 'lab',
  title: '血常规',
  issuedAt,
  abnormalCount: 0,
  problems: [],
  mutualRecognition: false,
});

describe('report list helpers', () => {
  it('when reports span days and hospitals, then newest day first, one block per hospital, Beijing dates', () => {
    const groups = groupReports([
      report('a', 'h1', '2026-11-30T09:00:00+08:00'),
      report('b', 'h2', '2026-12-01T07:30:00+08:00'),
      // 23:10 UTC on the 30th is already 07:10 on the 1st in Beijing.
      report('c', 'h1', '2026-11-30T23:10:00Z'),
      report('d', 'h2', '2026-12-01T06:00:00+08:00'),
    ]);
    expect(groups.map((g) => g.date)).toEqual(['2026-12-01', '2026-11-30']);
    expect(groups[0]!.hospitals.map((h) => [h.hospitalId, h.reports.map((r) => r.id)])).toEqual([
      ['h2', ['b', 'd']],
      ['h1', ['c']],
    ]);
  });

  it('when a hospital timed out or failed, then the notice names it; none when all answered', () => {
    expect(sourcesNotice([{ hospitalId: 'h1', hospitalName: '甲院', status: 'ok' }])).toBeNull();
    expect(
      sourcesNotice([
        { hospitalId: 'h1', hospitalName: '甲院', status: 'timeout' },
        { hospitalId: 'h2', hospitalName: '乙院', status: 'stale' },
      ]),
    ).toBe('甲院响应超时；乙院暂时无法连接，显示的是之前获取的报告');
  });

  it('names a hospital whose records could not all be read, never as ok', () => {
    expect(
      sourcesNotice([{ hospitalId: 'h1', hospitalName: '甲院', status: 'partial', skippedCount: 3 }]),
    ).toBe('甲院部分报告暂无法显示（3 条记录无法读取）');
  });

  it('marks preliminary and corrected reports', () => {
    expect(statusMark('preliminary')).toBe('初步报告');
    expect(statusMark('amended')).toBe('已更正');
    expect(statusMark('final')).toBeNull();
    expect(statusMark(undefined)).toBeNull();
  });

  it('shows abnormal flags with an arrow and a word', () => {
    expect(flagText('H')).toEqual({ arrow: '↑', word: '偏高' });
    expect(flagText('L')).toEqual({ arrow: '↓', word: '偏低' });
    expect(flagText('N')).toBeNull();
    expect(flagText(null)).toBeNull();
  });
});

describe('trend chart', () => {
  const point = (at: string, value: number, flag: 'H' | 'N' = 'N'): TrendPoint => ({
    at,
    value,
    flag,
    hospitalId: 'h',
    hospitalName: '甲院',
    reportId: 'r',
    original: { value: String(value), unit: 'mmol/L' },
  });

  it('when drawn, then one point per result, abnormal ones hollow, and the dates of the ends', () => {
    const url = trendSvgDataUrl(
      [point('2024-01-02T08:00:00+08:00', 5.1), point('2025-06-01T08:00:00+08:00', 7.4, 'H')],
      { range: { low: 3.9, high: 6.1 } },
    );
    const svg = Buffer.from(url.split(',')[1]!, 'base64').toString('ascii');
    expect(svg.match(/<circle/g)).toHaveLength(2);
    expect(svg).toContain('stroke="#b42318"');
    expect(svg).toContain('2024-01-02');
    expect(svg).toContain('2025-06-01');
  });

  it('when there is one point or none, then it still draws', () => {
    expect(trendSvgDataUrl([point('2024-01-02T08:00:00+08:00', 5.1)])).toMatch(
      /^data:image\/svg\+xml;base64,/,
    );
    expect(trendSvgDataUrl([])).toMatch(/^data:image\/svg\+xml;base64,/);
  });

  it('encodes base64 like Buffer does', () => {
    for (const s of ['', 'a', 'ab', 'abc', '<svg viewBox="0 0 1 1"/>'])
      expect(base64Ascii(s)).toBe(Buffer.from(s, 'ascii').toString('base64'));
  });
});
