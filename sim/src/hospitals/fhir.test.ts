import { generateDirectory } from '../regional/seed/generate';
import { startHospitalFeed } from './server';
import { freeSlot, testClock, type Json } from './testing';
import type { HospitalFeedHandle } from './types';

const clock = testClock();
let feed: HospitalFeedHandle;
beforeAll(async () => {
  feed = await startHospitalFeed({
    hospitalId: 'hzszxrmyy',
    kind: 'fhir',
    profile: 'enriched',
    now: clock.now,
  });
});
afterEach(() => {
  feed.reset();
  clock.set('2026-01-05T07:00:00+08:00');
});
afterAll(() => feed.close());

const get = async (url: string, headers: Record<string, string> = {}) => {
  const res = await fetch(url, { headers });
  return { res, body: res.status === 304 ? undefined : ((await res.json()) as Json) };
};

/** Follows next links until there are none; returns every entry's resource. */
async function readAll(url: string): Promise<Json[]> {
  const out: Json[] = [];
  for (let next: string | undefined = url; next;) {
    const { res, body } = await get(next);
    expect(res.status).toBe(200);
    out.push(...body.entry.map((e: Json) => e.resource));
    next = body.link.find((l: Json) => l.relation === 'next')?.url;
  }
  return out;
}

const ext = (r: Json, name: string) => r.extension.find((e: Json) => e.url.endsWith(`/${name}`));

