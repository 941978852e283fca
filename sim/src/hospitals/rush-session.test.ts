import { startHospitalFeed } from './server';
import { testClock, TEST_PATIENT, type Json } from './testing';
import type { HospitalFeedHandle } from './types';

// Monday 07:00 Beijing; the rush opens at 07:00:10 for Tuesday morning.
const clock = testClock('2026-01-05T07:00:00+08:00');
const RELEASE = '2026-01-05T07:00:10+08:00';
let feed: HospitalFeedHandle;
beforeAll(async () => {
  feed = await startHospitalFeed({
    hospitalId: 'hzszyyy',
    kind: 'smart-scheduling-links',
    profile: 'enriched',
    now: clock.now,
  });
});
afterEach(() => {
  feed.reset();
  clock.set('2026-01-05T07:00:00+08:00');
});
afterAll(() => feed.close());

async function call(method: string, path: string, body?: unknown) {
  const res = await fetch(`${feed.origin}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Json };
}
const book = (slotId: string, reference: string) =>
  call('POST', '/booking/api/appointments', { slotId, reference, patient: TEST_PATIENT });

describe('放号 rush session knob', () => {
  it('when a rush of 200 seats is set up, then one doctor’s session carries exactly 200 unreleased seats', async () => {
    const { status, body } = await call('POST', '/__admin/rush', { seats: 200, releaseAt: RELEASE });
    expect(status).toBe(200);
    const periods = body.data as Json[];
    expect(new Set(periods.map((p) => p.sessionId)).size).toBe(1);
    expect(periods.reduce((n, p) => n + p.capacity, 0)).toBe(200);
    expect(periods.every((p) => !p.released && p.remaining === p.capacity && p.date === '2026-01-06')).toBe(
      true,
    );
    expect(periods.every((p) => p.releaseAt === '2026-01-05T07:00:10+08:00')).toBe(true);
    // The feed itself lists them (the seeded session of that doctor that morning is replaced).
    const listed = feed.listSlots().filter((s) => s.sessionId === periods[0].sessionId);
    expect(listed.map((s) => s.sourceSlotId)).toEqual(periods.map((p) => p.sourceSlotId));
  });

  it('when booked a second before release, then the hospital refuses not_released; at release it books', async () => {
    const [first] = feed.scheduleRush({ seats: 3, releaseAt: RELEASE });
    clock.set('2026-01-05T07:00:09+08:00');
    expect(await book(first!.sourceSlotId, 'bk-early')).toMatchObject({
      status: 409,
      body: { error: 'not_released' },
    });
    clock.set(RELEASE);
    expect((await book(first!.sourceSlotId, 'bk-on-time')).status).toBe(201);
  });

  it('when more book than there are seats, then exactly the seats are booked and the rest refused slot_full', async () => {
    const periods = feed.scheduleRush({ seats: 5, releaseAt: RELEASE });
    clock.set(RELEASE);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => book(periods[i % periods.length]!.sourceSlotId, `bk-${i}`)),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(5);
    expect(results.filter((r) => r.status !== 201).every((r) => r.body.error === 'slot_full')).toBe(true);
    expect(feed.appointments().filter((a) => a.status === 'booked')).toHaveLength(5);
  });

  it.each([
    [{ seats: 0, releaseAt: RELEASE }, 'seats'],
    [{ seats: 10, releaseAt: '2026-01-05 07:00' }, 'releaseAt'],
    [{ seats: 10, releaseAt: RELEASE, date: '2026-02-01' }, 'window'],
    [{ seats: 10, releaseAt: '2026-01-06T09:00:00+08:00', date: '2026-01-06' }, 'after its release'],
  ])('when the spec is wrong (%j), then 400 naming %s', async (spec, words) => {
    const { status, body } = await call('POST', '/__admin/rush', spec);
    expect(status).toBe(400);
    expect(body.message).toContain(words);
  });
});

describe('放号 rush session versions', () => {
  it('when a rush replaces a seeded session, then its periods carry versions above the seeded ones', () => {
    const seeded = new Map(feed.listSlots().map((s) => [s.sourceSlotId, s.version]));
    const periods = feed.scheduleRush({ seats: 40, releaseAt: RELEASE });
    clock.advance(5_000);
    const again = feed.scheduleRush({ seats: 40, releaseAt: RELEASE });
    for (const [i, p] of periods.entries()) {
      expect(p.version).toBeGreaterThan(seeded.get(p.sourceSlotId) ?? 0);
      expect(again[i]!.version).toBeGreaterThan(p.version);
      expect(String(p.version)).toMatch(/^\d{1,9}$/);
    }
  });
});
