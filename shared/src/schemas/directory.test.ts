import fc from 'fast-check';
import { HospitalListQuery, HospitalSummary } from './directory';

const firstPath = (input: unknown) => {
  const r = HospitalListQuery.safeParse(input);
  if (r.success) return 'ok';
  const issue = r.error.issues[0];
  return issue?.code === 'unrecognized_keys' ? issue.keys[0] : issue?.path.join('.');
};

describe('HospitalListQuery', () => {
  it('when nothing is given, then page 1 of 20', () => {
    expect(HospitalListQuery.parse({})).toEqual({ page: 1, pageSize: 20 });
  });

  it('when query-string values are strings, then numbers come out', () => {
    expect(
      HospitalListQuery.parse({ page: '3', pageSize: '50', district: 'boluo', grade: '3A', q: ' 中医 ' }),
    ).toEqual({ page: 3, pageSize: 50, district: 'boluo', grade: '3A', q: '中医' });
  });

  it.each([['1e9'], ['-1'], ['abc'], ['0'], ['51'], ['1.5'], [''], [['10', '20']]])(
    'when pageSize is %p, then pageSize is named',
    (pageSize) => {
      expect(firstPath({ pageSize })).toBe('pageSize');
    },
  );

  it('when q is over 50 characters, then q is named', () => {
    expect(firstPath({ q: '医'.repeat(51) })).toBe('q');
  });

  it.each([['q[$ne]'], ['$where'], ['district[$regex]'], ['foo']])(
    'when an operator-shaped or unknown parameter %s is sent, then it is refused by name',
    (key) => {
      expect(firstPath({ [key]: 'x' })).toBe(key);
    },
  );

  it('when a district or grade is not in the list, then it is refused', () => {
    expect(firstPath({ district: 'shenzhen' })).toBe('district');
    expect(firstPath({ grade: '4A' })).toBe('grade');
  });

  it('accepts every page size from 1 to 50 and no other integer', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1000, max: 1000 }), (n) => {
        const ok = HospitalListQuery.safeParse({ pageSize: String(n) }).success;
        return ok === (n >= 1 && n <= 50);
      }),
    );
  });

  it('never lets a non-string q through', () => {
    fc.assert(
      fc.property(fc.oneof(fc.array(fc.string()), fc.object(), fc.integer()), (q) => {
        return !HospitalListQuery.safeParse({ q }).success;
      }),
    );
  });
});

describe('HospitalSummary', () => {
  it('when a coordinate is out of range, then the record is invalid', () => {
    const base = {
      id: 'hzszxrmyy',
      name: '惠州市中心人民医院',
      aliases: [],
      grade: '3A',
      gradeName: '三级甲等',
      type: '综合医院',
      district: 'huicheng',
      districtName: '惠城区',
      address: '惠城区鹅岭北路41号',
      phone: '0752-2288288',
      location: { lat: 23.1, lng: 114.4 },
      campuses: [],
      departmentCount: 10,
    };
    expect(HospitalSummary.safeParse(base).success).toBe(true);
    expect(HospitalSummary.safeParse({ ...base, location: { lat: 123, lng: 114 } }).success).toBe(false);
  });
});