describe('FHIR R4 slot feed', () => {
  it('when Slots are searched with paging, then next links walk every matching slot exactly once', async () => {
    const truth = feed.listSlots().filter((s) => s.status === 'free' && s.released);
    const slots = await readAll(`${feed.url}/Slot?status=free&_count=100`);
    expect(slots.map((s) => s.id)).toEqual(truth.map((s) => s.sourceSlotId));
    expect(new Set(slots.map((s) => s.id)).size).toBe(slots.length);
  });

  it('when a Slot is read, then it has the FHIR shape with +08:00 times, codings and our extensions', async () => {
    const { res, body } = await get(`${feed.url}/Slot?_count=1`);
    expect(res.headers.get('content-type')).toMatch(/^application\/fhir\+json/);
    expect(body).toMatchObject({ resourceType: 'Bundle', type: 'searchset' });
    const slot = body.entry[0].resource;
    const truth = feed.listSlots()[0]!;
    expect(slot).toMatchObject({
      resourceType: 'Slot',
      id: truth.sourceSlotId,
      schedule: { reference: `Schedule/sch-${truth.doctorCode}` },
      start: truth.start,
      end: truth.end,
      meta: { versionId: String(truth.version), lastUpdated: truth.lastUpdated },
    });
    expect(slot.start).toMatch(/^2026-01-05T\d{2}:\d{2}:00\+08:00$/);
    expect(slot.serviceType[0].coding[0]).toMatchObject({
      system: 'urn:cn:nhc:dept-code',
      code: truth.stdDeptCode,
    });
    expect(slot.specialty[0].coding[1]).toMatchObject({ code: truth.deptCode });
    expect(ext(slot, 'slot-capacity').valueInteger).toBe(truth.capacity);
    expect(ext(slot, 'slot-remaining').valueInteger).toBe(truth.remaining);
    expect(ext(slot, 'slot-fee').valueMoney).toEqual({ value: truth.feeFen / 100, currency: 'CNY' });
  });

  it('when Schedules are searched, then each names a Practitioner and department that exist in the directory', async () => {
    const entry = generateDirectory('huizhou').find((e) => e.hospital.orgCode === 'HZSZXRMYY')!;
    const schedules = await readAll(`${feed.url}/Schedule?_count=7`);
    expect(schedules.length).toBeGreaterThan(3);
    for (const s of schedules) {
      const code = s.actor[0].reference.replace('Practitioner/', '');
      const doctor = entry.doctors.find((d) => d.doctorCode === code);
      expect(doctor).toBeDefined();
      expect(s.actor[1].reference).toBe(`HealthcareService/${doctor!.deptCode}`);
    }
    const slots = feed.listSlots();
    expect(new Set(slots.map((s) => s.deptCode)).size).toBeGreaterThanOrEqual(4);
    expect(slots.some((s) => s.stdDeptCode === '03.04') && slots.some((s) => s.stdDeptCode === '07')).toBe(
      true,
    );
  });

  it('when filtering by schedule and a start range, then only that doctor on that Beijing day comes back', async () => {
    const first = feed.listSlots()[0]!;
    const q = `schedule=Schedule/sch-${first.doctorCode}&start=ge${first.date}&start=lt${first.date}T23:59:59%2B08:00`;
    const slots = await readAll(`${feed.url}/Slot?${q}`);
    const truth = feed.listSlots().filter((s) => s.doctorCode === first.doctorCode && s.date === first.date);
    expect(slots.map((s) => s.id)).toEqual(truth.map((s) => s.sourceSlotId));
  });

  it('when If-None-Match carries the ETag, then the answer is 304 until a slot changes', async () => {
    const url = `${feed.url}/Slot?status=free&_count=20`;
    const { res } = await get(url);
    const etag = res.headers.get('etag')!;
    expect(etag).toMatch(/^W\/"/);
    expect((await get(url, { 'If-None-Match': etag })).res.status).toBe(304);
    feed.takeSlot(feed.listSlots().find((s) => s.status === 'free' && s.released)!.sourceSlotId);
    expect((await get(url, { 'If-None-Match': etag })).res.status).toBe(200);
  });

  it('when _lastUpdated=gt the last sync, then only the slot taken since comes back', async () => {
    const before = feed.listSlots();
    const maxUpdated = before
      .map((s) => s.lastUpdated)
      .sort((a, b) => Date.parse(a) - Date.parse(b))
      .at(-1)!;
    clock.advance(60_000);
    const slot = freeSlot(before);
    feed.takeSlot(slot.sourceSlotId);
    const changed = await readAll(`${feed.url}/Slot?_lastUpdated=gt${encodeURIComponent(maxUpdated)}`);
    expect(changed.map((s) => s.id)).toEqual([slot.sourceSlotId]);
    expect(ext(changed[0], 'slot-remaining').valueInteger).toBe(slot.remaining - 1);
    expect(Number(changed[0].meta.versionId)).toBe(slot.version + 1);
  });

  it('when a session is cancelled (停诊), then all its periods are busy-unavailable with slot-state cancelled', async () => {
    const session = feed.listSlots().find((s) => s.status !== 'cancelled' && s.released)!.sessionId;
    feed.cancelSession(session);
    const slots = (await readAll(`${feed.url}/Slot?_count=500`)).filter(
      (s) => ext(s, 'slot-session').valueString === session,
    );
    expect(slots.length).toBeGreaterThan(3);
    for (const s of slots) {
      expect(s.status).toBe('busy-unavailable');
      expect(ext(s, 'slot-state').valueCode).toBe('cancelled');
    }
  });

  it('when a slot is taken to zero and freed, then the next read says busy, then free', async () => {
    const slot = freeSlot(feed.listSlots());
    feed.takeSlot(slot.sourceSlotId, slot.remaining);
    expect((await get(`${feed.url}/Slot/${slot.sourceSlotId}`)).body.status).toBe('busy');
    feed.freeSlot(slot.sourceSlotId);
    const { body } = await get(`${feed.url}/Slot/${slot.sourceSlotId}`);
    expect(body.status).toBe('free');
    expect(ext(body, 'slot-remaining').valueInteger).toBe(1);
  });

  it('when day 7 is before its release hour, then its slots are unreleased with releaseAt; after it, they open', async () => {
    const late = feed.listSlots().filter((s) => s.date === '2026-01-12');
    expect(late.length).toBeGreaterThan(0);
    expect(late.every((s) => !s.released && s.releaseAt.startsWith('2026-01-05T'))).toBe(true);
    expect(
      feed
        .listSlots()
        .filter((s) => s.date < '2026-01-12')
        .every((s) => s.released),
    ).toBe(true);
    expect(() => feed.takeSlot(late[0]!.sourceSlotId)).toThrow(/not released/);
    clock.set('2026-01-05T16:00:00+08:00');
    expect(
      feed
        .listSlots()
        .filter((s) => s.date === '2026-01-12')
        .every((s) => s.released),
    ).toBe(true);
  });

  it('when the clock is 23:30 Beijing (15:30 UTC), then the window starts on the Beijing date', () => {
    clock.set('2026-01-05T15:30:00Z');
    const dates = [...new Set(feed.listSlots().map((s) => s.date))];
    expect(dates[0]).toBe('2026-01-05');
    for (const s of feed.listSlots()) {
      expect(s.start.endsWith('+08:00')).toBe(true);
      expect(s.start.slice(0, 10)).toBe(s.date);
    }
  });

  it.each([
    ['start=ge2026-02-30', 'start'],
    ['_count=abc', '_count'],
    ['_page_token=nonsense', '_page_token'],
  ])('when the search is %s, then 400 OperationOutcome names %s', async (q, name) => {
    const { res, body } = await get(`${feed.url}/Slot?${q}`);
    expect(res.status).toBe(400);
    expect(body).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'invalid' }] });
    expect(body.issue[0].diagnostics).toContain(name);
  });

  it('when two feeds share a seed, then they serve the same slots; another seed differs', async () => {
    const again = await startHospitalFeed({ hospitalId: 'hzszxrmyy', kind: 'his-xml', now: clock.now });
    const other = await startHospitalFeed({
      hospitalId: 'hzszxrmyy',
      kind: 'fhir',
      now: clock.now,
      seed: 'x',
    });
    try {
      expect(again.listSlots()).toEqual(feed.listSlots());
      expect(other.listSlots()).not.toEqual(feed.listSlots());
    } finally {
      await Promise.all([again.close(), other.close()]);
    }
  });
});
