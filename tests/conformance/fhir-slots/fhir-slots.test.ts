import { createFeedAdapter } from '../../../bff/src/upstreams/hospitals/create-feed-adapter';
import type { FeedFetchResult } from '../../../bff/src/upstreams/hospitals/common/feed-adapter';
import { serveFixtures, type FixtureServer } from '../support/fixture-server';

// A FHIR R4 server written from the published Slot / Schedule / searchset pages, with none of our
// extensions: paging by relative and absolute next links, _include'd Schedules, an outcome entry,
// every Slot status, and a next link that leaves the server.
const NOW = new Date('2027-03-01T12:00:00+08:00');
const FHIR = 'application/fhir+json';

describe('a FHIR server that speaks plain R4', () => {
  let host: FixtureServer;
  let result: FeedFetchResult;
  beforeAll(async () => {
    host = await serveFixtures(__dirname, {
      '/fhir/Slot': { file: 'page1.json', contentType: FHIR },
      '/fhir/Slot/_page/2': { file: 'page2.json', contentType: FHIR },
      '/fhir/Slot/_page/3': { file: 'page3.json', contentType: FHIR },
      '/fhir/Schedule': { file: 'schedules.json', contentType: FHIR },
    });
    result = await createFeedAdapter({
      id: 'plainfhir',
      adapter: 'fhir',
      baseUrl: `${host.origin}/fhir`,
    }).fetch({
      cursor: null,
      now: NOW,
    });
  });
  afterAll(() => host.close());

  it('follows relative and absolute next links, and stops at one that leaves the server, reporting it', () => {
    expect(result.slots.map((s) => s.sourceId).sort()).toEqual(['s1', 's2', 's3', 's4', 's6', 's7']);
    expect(result.problems).toEqual([
      {
        url: 'http://elsewhere.example/fhir/Slot?page=4',
        reason: expect.stringContaining('leaves the feed'),
      },
    ]);
    expect(result.complete).toBe(false);
    expect(host.requests.some((r) => r.includes('elsewhere'))).toBe(false);
  });

  it('reads slots without our extensions as one appointment each, with no fee', () => {
    const by = (id: string) => result.slots.find((s) => s.sourceId === id)!;
    expect(by('s1')).toMatchObject({ capacity: 1, remaining: 1, status: 'available' });
    expect(by('s2')).toMatchObject({ capacity: 1, remaining: 0, status: 'full' });
    expect(by('s3')).toMatchObject({ status: 'cancelled', remaining: 0 });
    expect(by('s4')).toMatchObject({ status: 'full' });
    for (const s of result.slots) expect(s.feeFen).toBeUndefined();
  });

  it('takes doctor and department from an _include’d Schedule, searched Schedules for the rest', () => {
    expect(result.slots.find((s) => s.sourceId === 's2')).toMatchObject({
      doctorId: 'plainfhir-wang',
      doctorName: '王测试',
      departmentId: '0304',
      departmentCode: '03.04',
    });
    const s7 = result.slots.find((s) => s.sourceId === 's7')!;
    expect(s7).toMatchObject({ serviceName: '普通门诊', locationId: 'plainfhir:main', date: '2027-03-05' });
    expect(s7).not.toHaveProperty('doctorId');
    // A PractitionerRole without a display: the doctor's id is known, the name comes from the directory.
    expect(result.slots.find((s) => s.sourceId === 's6')).toMatchObject({
      doctorId: 'plainfhir-li',
      date: '2027-03-04',
    });
  });

  it('counts an entered-in-error slot as skipped with its reason; an outcome entry is not a record', () => {
    expect(result.skipped).toEqual({
      count: 1,
      samples: ['Slot/s5: entered-in-error (withdrawn by the hospital)'],
    });
  });
});
