import { analyteFor, flagFor, normalizeUnit, parseReferenceRange } from '@jiankang/shared/domain';
import { ReportBook } from './report-book';
import { syntheticMasterId } from '../testing/report-people';
import { REPORT_PROFILES } from './profiles';

const now = () => new Date('2026-01-05T07:00:00+08:00');
const HOSPITALS = ['hzszxrmyy', 'hzsdyrmyy', 'hzsdsrmyy', 'blxrmyy', 'hdxrmyy'];
const people = Array.from({ length: 80 }, (_, n) => syntheticMasterId(n));

describe.each(HOSPITALS)('seeded reports of %s', (hospitalId) => {
  const book = new ReportBook(hospitalId, 'huizhou', now);
  const reports = people.flatMap((p) => book.forPerson(p));
  const results = reports.flatMap((r) => r.results);

  it('when read with the shared rules, then every range parses to the bounds sent and every flag fits its value', () => {
    expect(results.length).toBeGreaterThan(50);
    const flags = book.profile.flags;
    for (const x of results) {
      const range = parseReferenceRange(x.range);
      expect([x.range, range?.low, range?.high]).toEqual([x.range, x.low, x.high]);
      const flag = flagFor(x.value, range);
      expect(flag).not.toBeNull();
      expect([x.code, x.value, x.range, x.flag]).toEqual([
        x.code,
        x.value,
        x.range,
        flags ? flags[flag!] : undefined,
      ]);
    }
    if (flags) expect(new Set(results.map((x) => x.flag))).toEqual(new Set(Object.values(flags)));
  });

  it('when the unit and item are read with the shared tables, then the spelling and the analyte are recognised', () => {
    for (const x of results) {
      expect([x.unit, normalizeUnit(x.unit)]).toEqual([x.unit, normalizeUnit(x.ucum)]);
      expect(analyteFor({ loinc: x.loinc, localCode: x.code, name: x.name })).not.toBeNull();
      expect(analyteFor({ name: x.name })).toBe(analyteFor({ loinc: x.loinc, localCode: x.code }));
    }
  });

  it('when imaging reports are made, then each has findings and a conclusion, and a PDF where the profile says', () => {
    const imaging = reports.filter((r) => r.category === 'imaging');
    expect(imaging.length).toBeGreaterThan(5);
    for (const r of imaging) {
      expect(r.findings && r.conclusion).toBeTruthy();
      expect(r.attachment !== undefined).toBe(book.profile.pdf !== 'none');
    }
  });
});

describe('report profiles', () => {
  it('when a hospital is not in the table, then it still gets one of the profiles, the same each time', () => {
    const a = new ReportBook('hzsfybjy', 'huizhou', now).profile;
    expect(Object.values(REPORT_PROFILES)).toContain(a);
    expect(new ReportBook('hzsfybjy', 'huizhou', now).profile).toBe(a);
  });
});
