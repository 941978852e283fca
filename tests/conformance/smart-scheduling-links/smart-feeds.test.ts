import { join } from 'node:path';
import { createFeedAdapter } from '../../../bff/src/upstreams/hospitals/create-feed-adapter';
import type { FeedFetchResult } from '../../../bff/src/upstreams/hospitals/common/feed-adapter';
import { serveFixtures, type FixtureServer } from '../support/fixture-server';

// Fixtures written by hand from the published SMART Scheduling Links specification and its 2025
// HL7 edition, served as real hosts serve them; imported through the real adapter over HTTP.
const NOW = new Date('2027-03-01T12:00:00+08:00');

describe('a publisher written exactly like the specification’s example (SMART Vaccine Clinic)', () => {
  let host: FixtureServer;
  let result: FeedFetchResult;
  beforeAll(async () => {
    const dir = join(__dirname, 'vaccine-clinic');
    host = await serveFixtures(dir, {
      '/$bulk-publish': { file: 'manifest.json', contentType: 'application/json' },
      // A cloud bucket: octet-stream, text/plain, CRLF, no final newline, a blank line.
      '/data/locations.ndjson': { file: 'locations.ndjson', contentType: 'application/octet-stream' },
      '/data/schedules.ndjson': { file: 'schedules.ndjson', contentType: 'application/x-ndjson', crlf: true },
      '/data/slots-2027-W10.ndjson': {
        file: 'slots.ndjson',
        contentType: 'text/plain',
        crlf: true,
        noFinalNewline: true,
      },
    });
    result = await createFeedAdapter({
      id: 'vaccine',
      adapter: 'smart-scheduling-links',
      baseUrl: host.origin,
    }).fetch({
      cursor: null,
      now: NOW,
    });
  });
  afterAll(() => host.close());

  it('imports every slot and drops only the one already over, counted as past; nothing is unreadable', () => {
    expect(result.slots.map((s) => s.sourceId).sort()).toEqual(['100', '101', '110', '120']);
    expect(result.past).toBe(1);
    expect(result.skipped).toEqual({ count: 0, samples: [] });
    expect(result.problems).toEqual([]);
    expect(result.complete).toBe(true);
  });

  it('reads Location-only schedules as service-level schedules: no department, no doctor, the serviceType display', () => {
    const s100 = result.slots.find((s) => s.sourceId === '100')!;
    expect(s100).not.toHaveProperty('departmentId');
    expect(s100).not.toHaveProperty('doctorId');
    expect(s100).toMatchObject({ scheduleId: '10', serviceName: 'Immunization', locationId: 'vaccine:0' });
  });

  it('reads capacity from slot-capacity, a busy aggregate as none left, an absent capacity as one appointment, and no fee as unknown', () => {
    const by = (id: string) => result.slots.find((s) => s.sourceId === id)!;
    expect(by('100')).toMatchObject({ capacity: 100, remaining: 100, status: 'available' });
    expect(by('101')).toMatchObject({ capacity: 100, remaining: 0, status: 'full' });
    expect(by('110')).toMatchObject({ capacity: 1, remaining: 1, status: 'available' });
    for (const s of result.slots) expect(s.feeFen).toBeUndefined();
  });

  it('keeps the booking deep link and phone per slot', () => {
    const by = (id: string) => result.slots.find((s) => s.sourceId === id)!;
    expect(by('100')).toMatchObject({
      bookingLink: 'https://ehr-portal.example.org/bookings?slot=opaque-slot-handle-100',
      bookingPhone: '000-000-0000',
    });
    expect(by('110').bookingLink).toBe(
      'https://ehr-portal.example.org/bookings?slot=opaque-slot-handle-89172489',
    );
    expect(by('120')).not.toHaveProperty('bookingLink');
  });

  it('takes times from their offset: the spec’s "-05" form, the local day of a coarse 9-to-6 slot', () => {
    const by = (id: string) => result.slots.find((s) => s.sourceId === id)!;
    expect(by('110').start.toISOString()).toBe('2027-03-02T20:00:00.000Z');
    expect(by('110').end.toISOString()).toBe('2027-03-02T20:20:00.000Z');
    // 09:00–18:00 in Boston is past midnight in Beijing; the slot still belongs to the 2nd there.
    expect(by('100')).toMatchObject({ date: '2027-03-02' });
    expect(by('100').end.toISOString()).toBe('2027-03-02T23:00:00.000Z');
  });

  it('keeps the Locations with name, phone, web page, address in reading order, position and identifiers', () => {
    expect(result.locations).toHaveLength(3);
    expect(result.locations![0]).toEqual({
      id: 'vaccine:0',
      hospitalId: 'vaccine',
      sourceId: '0',
      name: 'SMART Vaccine Clinic Boston',
      phone: '000-000-0000',
      url: 'https://example.com/clinics/boston',
      address: '123 Summer St, Boston, MA 02114-2625',
      latitude: 42.35,
      longitude: -71.06,
      identifiers: [{ system: 'https://cdc.gov/vaccines/programs/vtrcks', value: 'CV1654321' }],
    });
    expect(result.locations![1]).toMatchObject({
      description: 'Enter by the side door',
      address: '456 Main St, Suite 2, Worcester, MA 01608',
      district: 'Worcester County',
    });
    expect(result.locations![1]).not.toHaveProperty('latitude');
  });
});

