import { mapDepartment, mapDoctor, mapHospital } from './directory-mapper';

const hospital = {
  orgCode: 'HZSZXRMYY',
  orgName: '惠州市中心人民医院',
  alias: ['市中心医院'],
  orgLevel: '三级甲等',
  orgType: '综合医院',
  areaName: '惠城区',
  address: '惠州市惠城区鹅岭北路41号',
  tel: '0752-2288288',
  longitude: 114.41,
  latitude: 23.11,
  campuses: [
    { campusCode: 'BB', campusName: '本部', address: '鹅岭北路41号', longitude: 114.41, latitude: 23.11 },
  ],
  intro: '…',
};

describe('regional directory mapper', () => {
  it('maps a platform hospital onto the contract with stable lower-case ids', () => {
    const m = mapHospital(hospital, []);
    expect(m).toMatchObject({
      ok: true,
      value: { id: 'hzszxrmyy', grade: '3A', district: 'huicheng', location: { lat: 23.11, lng: 114.41 } },
    });
  });

  it.each([
    [{ orgLevel: '特级' }, 'unknown grade'],
    [{ areaName: '深圳市' }, 'unknown area'],
    [{ latitude: 'north' }, 'hospital: latitude'],
    [{ orgCode: 'bad code!' }, 'hospital: orgCode'],
  ])('when the record has %p, then it is skipped with a reason', (patch, reason) => {
    const m = mapHospital({ ...hospital, ...patch }, []);
    expect(m.ok).toBe(false);
    expect(!m.ok && m.reason).toContain(reason);
  });

  it('groups a department by its standard code and counts its doctors', () => {
    const m = mapDepartment(
      { deptCode: 'XNK', deptName: '心内科', stdDeptCode: '03.04' },
      new Map([['xnk', 3]]),
    );
    expect(m).toMatchObject({
      ok: true,
      value: { id: 'xnk', code: '03.04', category: 'internal', doctorCount: 3 },
    });
    expect(mapDepartment({ deptCode: 'XNK', deptName: '心内科', stdDeptCode: 'cardio' }, new Map()).ok).toBe(
      false,
    );
  });

  it('skips doctors with an unknown title or department', () => {
    const depts = new Set(['xnk']);
    const doctor = {
      doctorCode: 'D001',
      doctorName: '李*华',
      titleName: '主任医师',
      deptCode: 'XNK',
      expertise: '冠心病',
    };
    expect(mapDoctor(doctor, 'hzszxrmyy', depts)).toMatchObject({
      ok: true,
      value: { id: 'hzszxrmyy-d001' },
    });
    expect(mapDoctor({ ...doctor, titleName: '院长' }, 'hzszxrmyy', depts)).toEqual({
      ok: false,
      reason: 'doctor: unknown title',
    });
    expect(mapDoctor({ ...doctor, deptCode: 'NONE' }, 'hzszxrmyy', depts)).toEqual({
      ok: false,
      reason: 'doctor: unknown department',
    });
  });
});
