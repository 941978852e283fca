import { startHospitalFeed } from './server';
import { freeSlot, testClock, type Json } from './testing';
import type { HospitalFeedHandle } from './types';

const SMART = 'http://fhir-registry.smarthealthit.org/StructureDefinition';
const clock = testClock();
let feed: HospitalFeedHandle;
beforeAll(async () => {
  feed = await startHospitalFeed({
    hospitalId: 'hzsdyrmyy',
    kind: 'smart-scheduling-links',
    profile: 'enriched',
    now: clock.now,
  });
});
afterEach(() => feed.reset());
afterAll(() => feed.close());

const manifest = async (query = '') => {
  const res = await fetch(`${feed.url}/$bulk-publish${query}`);
  return { res, body: (await res.json()) as Json };
};
const lines = async (url: string) => {
  const res = await fetch(url);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/fhir+ndjson');
  return (await res.text())
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Json);
};

describe('SMART Scheduling Links feed', () => {
  it('when the manifest is read, then it lists Location, Schedule and per-day Slot NDJSON files with Cache-Control', async () => {
    const { res, body } = await manifest();
    expect(res.headers.get('cache-control')).toMatch(/max-age=\d+/);
    expect(body).toMatchObject({ transactionTime: '2026-01-05T07:00:00.000+08:00', error: [] });
    expect(body.request).toBe(`${feed.url}/$bulk-publish`);
    expect(body.output.slice(0, 2).map((o: Json) => o.type)).toEqual(['Location', 'Schedule']);
    const slotFiles = body.output.filter((o: Json) => o.type === 'Slot');
    const all = (await Promise.all(slotFiles.map((o: Json) => lines(o.url)))).flat();
    expect(all.map((s) => s.id)).toEqual(feed.listSlots().map((s) => s.sourceSlotId));
    const schedules = await lines(body.output[1].url);
    expect(new Set(all.map((s) => s.schedule.reference))).toEqual(
      new Set(schedules.map((s) => `Schedule/${s.id}`)),
    );
    const locations = await lines(body.output[0].url);
    expect(locations[0]).toMatchObject({ resourceType: 'Location', address: { city: '惠州市' } });
    expect(schedules[0].actor).toEqual([{ reference: expect.stringMatching(/^Location\//) }]);
  });

  it('when a Slot line is read, then it carries the SMART capacity, deep link and phone extensions', async () => {
    const truth = feed.listSlots().find((s) => s.status === 'free' && s.released)!;
    const slots = await lines(`${feed.url}/data/slots-${truth.date}.ndjson`);
    const slot = slots.find((s) => s.id === truth.sourceSlotId);
    const ext = (name: string) => slot.extension.find((e: Json) => e.url === `${SMART}/${name}`);
    expect(slot.status).toBe('free');
    expect(ext('slot-capacity').valueInteger).toBe(truth.remaining);
    expect(ext('booking-phone').valueString).toMatch(/^0752-\d{7}$/);
    const page = await fetch(ext('booking-deep-link').valueUrl);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(truth.doctorName);
  });

  it('when _since is the last transactionTime, then only files and lines changed since come back', async () => {
    const first = await manifest();
    clock.advance(60_000);
    const slot = freeSlot(feed.listSlots());
    feed.takeSlot(slot.sourceSlotId);
    clock.advance(1);
    const { body } = await manifest(`?_since=${encodeURIComponent(first.body.transactionTime)}`);
    expect(body.output).toEqual([
      {
        type: 'Slot',
        url: `${feed.url}/data/slots-${slot.date}.ndjson?_since=${encodeURIComponent(first.body.transactionTime)}`,
      },
    ]);
    const changed = await lines(body.output[0].url);
    expect(changed.map((s) => s.id)).toEqual([slot.sourceSlotId]);
    const nothing = await manifest(`?_since=${encodeURIComponent(body.transactionTime)}`);
    expect(nothing.body.output).toEqual([]);
  });

  it('when _since is not an instant, then 400', async () => {
    expect((await manifest('?_since=yesterday')).res.status).toBe(400);
  });
});
