import { startHospitalFeed } from './server';
import { testClock, type Json } from './testing';
import type { HospitalFeedHandle } from './types';

/** The default profile is a hospital that never heard of us: the published protocol, nothing else. */
const clock = testClock();
let fhir: HospitalFeedHandle;
let smart: HospitalFeedHandle;
beforeAll(async () => {
  fhir = await startHospitalFeed({ hospitalId: 'hzszxrmyy', kind: 'fhir', now: clock.now });
  smart = await startHospitalFeed({
    hospitalId: 'hzsdyrmyy',
    kind: 'smart-scheduling-links',
    now: clock.now,
  });
});
afterEach(() => {
  fhir.reset();
  smart.reset();
});
afterAll(() => Promise.all([fhir.close(), smart.close()]));

const OUR_NAMESPACE = 'jiankang.example';

async function readAll(url: string): Promise<Json[]> {
  const out: Json[] = [];
  for (let next: string | undefined = url; next;) {
    const res = await fetch(next);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toContain(OUR_NAMESPACE);
    const body = JSON.parse(text) as Json;
    out.push(...(body.entry ?? []).map((e: Json) => e.resource));
    next = body.link.find((l: Json) => l.relation === 'next')?.url;
  }
  return out;
}

const ndjson = async (url: string) => {
  const text = await (await fetch(url)).text();
  expect(text).not.toContain(OUR_NAMESPACE);
  return text
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Json);
};

describe('standard profile (the default)', () => {
  it('when a plain FHIR hospital is read, then Slots and Schedules carry no private extension and unreleased periods are not published', async () => {
    expect(fhir.profile).toBe('standard');
    const slots = await readAll(`${fhir.url}/Slot?_count=500`);
    const truth = fhir.listSlots();
    const published = truth.filter((s) => s.released);
    expect(published.length).toBeLessThan(truth.length);
    expect(slots.map((s) => s.id).sort()).toEqual(published.map((s) => s.sourceSlotId).sort());
    for (const s of slots) expect(s.extension).toBeUndefined();
    const schedules = await readAll(`${fhir.url}/Schedule?_count=100`);
    for (const s of schedules) {
      expect(s.extension).toBeUndefined();
      expect(s.actor[0]).toMatchObject({
        reference: expect.stringMatching(/^Practitioner\//),
        display: expect.any(String),
      });
    }
    const unreleased = truth.find((s) => !s.released)!;
    expect((await fetch(`${fhir.url}/Slot/${unreleased.sourceSlotId}`)).status).toBe(404);
  });

  it('when a FHIR session is cancelled (停诊), then its periods are busy-unavailable and say 停诊 in the comment', async () => {
    const session = fhir.listSlots().find((s) => s.released && s.status !== 'cancelled')!.sessionId;
    fhir.cancelSession(session);
    const slots = (await readAll(`${fhir.url}/Slot?_count=500`)).filter((s) =>
      fhir.listSlots().some((t) => t.sessionId === session && t.sourceSlotId === s.id),
    );
    expect(slots.length).toBeGreaterThan(0);
    for (const s of slots) {
      expect(s.status).toBe('busy-unavailable');
      expect(s.comment).toMatch(/停诊$/);
    }
  });

  it('when a plain SMART hospital is read, then Schedules name the Location and the PractitionerRole, and Slots carry only the spec’s extensions', async () => {
    const manifest = (await (await fetch(`${smart.url}/$bulk-publish`)).json()) as Json;
    const urlOf = (type: string) =>
      manifest.output.filter((o: Json) => o.type === type).map((o: Json) => o.url);
    const [schedules] = await Promise.all(urlOf('Schedule').map(ndjson));
    for (const s of schedules as Json[]) {
      expect(s.extension).toBeUndefined();
      expect(s.actor).toEqual([
        { reference: expect.stringMatching(/^Location\//) },
        { reference: expect.stringMatching(/^PractitionerRole\//), display: expect.any(String) },
      ]);
    }
    const slots = (await Promise.all(urlOf('Slot').map(ndjson))).flat() as Json[];
    const truth = new Map(smart.listSlots().map((s) => [s.sourceSlotId, s]));
    expect(slots.length).toBe([...truth.values()].filter((s) => s.released).length);
    for (const s of slots) {
      const t = truth.get(s.id)!;
      const urls = s.extension.map((e: Json) => e.url.split('/').pop());
      if (s.status === 'free') {
        expect(urls).toEqual(['slot-capacity', 'booking-deep-link', 'booking-phone']);
        expect(s.extension[0].valueInteger).toBe(t.remaining);
      } else {
        expect(urls).toEqual(['booking-deep-link', 'booking-phone']);
      }
    }
  });
});
