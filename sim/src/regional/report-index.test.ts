import iconv from 'iconv-lite';
import { startHospitalFeeds } from '../hospitals/server';
import type { HospitalFeedHandle } from '../hospitals/types';
import { reportHospitalIds } from '../reports/sources';
import { findPerson, syntheticMasterId } from '../testing/report-people';
import { signedFetch } from '../testing/signed-fetch';
import { startRegionalPlatform } from './server';
import type { RegionalPlatformHandle } from './types';
import type { ReportIndexItem } from './report-index';

const PATH = '/open/v1/report-index';
let platform: RegionalPlatformHandle;
let feeds: HospitalFeedHandle[];
beforeAll(async () => {
  platform = await startRegionalPlatform();
  // The report-serving hospitals of config/hospitals.json, each speaking its own protocol.
  feeds = await startHospitalFeeds([
    { hospitalId: 'hzszxrmyy', kind: 'fhir' },
    { hospitalId: 'hzsdyrmyy', kind: 'fhir' },
    { hospitalId: 'hzsdsrmyy', kind: 'fhir' },
    { hospitalId: 'blxrmyy', kind: 'his-xml', encoding: 'gbk' },
    { hospitalId: 'hdxrmyy', kind: 'his-xml' },
  ]);
});
afterEach(() => {
  platform.reset();
  feeds.forEach((f) => f.reset());
});
afterAll(() => Promise.all([platform.close(), ...feeds.map((f) => f.close())]));

const index = async (masterId: string, type?: string) => {
  const query: [string, string][] = [
    ['masterId', masterId],
    ...(type ? [['type', type] as [string, string]] : []),
  ];
  const res = await signedFetch(platform.url, PATH, { query });
  expect(res.status).toBe(200);
  return res.body.data as { masterId: string; type: string; total: number; items: ReportIndexItem[] };
};

/** What the hospitals themselves hold for the person, in the index's shape. */
function truth(masterId: string, category?: 'lab' | 'imaging') {
  return feeds
    .map((f) => ({ f, reports: f.reportsOf(masterId).filter((r) => !category || r.category === category) }))
    .filter(({ reports }) => reports.length > 0)
    .map(({ f, reports }) => ({
      hospitalId: f.hospitalId,
      reportCount: reports.length,
      latestIssued: reports.map((r) => r.issued).sort((a, b) => Date.parse(b) - Date.parse(a))[0],
    }))
    .sort((a, b) => a.hospitalId.localeCompare(b.hospitalId));
}
const shape = (items: ReportIndexItem[]) =>
  items
    .map(({ hospitalId, reportCount, latestIssued }) => ({ hospitalId, reportCount, latestIssued }))
    .sort((a, b) => a.hospitalId.localeCompare(b.hospitalId));

