import { findPerson, syntheticMasterId } from '../testing/report-people';
import { TEST_PATIENT } from '../hospitals/testing';
import {
  hasSeededReports,
  parseSeededReportId,
  REPORT_SHARE,
  REPORT_WINDOW_DAYS,
  seededReportId,
  seededVisits,
} from './seed';

const NOW = Date.parse('2026-01-05T07:00:00+08:00');
const people = Array.from({ length: 400 }, (_, n) => syntheticMasterId(n));

describe('seeded report visits', () => {
  it('when any master id is asked about, then the answer is the same every time and differs by hospital', () => {
    const a = people.map((p) => hasSeededReports('huizhou', 'hzszxrmyy', p));
    const b = people.map((p) => hasSeededReports('huizhou', 'hzszxrmyy', p));
    const other = people.map((p) => hasSeededReports('huizhou', 'blxrmyy', p));
    expect(a).toEqual(b);
    expect(a).not.toEqual(other);
    const share = a.filter(Boolean).length / a.length;
    expect(Math.abs(share - REPORT_SHARE)).toBeLessThan(0.1);
  });

  it('when a person has reports at a hospital, then 1 to 6 of them fall in the last three years, up to yesterday', () => {
    for (const p of people) {
      const visits = seededVisits('huizhou', 'hzsdsrmyy', p, NOW);
      if (!hasSeededReports('huizhou', 'hzsdsrmyy', p)) {
        expect(visits).toEqual([]);
        continue;
      }
      expect(visits.length).toBeGreaterThanOrEqual(1);
      expect(visits.length).toBeLessThanOrEqual(6);
      for (const v of visits) {
        expect(v.date <= '2026-01-04').toBe(true);
        expect(Date.parse(v.effective)).toBeGreaterThan(NOW - (REPORT_WINDOW_DAYS + 1) * 86_400_000);
        expect(Date.parse(v.issued)).toBeGreaterThan(Date.parse(v.effective));
        expect(v.effective.endsWith('+08:00')).toBe(true);
      }
      const dates = visits.map((v) => v.date);
      expect([...dates].sort().reverse()).toEqual(dates);
    }
  });

  it('when the clock moves a year on, then a visit still in the window keeps its id, date and times', () => {
    const p = findPerson((m) => seededVisits('huizhou', 'hzszxrmyy', m, NOW).length >= 3);
    const before = seededVisits('huizhou', 'hzszxrmyy', p, NOW);
    const after = seededVisits('huizhou', 'hzszxrmyy', p, NOW + 365 * 86_400_000);
    for (const v of after.filter((x) => before.some((b) => b.id === x.id)))
      expect(v).toEqual(before.find((b) => b.id === v.id));
  });

  it('when a seeded report id is read back, then it names its person and visit', () => {
    const id = seededReportId('imaging', TEST_PATIENT.masterId, 7);
    expect(id).toBe('R3F2A9C01B7D4E5F60718007');
    expect(parseSeededReportId(id)).toEqual({ masterId: TEST_PATIENT.masterId, ordinal: 7 });
    expect(parseSeededReportId('X000001')).toBeUndefined();
  });

  it('when the master id is not EMPI-shaped, then nobody has reports', () => {
    expect(seededVisits('huizhou', 'hzszxrmyy', 'not-a-master-id', NOW)).toEqual([]);
  });
});