describe('a hospital publishing in the 2025 HL7 style, with the faults real hosts have', () => {
  let host: FixtureServer;
  let result: FeedFetchResult;
  beforeAll(async () => {
    const dir = join(__dirname, 'huizhou-hospital');
    host = await serveFixtures(dir, {
      '/smart/$bulk-publish': { file: 'manifest.json', contentType: 'application/fhir+json' },
      '/smart/files/locations.ndjson': { file: 'locations.ndjson', contentType: 'application/fhir+ndjson' },
      '/smart/files/schedules.ndjson': { file: 'schedules.ndjson', contentType: 'application/fhir+ndjson' },
      '/smart/files/services.ndjson': { file: 'services.ndjson', contentType: 'application/fhir+ndjson' },
      '/smart/files/slots-2027-03-02.ndjson': {
        file: 'slots-2027-03-02.ndjson',
        contentType: 'application/json',
      },
      '/smart/files/slots-2027-03-03.ndjson': {
        file: 'slots-2027-03-03.ndjson',
        contentType: 'text/plain; charset=utf-8',
      },
      '/smart/files/slots-2027-03-04.ndjson': {
        file: 'slots-2027-03-04.ndjson',
        contentType: 'application/x-ndjson',
      },
      // 03-05 is not there (404); 03-06 never answers.
      '/smart/files/slots-2027-03-06.ndjson': { hang: true },
    });
    result = await createFeedAdapter({
      id: 'hzcs',
      adapter: 'smart-scheduling-links',
      baseUrl: `${host.origin}/smart`,
      // Wide enough for a busy machine; only the hung file ever reaches it.
      timeoutMs: 3_000,
    }).fetch({ cursor: null, now: NOW });
  });
  afterAll(() => host.close());

  it('imports every readable slot of the files it could get, and is partial, not complete', () => {
    expect(result.slots.map((s) => s.sourceId).sort()).toEqual([
      'c-0302-0800',
      'c-0302-0830',
      'c-0304-0800',
      'd-0303-day',
      'g-0302-am',
    ]);
    expect(result.past).toBe(1);
    expect(result.complete).toBe(false);
  });

  it('names each file it could not use and why: 404, timeout, another host (SSRF), unknown type, a broken line', () => {
    const reasons = Object.fromEntries(result.problems.map((p) => [p.url.split('/').pop(), p.reason]));
    expect(reasons['slots-2027-03-05.ndjson']).toMatch(/HTTP 404/);
    expect(reasons['slots-2027-03-06.ndjson']).toMatch(/no answer within 3000 ms/);
    expect(reasons['slots.ndjson']).toMatch(/another host \(169\.254\.169\.254\).*refused/);
    expect(reasons['appointments.ndjson']).toMatch(/unknown resource type Appointment/);
    expect(reasons['slots-2027-03-03.ndjson']).toMatch(/^line 6 is not JSON/);
    expect(result.problems).toHaveLength(5);
    // The link to another host was never fetched.
    expect(host.requests.some((r) => r.includes('meta-data'))).toBe(false);
  });

  it('counts every unreadable record with its reason and id', () => {
    expect(result.skipped.count).toBe(7);
    // The first five reasons are kept as samples; the Location one is the seventh.
    expect(result.skipped.samples).toEqual([
      'Schedule/sch-empty: no actor',
      'slots-2027-03-03.ndjson line 6: not JSON',
      'Slot/x-0303-1: unknown schedule Schedule/sch-missing',
      'Slot/x-0303-2: unknown schedule Schedule/sch-empty',
      'Schedule/sch-stray: not a Slot in a Slot file',
    ]);
  });

  it('reads the doctor from a PractitionerRole actor and the department from a HealthcareService actor', () => {
    expect(result.slots.find((s) => s.sourceId === 'c-0302-0800')).toMatchObject({
      departmentId: '0304',
      departmentCode: '03.04',
      doctorId: 'hzcs-dr-li',
      doctorName: '李测试',
      locationId: 'hzcs:campus-main',
      capacity: 1,
      remaining: 1,
      status: 'available',
      bookingLink: 'https://booking.hospital.example/slot/c-0302-0800',
    });
    expect(result.slots.find((s) => s.sourceId === 'c-0302-0830')).toMatchObject({
      remaining: 0,
      status: 'full',
    });
  });

  it('shows a Location-only schedule as 普通门诊 (its serviceType text) with the new-namespace link and phone', () => {
    const g = result.slots.find((s) => s.sourceId === 'g-0302-am')!;
    expect(g).toMatchObject({
      serviceName: '普通门诊',
      capacity: 30,
      remaining: 30,
      bookingLink: 'https://booking.hospital.example/slot/g-0302-am',
      bookingPhone: '0752-0000001',
      date: '2027-03-02',
    });
    expect(g).not.toHaveProperty('departmentId');
    expect(g).not.toHaveProperty('doctorId');
  });

  it('keeps an all-day slot on its own day, with the specialty’s text as the service', () => {
    const d = result.slots.find((s) => s.sourceId === 'd-0303-day')!;
    expect(d).toMatchObject({
      date: '2027-03-03',
      departmentId: '12',
      departmentCode: '12',
      serviceName: '皮肤科',
    });
    expect(d.end.getTime() - d.start.getTime()).toBe(24 * 3600_000);
    expect(d.bookingPhone).toBe('0752-0000002');
  });

  it('keeps the readable Locations (Chinese address order, text address) even though a Slot file failed', () => {
    expect(result.locations?.map((l) => l.sourceId)).toEqual(['campus-main', 'campus-east']);
    expect(result.locations?.[0]).toMatchObject({
      address: '广东省惠州市惠城区测试大道1号',
      latitude: 23.11,
    });
    expect(result.locations?.[1]).toMatchObject({ address: '广东省惠州市惠阳区测试东路2号' });
  });
});

