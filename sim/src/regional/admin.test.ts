import { startRegionalPlatform, type RegionalPlatformHandle } from '../index';
import { adminFetch } from '../testing/admin-fetch';
import { signedFetch } from '../testing/signed-fetch';

let platform: RegionalPlatformHandle;
beforeAll(async () => {
  platform = await startRegionalPlatform();
});
afterEach(() => platform.reset());
afterAll(() => platform.close());

const admin = (method: string, path: string, body?: unknown) => adminFetch(platform.url, method, path, body);

const detail = (orgCode: string) => signedFetch(platform.url, `/open/v1/hospitals/${orgCode}`);

describe('admin directory changes', () => {
  it('when a hospital is patched, then the next signed read shows the change and a newer updatedAt', async () => {
    const before = (await detail('HZSZXRMYY')).body.data;
    const res = await admin('PATCH', '/hospitals/HZSZXRMYY', { orgName: '惠州市中心人民医院（测试更名）' });
    expect(res.status).toBe(200);
    const after = (await detail('HZSZXRMYY')).body.data;
    expect(after.orgName).toBe('惠州市中心人民医院（测试更名）');
    expect(after.tel).toBe(before.tel);
    expect(Date.parse(after.updatedAt)).toBeGreaterThan(Date.parse(before.updatedAt));
  });

  it('when the patch sets updatedAt itself, then that value is kept', async () => {
    await admin('PATCH', '/hospitals/HZSZXRMYY', {
      intro: '测试简介。',
      updatedAt: '2030-01-01T00:00:00+08:00',
    });
    expect((await detail('HZSZXRMYY')).body.data).toMatchObject({
      intro: '测试简介。',
      updatedAt: '2030-01-01T00:00:00+08:00',
    });
  });

  it('when reset after a patch, then the seeded record is back', async () => {
    const before = (await detail('HZSZXRMYY')).body.data;
    await admin('PATCH', '/hospitals/HZSZXRMYY', { orgName: 'changed' });
    await admin('POST', '/reset');
    expect((await detail('HZSZXRMYY')).body.data).toEqual(before);
  });

  it.each([
    [{ orgLevel: '特级' }, 'orgLevel'],
    [{ areaName: '深圳' }, 'areaName'],
    [{ longitude: 'east' }, 'longitude'],
    [{ orgCode: 'NEWCODE' }, 'orgCode'],
    [{ deptCount: 3 }, 'deptCount'],
    [{ nickname: 'x' }, 'nickname'],
    [[1, 2], 'object'],
  ])('when the patch is %j, then 400 names %s', async (body, field) => {
    const res = await admin('PATCH', '/hospitals/HZSZXRMYY', body);
    expect(res.status).toBe(400);
    expect(res.body.message).toContain(field);
  });

  it('when the body is not JSON, then 400', async () => {
    const res = await admin('PATCH', '/hospitals/HZSZXRMYY', '{not json');
    expect(res.status).toBe(400);
    expect(res.body.code).toBe(40002);
  });

  it('when patching an unknown hospital, then 404 code 40401', async () => {
    expect((await admin('PATCH', '/hospitals/NOSUCH', { orgName: 'x' })).body.code).toBe(40401);
  });

  it('when a hospital is deleted, then it is gone from detail and list until reset', async () => {
    const total = (await signedFetch(platform.url, '/open/v1/hospitals')).body.data.total;
    expect((await admin('DELETE', '/hospitals/LMXZYYY')).status).toBe(200);
    expect((await detail('LMXZYYY')).status).toBe(404);
    expect((await signedFetch(platform.url, '/open/v1/hospitals')).body.data.total).toBe(total - 1);
    expect((await admin('DELETE', '/hospitals/LMXZYYY')).status).toBe(404);
    platform.reset();
    expect((await detail('LMXZYYY')).status).toBe(200);
  });

  it('when a minimal hospital is added, then it is served with generated departments and doctors', async () => {
    const res = await admin('POST', '/hospitals', {
      orgCode: 'HZSCSYY',
      orgName: '惠州市测试医院',
      orgLevel: '二级甲等',
      orgType: '综合医院',
      areaName: '仲恺',
    });
    expect(res.status).toBe(201);
    const h = (await detail('HZSCSYY')).body.data;
    expect(h).toMatchObject({
      orgName: '惠州市测试医院',
      areaName: '仲恺',
      alias: [],
      campuses: [{ campusName: '本部' }],
    });
    expect(h.deptCount).toBeGreaterThanOrEqual(8);
    expect(h.doctorCount).toBeGreaterThan(0);
    const depts = (await signedFetch(platform.url, '/open/v1/hospitals/HZSCSYY/departments')).body.data.items;
    expect(depts).toHaveLength(h.deptCount);
    expect(depts.every((d: { campusCode: string }) => d.campusCode === 'HZSCSYY01')).toBe(true);
  });

  it('when a hospital is added with its own departments and doctors, then exactly those are served', async () => {
    const res = await admin('POST', '/hospitals', {
      orgCode: 'ZKCSZS',
      orgName: '仲恺测试诊所',
      orgLevel: '未定级',
      orgType: '综合医院',
      areaName: '仲恺',
      departments: [
        { deptCode: 'QK', deptName: '全科', stdDeptCode: '02', campusCode: 'ZKCSZS01', intro: '' },
      ],
      doctors: [
        {
          doctorCode: 'D01',
          doctorName: '测试医生',
          gender: 'F',
          titleName: '主治医师',
          deptCode: 'QK',
          expertise: '擅长测试。',
        },
      ],
    });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ deptCount: 1, doctorCount: 1 });
  });

  it.each([
    [{ orgName: 'x', orgLevel: '一级', orgType: '综合医院', areaName: '仲恺' }, 'orgCode'],
    [{ orgCode: 'lower', orgName: 'x', orgLevel: '一级', orgType: '综合医院', areaName: '仲恺' }, 'orgCode'],
    [{ orgCode: 'ABCD', orgName: 'x', orgLevel: '一级', orgType: '诊所', areaName: '仲恺' }, 'orgType'],
    [
      {
        orgCode: 'ABCD',
        orgName: 'x',
        orgLevel: '一级',
        orgType: '综合医院',
        areaName: '仲恺',
        departments: [
          { deptCode: 'QK', deptName: '全科', stdDeptCode: '99', campusCode: 'ABCD01', intro: '' },
        ],
      },
      'stdDeptCode',
    ],
  ])('when the new hospital is %j, then 400 names %s', async (body, field) => {
    const res = await admin('POST', '/hospitals', body);
    expect(res.status).toBe(400);
    expect(res.body.message).toContain(field);
  });

  it('when the org code already exists, then 409', async () => {
    const res = await admin('POST', '/hospitals', {
      orgCode: 'HZSZXRMYY',
      orgName: 'dup',
      orgLevel: '一级',
      orgType: '综合医院',
      areaName: '惠城区',
    });
    expect(res.status).toBe(409);
  });

  it('when an admin path does not exist or uses the wrong method, then a JSON 404 or 405', async () => {
    expect((await admin('GET', '/nothing')).body.code).toBe(40401);
    const wrong = await admin('PUT', '/faults', {});
    expect(wrong.status).toBe(405);
    expect(wrong.body.code).toBe(40501);
  });
});
