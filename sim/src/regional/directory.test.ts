import { STANDARD_DEPARTMENTS, departmentCategory } from '@jiankang/shared/domain';
import { startRegionalPlatform, type RegionalPlatformHandle } from '../index';
import { readDirectory, type DirectorySnapshot } from '../testing/read-directory';
import { signedFetch } from '../testing/signed-fetch';
import { usccCheck } from './seed/credit-code';
import { AREA_NAMES, ORG_LEVELS, ORG_TYPES } from './vocabulary';

let platform: RegionalPlatformHandle;
let dir: DirectorySnapshot;
beforeAll(async () => {
  platform = await startRegionalPlatform();
  dir = await readDirectory(platform.url);
});
afterAll(() => platform.close());

const STD_CODES = new Set(STANDARD_DEPARTMENTS.map((d) => d.code));
const hospital = (name: string) => dir.hospitals.find((h) => h.orgName === name);

describe('hospital list paging', () => {
  it('when no paging is given, then page 1 of 20 comes back with the total', async () => {
    const { body } = await signedFetch(platform.url, '/open/v1/hospitals');
    expect(body.data).toMatchObject({ total: dir.hospitals.length, page: 1, pageSize: 20 });
    expect(body.data.items).toHaveLength(20);
  });

  it('when asking for the last page, then it holds the remainder', async () => {
    const total = dir.hospitals.length;
    const { body } = await signedFetch(platform.url, '/open/v1/hospitals', {
      query: [
        ['page', '3'],
        ['pageSize', '10'],
      ],
    });
    expect(body.data.items).toHaveLength(total - 20);
    expect(body.data.items[0].orgCode).toBe(dir.hospitals[20]?.orgCode);
  });

  it('when asking past the last page, then items are empty and total is unchanged', async () => {
    const { status, body } = await signedFetch(platform.url, '/open/v1/hospitals', {
      query: [['page', '99']],
    });
    expect(status).toBe(200);
    expect(body.data).toMatchObject({ total: dir.hospitals.length, items: [] });
  });

  it.each([
    ['pageSize', '101'],
    ['pageSize', '0'],
    ['pageSize', 'abc'],
    ['page', '0'],
    ['page', '-1'],
    ['page', '1.5'],
    ['page', ''],
    ['size', '10'],
  ])('when %s=%p, then 400 code 40001 naming the parameter', async (key, value) => {
    const res = await signedFetch(platform.url, '/open/v1/hospitals', { query: [[key, value]] });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe(40001);
    expect(res.body.message).toContain(key);
  });

  it('when doctors are asked with pageSize 101, then 400 code 40001', async () => {
    const res = await signedFetch(platform.url, '/open/v1/hospitals/HZSZXRMYY/doctors', {
      query: [['pageSize', '101']],
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe(40001);
  });

  it('when listing, then hospitals are in orgCode order and codes are unique', () => {
    const codes = dir.hospitals.map((h) => h.orgCode);
    expect(codes).toEqual([...codes].sort());
    expect(new Set(codes).size).toBe(codes.length);
  });
});

describe('hospital detail', () => {
  it('when the org code exists, then the detail equals the list entry', async () => {
    const { body } = await signedFetch(platform.url, '/open/v1/hospitals/HZSZXRMYY');
    expect(body.data).toEqual(hospital('惠州市中心人民医院'));
  });

  it.each([
    '/open/v1/hospitals/NOSUCHCODE',
    '/open/v1/hospitals/NOSUCHCODE/departments',
    '/open/v1/hospitals/NOSUCHCODE/doctors',
  ])('when %s is unknown, then 404 code 40401', async (path) => {
    const res = await signedFetch(platform.url, path);
    expect(res.status).toBe(404);
    expect(res.body.code).toBe(40401);
  });
});

describe('seeded directory', () => {
  it('when read in full, then there are at least 20 hospitals covering all seven areas', () => {
    expect(dir.hospitals.length).toBeGreaterThanOrEqual(20);
    expect(new Set(dir.hospitals.map((h) => h.areaName))).toEqual(new Set(AREA_NAMES));
  });

  it.each([
    ['惠州市中心人民医院', '三级甲等', '综合医院', '惠城区'],
    ['惠州市第一人民医院', '三级甲等', '综合医院', '惠城区'],
    ['惠州市中医医院', '三级甲等', '中医医院', '惠城区'],
    ['惠州市第三人民医院', '三级甲等', '综合医院', '惠城区'],
    ['惠州市妇幼保健院', '三级甲等', '妇幼保健院', '惠城区'],
    ['惠州市第二人民医院', undefined, '专科医院', '惠城区'],
    ['惠州市第六人民医院', undefined, '综合医院', undefined],
    ['仲恺高新区陈江街道社区卫生服务中心', '一级', undefined, '仲恺'],
    ['大亚湾经济技术开发区人民医院', undefined, undefined, '大亚湾'],
  ])('when looking for %s, then it is there as %s %s in %s', (name, level, type, area) => {
    const h = hospital(name);
    expect(h).toBeDefined();
    if (level) expect(h?.orgLevel).toBe(level);
    if (type) expect(h?.orgType).toBe(type);
    if (area) expect(h?.areaName).toBe(area);
  });

  it('when checking every hospital, then its fields are in the documented shape', () => {
    expect(hospital('惠州市中心人民医院')?.orgCode).toBe('HZSZXRMYY');
    for (const h of dir.hospitals) {
      expect(h.orgCode).toMatch(/^[A-Z0-9]{4,20}$/);
      expect(h.creditCode).toMatch(/^12\d{6}[A-HJ-NPQRTUWXY]\d{7}[0-9X][0-9A-HJ-NPQRTUWXY]$/);
      expect(usccCheck(h.creditCode.slice(0, 17))).toBe(h.creditCode[17]);
      expect(ORG_LEVELS).toContain(h.orgLevel);
      expect(ORG_TYPES).toContain(h.orgType);
      expect(h.alias.length).toBeGreaterThan(0);
      expect(h.address).toMatch(/^惠州市/);
      expect(h.tel).toMatch(/^0752-\d{7}$/);
      for (const place of [h, ...h.campuses]) {
        expect(place.longitude).toBeGreaterThan(114.0);
        expect(place.longitude).toBeLessThan(115.4);
        expect(place.latitude).toBeGreaterThan(22.5);
        expect(place.latitude).toBeLessThan(23.9);
      }
      expect(h.campuses.length).toBeGreaterThanOrEqual(1);
      expect(h.campuses.length).toBeLessThanOrEqual(3);
      expect(h.campuses[0]).toMatchObject({
        address: h.address,
        longitude: h.longitude,
        latitude: h.latitude,
      });
      expect(h.intro.split('。').filter(Boolean).length).toBeGreaterThanOrEqual(2);
      expect(h.intro.split('。').filter(Boolean).length).toBeLessThanOrEqual(3);
      expect(h.updatedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/);
      expect(h.deptCount).toBe(dir.departments[h.orgCode]?.length);
      expect(h.doctorCount).toBe(dir.doctors[h.orgCode]?.length);
    }
  });

  it('when reading departments, then every hospital has at least 8 with standard codes from the shared table', () => {
    for (const h of dir.hospitals) {
      const depts = dir.departments[h.orgCode] ?? [];
      const campusCodes = h.campuses.map((c) => c.campusCode);
      expect(depts.length).toBeGreaterThanOrEqual(8);
      expect(new Set(depts.map((d) => d.deptCode)).size).toBe(depts.length);
      for (const d of depts) {
        expect(d.deptCode).toMatch(/^[A-Z0-9]{2,12}$/);
        expect(STD_CODES.has(d.stdDeptCode)).toBe(true);
        expect(campusCodes).toContain(d.campusCode);
        expect(d.deptName).not.toBe('');
        expect(d.intro).not.toBe('');
      }
    }
  });

  it('when a hospital is a big 三甲 general hospital, then it has 15-25 departments', () => {
    for (const h of dir.hospitals.filter((x) => x.orgLevel === '三级甲等' && x.orgType === '综合医院')) {
      const n = dir.departments[h.orgCode]?.length ?? 0;
      expect(n).toBeGreaterThanOrEqual(15);
      expect(n).toBeLessThanOrEqual(25);
    }
  });

  it('when a hospital is a 妇幼保健院 or 中医医院, then its departments lean that way', () => {
    const share = (orgCode: string, category: string) => {
      const depts = dir.departments[orgCode] ?? [];
      return depts.filter((d) => departmentCategory(d.stdDeptCode) === category).length / depts.length;
    };
    for (const h of dir.hospitals) {
      if (h.orgType === '妇幼保健院') expect(share(h.orgCode, 'women-children')).toBeGreaterThan(0.5);
      if (h.orgType === '中医医院') expect(share(h.orgCode, 'tcm')).toBeGreaterThan(0.4);
    }
  });

  it('when reading doctors, then each department has 2-8 with valid codes and titles', () => {
    const titles = new Map<string, number>();
    for (const h of dir.hospitals) {
      const doctors = dir.doctors[h.orgCode] ?? [];
      expect(new Set(doctors.map((d) => d.doctorCode)).size).toBe(doctors.length);
      for (const dept of dir.departments[h.orgCode] ?? []) {
        const n = doctors.filter((d) => d.deptCode === dept.deptCode).length;
        expect(n).toBeGreaterThanOrEqual(2);
        expect(n).toBeLessThanOrEqual(8);
      }
      for (const d of doctors) {
        expect(d.doctorCode).toMatch(/^[A-Z0-9]{3,16}$/);
        expect(d.doctorName).toMatch(/^\p{Script=Han}{2,4}$/u);
        expect(['M', 'F']).toContain(d.gender);
        expect(d.expertise).toMatch(/^擅长.+。$/);
        titles.set(d.titleName, (titles.get(d.titleName) ?? 0) + 1);
      }
    }
    expect([...titles.keys()].sort()).toEqual(['主任医师', '主治医师', '住院医师', '副主任医师'].sort());
    const [mostCommon] = [...titles.entries()].sort((a, b) => b[1] - a[1])[0] ?? [];
    expect(mostCommon).toBe('主治医师');
  });

  it('when scanning everything published, then nothing looks like an ID number or a mobile number', () => {
    const text = JSON.stringify(dir);
    expect(text.match(/\d{17}[\dX]/)).toBeNull();
    expect(text.match(/(?<!\d)1[3-9]\d{9}(?!\d)/)).toBeNull();
  });
});