describe('regional report index', () => {
  it('when it is asked about many people, then it lists exactly the hospitals that hold their reports, with counts and latest', async () => {
    for (let n = 0; n < 25; n++) {
      const masterId = syntheticMasterId(n);
      const data = await index(masterId);
      expect(shape(data.items)).toEqual(truth(masterId));
      expect(data).toMatchObject({ masterId, type: 'all', total: data.items.length });
    }
  });

  it('when a person is looked up, then the counts agree with what each hospital answers over its own protocol', async () => {
    const masterId = findPerson((m) => feeds.every((f) => f.reportsOf(m).length > 0));
    const { items } = await index(masterId);
    expect(items.map((i) => i.hospitalId).sort()).toEqual(feeds.map((f) => f.hospitalId).sort());
    for (const item of items) {
      const feed = feeds.find((f) => f.hospitalId === item.hospitalId)!;
      let count: number;
      if (feed.kind === 'fhir') {
        const q = `patient.identifier=${encodeURIComponent(`urn:jiankang:empi|${masterId}`)}&_count=1`;
        count = ((await (await fetch(`${feed.url}/DiagnosticReport?${q}`)).json()) as { total: number })
          .total;
      } else {
        const lists = await Promise.all(
          ['3001', '3003'].map(async (jydm) => {
            const body = `<Request><JYDM>${jydm}</JYDM><HZID>${masterId}</HZID></Request>`;
            const res = await fetch(feed.url, { method: 'POST', body });
            const xml = iconv.decode(
              Buffer.from(await res.arrayBuffer()),
              feed === feeds[3] ? 'gbk' : 'utf8',
            );
            return (xml.match(/<ROW>/g) ?? []).length;
          }),
        );
        count = lists[0]! + lists[1]!;
      }
      expect([item.hospitalId, item.reportCount]).toEqual([item.hospitalId, count]);
      expect(item.reportCount).toBe((item.labCount ?? 0) + (item.imagingCount ?? 0));
      expect(item.orgCode).toBe(item.hospitalId.toUpperCase());
      expect(item.orgName).toMatch(/医院|人民医院/);
      expect(item.latestDate).toBe(item.latestIssued.slice(0, 10));
    }
    const dates = items.map((i) => Date.parse(i.latestIssued));
    expect([...dates].sort((a, b) => b - a)).toEqual(dates);
  });

  it.each(['lab', 'imaging'] as const)(
    'when type=%s, then only hospitals with that kind of report are listed',
    async (type) => {
      for (let n = 0; n < 10; n++) {
        const masterId = syntheticMasterId(n);
        const data = await index(masterId, type);
        expect(shape(data.items)).toEqual(truth(masterId, type));
        for (const item of data.items) {
          expect(item[type === 'lab' ? 'labCount' : 'imagingCount']).toBe(item.reportCount);
          expect(item[type === 'lab' ? 'imagingCount' : 'labCount']).toBeUndefined();
        }
      }
    },
  );

  it('when a test registers a report at a hospital, then the index lists it until that hospital resets', async () => {
    const hdx = feeds.find((f) => f.hospitalId === 'hdxrmyy')!;
    const masterId = findPerson((m) => hdx.reportsOf(m).length === 0);
    expect((await index(masterId)).items.some((i) => i.hospitalId === 'hdxrmyy')).toBe(false);
    hdx.addReport({ masterId, category: 'imaging', title: '胸部CT平扫', issued: new Date().toISOString() });
    const listed = (await index(masterId)).items.find((i) => i.hospitalId === 'hdxrmyy');
    expect(listed).toMatchObject({ reportCount: 1, imagingCount: 1, labCount: 0 });
    hdx.reset();
    expect((await index(masterId)).items.some((i) => i.hospitalId === 'hdxrmyy')).toBe(false);
  });

  it('when the registry is read, then the index covers its FHIR and HIS hospitals and no SMART one', () => {
    expect(reportHospitalIds().sort()).toEqual(['blxrmyy', 'hdxrmyy', 'hzsdsrmyy', 'hzsdyrmyy', 'hzszxrmyy']);
    // A registry file that cannot be read falls back to config/hospitals.json, not to a dead platform.
    expect(reportHospitalIds('/nonexistent/hospitals.json')).toEqual(reportHospitalIds());
  });

  it.each<[string, [string, string][], string]>([
    ['no masterId', [], 'masterId'],
    ['a malformed masterId', [['masterId', 'not-an-id']], 'masterId'],
    [
      'type=xray',
      [
        ['masterId', 'EMPI3F2A9C01B7D4E5F60718'],
        ['type', 'xray'],
      ],
      'type',
    ],
    [
      'an unknown parameter',
      [
        ['masterId', 'EMPI3F2A9C01B7D4E5F60718'],
        ['page', '1'],
      ],
      'page',
    ],
  ])('when the query has %s, then 400 40001 naming it', async (_, query, name) => {
    const res = await signedFetch(platform.url, PATH, { query });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe(40001);
    expect(res.body.message).toContain(name);
  });

  it('when the request is not signed, then 401; when the platform is down, then 503', async () => {
    const res = await fetch(`${platform.url}${PATH}?masterId=EMPI3F2A9C01B7D4E5F60718`);
    expect(res.status).toBe(401);
    platform.setFaults({ outage: true });
    const down = await signedFetch(platform.url, PATH, { query: [['masterId', 'EMPI3F2A9C01B7D4E5F60718']] });
    expect(down.status).toBe(503);
  });
});