describe('a manifest that cannot be read', () => {
  const fetchFrom = async (route: Parameters<typeof serveFixtures>[1][string]) => {
    const host = await serveFixtures(__dirname, { '/$bulk-publish': route });
    try {
      return await createFeedAdapter({ id: 'bad', adapter: 'smart-scheduling-links', baseUrl: host.origin })
        .fetch({ cursor: null, now: NOW })
        .then(
          () => null,
          (err: Error & { kind?: string }) => ({ kind: err.kind, message: err.message }),
        );
    } finally {
      await host.close();
    }
  };

  it('when it is not JSON (an HTML error page), then the read fails as malformed naming the Content-Type', async () => {
    expect(await fetchFrom({ body: '<html>502</html>', contentType: 'text/html' })).toMatchObject({
      kind: 'malformed',
      message: expect.stringContaining('manifest is not JSON (Content-Type text/html)'),
    });
  });

  it('when it has no transactionTime, then malformed with the field named', async () => {
    expect(await fetchFrom({ body: JSON.stringify({ output: [] }) })).toMatchObject({
      kind: 'malformed',
      message: expect.stringContaining('transactionTime'),
    });
  });

  it('when the host redirects it elsewhere, then the redirect is not followed', async () => {
    expect(await fetchFrom({ redirect: 'http://169.254.169.254/$bulk-publish' })).toMatchObject({
      message: expect.stringContaining('HTTP 302'),
    });
  });
});
