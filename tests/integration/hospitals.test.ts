import {
  DoctorListResponse,
  HospitalDetailResponse,
  HospitalListResponse,
  titleRank,
  type HospitalSummary,
} from '@jiankang/shared';
import { startStack, type Stack } from '../support/stack';
import { expectEnvelope, getJson } from '../support/http';

let stack: Stack;
const api = (path: string) => `${stack.baseUrl}/api/v1${path}`;

async function list(query: string): Promise<HospitalListResponse> {
  const res = await getJson(api(`/hospitals${query}`));
  expect(res.status).toBe(200);
  return HospitalListResponse.parse(res.body);
}

beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.close();
});

describe('GET /api/v1/hospitals', () => {
  it('when no filter is given, then the first page lists the city, best graded first, with freshness', async () => {
    const body = await list('');
    expect(body.total).toBeGreaterThanOrEqual(18);
    expect(body.items).toHaveLength(20);
    expect(body.items[0]?.grade).toBe('3A');
    expect(body.directory.stale).toBe(false);
    expect(body.directory.ageSeconds).toBeGreaterThanOrEqual(0);
    const names = (await list('?pageSize=50')).items.map((h) => h.name);
    expect(names).toEqual(
      expect.arrayContaining(['惠州市中心人民医院', '惠州市第一人民医院', '惠州市中医医院']),
    );
  });

  it('when paging, then pages do not overlap and add up to total', async () => {
    const first = await list('?pageSize=7&page=1');
    const seen = new Set<string>();
    let page = 1;
    let items: HospitalSummary[] = first.items;
    while (items.length > 0) {
      for (const h of items) {
        expect(seen.has(h.id)).toBe(false);
        seen.add(h.id);
      }
      page += 1;
      items = (await list(`?pageSize=7&page=${page}`)).items;
    }
    expect(seen.size).toBe(first.total);
  });

  it.each(['huicheng', 'huiyang', 'huidong', 'boluo', 'longmen', 'dayawan', 'zhongkai'])(
    'when filtering district %s, then every hospital is there and at least one exists',
    async (district) => {
      const body = await list(`?district=${district}&pageSize=50`);
      expect(body.total).toBeGreaterThan(0);
      expect(body.items.every((h) => h.district === district)).toBe(true);
    },
  );

  it('when filtering grade 3A, then only 三级甲等 come back', async () => {
    const body = await list('?grade=3A&pageSize=50');
    expect(body.total).toBeGreaterThan(0);
    expect(body.items.every((h) => h.gradeName === '三级甲等')).toBe(true);
  });

  it('when q is part of a name or an alias, then the hospital matches', async () => {
    const byName = await list(`?q=${encodeURIComponent('中医')}&pageSize=50`);
    expect(byName.total).toBeGreaterThanOrEqual(2);
    expect(byName.items.every((h) => [h.name, ...h.aliases].some((n) => n.includes('中医')))).toBe(true);

    const all = await list('?pageSize=50');
    const withAlias = all.items.find((h) => h.aliases.some((a) => !h.name.includes(a)));
    expect(withAlias).toBeDefined();
    const alias = withAlias!.aliases.find((a) => !withAlias!.name.includes(a))!;
    const byAlias = await list(`?q=${encodeURIComponent(alias)}`);
    expect(byAlias.items.map((h) => h.id)).toContain(withAlias!.id);
  });

  it('when q matches nothing, then an empty page, not an error', async () => {
    const body = await list(`?q=${encodeURIComponent('不存在的医院名称')}`);
    expect(body).toMatchObject({ items: [], total: 0 });
  });

  it('when the client sends the ETag back, then 304 without a body', async () => {
    const first = await getJson(api('/hospitals?district=boluo'));
    const etag = first.headers.get('etag');
    expect(etag).toBeTruthy();
    const again = await getJson(api('/hospitals?district=boluo'), { 'If-None-Match': etag! });
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
    const other = await getJson(api('/hospitals?district=huidong'), { 'If-None-Match': etag! });
    expect(other.status).toBe(200);
  });
});

describe('GET /api/v1/hospitals/:id and doctors', () => {
  it('when the hospital exists, then it comes with at least 8 departments in known categories', async () => {
    const { items } = await list('?pageSize=50');
    for (const h of items) {
      const res = await getJson(api(`/hospitals/${h.id}`));
      expect(res.status).toBe(200);
      const { hospital } = HospitalDetailResponse.parse(res.body);
      expect(hospital.id).toBe(h.id);
      expect(hospital.departments.length).toBeGreaterThanOrEqual(8);
      expect(hospital.departmentCount).toBe(hospital.departments.length);
      expect(hospital.campuses.length).toBeGreaterThanOrEqual(1);
    }
  });

  it('when a department is opened, then its doctors come senior first', async () => {
    const { items } = await list('?grade=3A');
    const { hospital } = HospitalDetailResponse.parse(
      (await getJson(api(`/hospitals/${items[0]!.id}`))).body,
    );
    const dept = hospital.departments.find((d) => d.doctorCount > 1)!;
    const res = await getJson(api(`/hospitals/${hospital.id}/departments/${dept.id}/doctors`));
    expect(res.status).toBe(200);
    const body = DoctorListResponse.parse(res.body);
    expect(body.department.id).toBe(dept.id);
    expect(body.items).toHaveLength(dept.doctorCount);
    const ranks = body.items.map((d) => titleRank(d.title));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(body.items.every((d) => d.hospitalId === hospital.id && d.departmentId === dept.id)).toBe(true);
  });

  it('when the hospital id is unknown, then 404 HOSPITAL_NOT_FOUND', async () => {
    expectEnvelope(await getJson(api('/hospitals/nosuchhospital')), 404, 'HOSPITAL_NOT_FOUND');
    expectEnvelope(await getJson(api(`/hospitals/${'x'.repeat(300)}`)), 404, 'HOSPITAL_NOT_FOUND');
    expectEnvelope(
      await getJson(api('/hospitals/nosuch/departments/0304/doctors')),
      404,
      'HOSPITAL_NOT_FOUND',
    );
  });

  it('when the department id is unknown, then 404 DEPARTMENT_NOT_FOUND', async () => {
    const { items } = await list('');
    expectEnvelope(
      await getJson(api(`/hospitals/${items[0]!.id}/departments/nosuchdept/doctors`)),
      404,
      'DEPARTMENT_NOT_FOUND',
    );
  });
});
