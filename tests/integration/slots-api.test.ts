import { NO_FEED_FAULTS, type FeedSlot, type HospitalFeedHandle } from '@jiankang/sim';
import type {
  EarliestResponse,
  FeedStatusResponse,
  HospitalDetailResponse,
  ScheduleResponse,
  SlotDetailResponse,
} from '@jiankang/shared';
import { addDays, beijingDate } from '@jiankang/shared/domain';
import { expectedStatus } from '../support/feed-truth';
import { expectEnvelope, getJson } from '../support/http';
import { FEED_SIMS, startFeedSims, type FeedSims } from '../support/feed-sims';
import { startStack, type Stack } from '../support/stack';

/**
 * The slot API over real HTTP: three hospital simulators (FHIR, SMART Scheduling Links, GBK HIS)
 * on real time, the BFF with its own FerretDB database, polls driven by the test.
 */

jest.setTimeout(90_000);

const HOSPITALS = FEED_SIMS;
const DEADLINE_MS = 800;
let sims: FeedSims;
let stack: Stack;

const api = (path: string) => `${stack.baseUrl}/api/v1${path}`;
const ourId = (hospitalId: string, s: FeedSlot) => `${hospitalId}:${s.sourceSlotId}`;
const feed = (id: string) => sims.handles.get(id)!;
const syncAll = () => stack.runtime.slotSync.runAll({ full: true });

/** The department code shared by the most simulated hospitals, so the city search has a choice. */
function commonDeptCode(): string {
  const counts = new Map<string, Set<string>>();
  for (const [id, f] of sims.handles)
    for (const s of f.listSlots())
      counts.set(s.stdDeptCode, (counts.get(s.stdDeptCode) ?? new Set()).add(id));
  return [...counts.entries()].sort((a, b) => b[1].size - a[1].size || a[0].localeCompare(b[0]))[0]![0];
}

/** Bookable now by the simulator's own truth. */
const bookable = (s: FeedSlot, now = Date.now()) =>
  s.status === 'free' && s.released && s.remaining > 0 && Date.parse(s.start) >= now;

beforeAll(async () => {
  // The full sync in beforeAll must not time out on a busy runner; live reads have their own deadline.
  sims = await startFeedSims({ entry: () => ({ timeoutMs: 10_000 }) });
  stack = await startStack({
    overrides: {
      ...sims.overrides,
      feeds: { enabled: false, liveDeadlineMs: DEADLINE_MS },
    },
  });
  for (const r of await syncAll()) expect(r).toMatchObject({ ok: true, complete: true });
});

afterEach(() => {
  for (const f of sims.handles.values()) f.setFaults(NO_FEED_FAULTS);
});

afterAll(async () => {
  await stack?.close();
  await sims?.close();
});

describe('GET /hospitals/:id/departments/:deptId/schedule', () => {
  it('shows doctors × dates × periods exactly as the hospital publishes them, with the source fresh', async () => {
    const truth = feed('hzszxrmyy').listSlots();
    const sample = truth.find((s) => s.status === 'free' && s.released)!;
    const deptId = sample.deptCode.toLowerCase();
    const res = await getJson<ScheduleResponse>(api(`/hospitals/hzszxrmyy/departments/${deptId}/schedule`));
    expect(res.status).toBe(200);
    const today = beijingDate(new Date());
    expect(res.body.dates).toEqual(Array.from({ length: 7 }, (_, i) => addDays(today, i)));
    expect(res.body.source).toMatchObject({ hospitalId: 'hzszxrmyy', status: 'ok' });

    const periods = res.body.doctors.flatMap((d) =>
      d.days.flatMap((day) => day.periods.map((p) => ({ ...p, day }))),
    );
    // Periods already over when the poll read the feed are dropped at import (and counted).
    const polledAt = Date.parse(res.body.source.asOf!);
    const expected = truth.filter(
      (s) =>
        s.deptCode === sample.deptCode && res.body.dates.includes(s.date) && Date.parse(s.end) > polledAt,
    );
    expect(periods).toHaveLength(expected.length);
    for (const s of expected) {
      const p = periods.find((x) => x.id === ourId('hzszxrmyy', s));
      expect(p).toMatchObject({
        remaining: s.remaining,
        capacity: s.capacity,
        status: expectedStatus(s),
        feeFen: s.feeFen,
      });
      expect(p!.day.date).toBe(s.date);
      expect(Date.parse(p!.start)).toBe(Date.parse(s.start));
    }
    // Each day's summary agrees with its periods.
    for (const day of res.body.doctors.flatMap((d) => d.days)) {
      const open = day.periods.filter((p) => p.status === 'available');
      expect(day.remaining).toBe(open.reduce((n, p) => n + p.remaining, 0));
      expect(day.status === 'available').toBe(open.length > 0);
    }
    // Doctors carry their directory title.
    expect(res.body.doctors.every((d) => d.title !== null)).toBe(true);
  });

  it('answers a window later in the week and a shorter one', async () => {
    const from = addDays(beijingDate(new Date()), 3);
    const deptId = feed('blxrmyy').listSlots()[0]!.deptCode.toLowerCase();
    const res = await getJson<ScheduleResponse>(
      api(`/hospitals/blxrmyy/departments/${deptId}/schedule?from=${from}&days=2`),
    );
    expect(res.status).toBe(200);
    expect(res.body.dates).toEqual([from, addDays(from, 1)]);
    for (const d of res.body.doctors) for (const day of d.days) expect(res.body.dates).toContain(day.date);
  });

  it('follows a change in the hospital after one poll: a period taken to 约满 and a session 停诊', async () => {
    const f = feed('hzszyyy');
    const ahead = (s: { end: string }) => Date.parse(s.end) > Date.now() + 10 * 60_000;
    const target = f
      .listSlots()
      .find((s) => s.status === 'free' && s.released && s.remaining >= 1 && ahead(s))!;
    f.takeSlot(target.sourceSlotId, target.remaining);
    const session = f
      .listSlots()
      .find((s) => s.status === 'free' && s.sessionId !== target.sessionId && ahead(s))!;
    f.cancelSession(session.sessionId);
    await stack.runtime.slotSync.pollers.get('hzszyyy')!.runOnce();

    const full = await getJson<SlotDetailResponse>(api(`/slots/${ourId('hzszyyy', target)}`));
    expect(full.body).toMatchObject({ remaining: 0, status: 'full' });
    const deptId = session.deptCode.toLowerCase();
    const res = await getJson<ScheduleResponse>(
      api(`/hospitals/hzszyyy/departments/${deptId}/schedule?from=${session.date}&days=1`),
    );
    const day = res.body.doctors
      .flatMap((d) => d.days)
      .find((d) => d.periods.some((p) => p.id.includes(session.sessionId.slice(0, -3))));
    const sessionPeriods = res.body.doctors
      .flatMap((d) => d.days.flatMap((x) => x.periods))
      .filter((p) =>
        f.listSlots().some((s) => s.sessionId === session.sessionId && ourId('hzszyyy', s) === p.id),
      );
    expect(day).toBeDefined();
    expect(sessionPeriods.length).toBeGreaterThan(0);
    expect(sessionPeriods.every((p) => p.status === 'cancelled')).toBe(true);
  });
});

describe('GET /slots/:slotId', () => {
  it('returns one period with hospital, department, doctor title and freshness', async () => {
    // Periods over when the feed was read are not stored: one still ahead.
    const s = feed('blxrmyy')
      .listSlots()
      .find((x) => Date.parse(x.end) > Date.now() + 60 * 60_000)!;
    const res = await getJson<SlotDetailResponse>(api(`/slots/${encodeURIComponent(ourId('blxrmyy', s))}`));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: ourId('blxrmyy', s),
      hospitalId: 'blxrmyy',
      hospitalName: expect.any(String),
      departmentName: expect.any(String),
      doctorName: s.doctorName,
      date: s.date,
      status: expectedStatus(s),
      source: { kind: 'his-xml' },
      freshness: { status: 'ok' },
    });
    expect(Date.parse(res.body.start)).toBe(Date.parse(s.start));
  });

  it('an unknown slot is a 404 SLOT_NOT_FOUND', async () => {
    expectEnvelope(await getJson(api('/slots/hzszxrmyy:NOPE-20260101-0800')), 404, 'SLOT_NOT_FOUND');
  });
});

describe('GET /search/earliest', () => {
  it('lists the earliest bookable period of each doctor session across hospitals, earliest first', async () => {
    const dept = commonDeptCode();
    const res = await getJson<EarliestResponse>(api(`/search/earliest?dept=${dept}&limit=50`));
    expect(res.status).toBe(200);
    expect(res.body.live).toBeNull();
    const { items } = res.body;
    expect(items.length).toBeGreaterThan(0);
    const starts = items.map((i) => Date.parse(i.slot.start));
    expect([...starts].sort((a, b) => a - b)).toEqual(starts);
    for (const i of items) {
      expect(i.slot).toMatchObject({ departmentCode: dept, status: 'available' });
      expect(i.slot.remaining).toBeGreaterThan(0);
      expect(i.freshness.status).toBe('ok');
    }

    // The very first is the earliest bookable period any simulator has for that department.
    const now = Date.now();
    const truth = [...sims.handles.entries()]
      .flatMap(([id, f]) => f.listSlots().map((s) => ({ id, s })))
      .filter(({ s }) => s.stdDeptCode === dept && bookable(s, now + 5_000))
      .sort((a, b) => Date.parse(a.s.start) - Date.parse(b.s.start));
    expect(Date.parse(items[0]!.slot.start)).toBeLessThanOrEqual(Date.parse(truth[0]!.s.start));
    // One period per doctor session.
    const sessions = items.map(
      (i) => `${i.slot.doctorId}|${i.slot.date}|${new Date(i.slot.start).getUTCHours() < 5 ? 'AM' : 'PM'}`,
    );
    expect(new Set(items.map((i) => i.slot.id)).size).toBe(items.length);
    expect(sessions.length).toBe(items.length);
    // Every hospital that has the department is reported, with its freshness.
    for (const s of res.body.sources)
      expect(s).toMatchObject({ status: 'ok', hospitalName: expect.any(String) });
    expect(res.body.sources.map((s) => s.hospitalId).sort()).toEqual(
      [...new Set(truth.map((t) => t.id))].sort(),
    );
  });

  it('honours limit, district and from', async () => {
    const dept = commonDeptCode();
    const limited = await getJson<EarliestResponse>(api(`/search/earliest?dept=${dept}&limit=2`));
    expect(limited.body.items.length).toBeLessThanOrEqual(2);

    const hospital = await getJson<HospitalDetailResponse>(api('/hospitals/blxrmyy'));
    const district = hospital.body.hospital.district;
    const inDistrict = await getJson<EarliestResponse>(
      api(`/search/earliest?dept=${dept}&district=${district}&limit=50`),
    );
    expect(inDistrict.status).toBe(200);
    for (const i of inDistrict.body.items) expect(i.district).toBe(district);

    const from = addDays(beijingDate(new Date()), 4);
    const later = await getJson<EarliestResponse>(api(`/search/earliest?dept=${dept}&from=${from}&limit=50`));
    for (const i of later.body.items) expect(i.slot.date >= from).toBe(true);
  });

  it('a hospital whose feed fails keeps its last good slots, flagged error, and the rest are served', async () => {
    const dept = commonDeptCode();
    feed('hzszxrmyy').setFaults({ status500: true });
    const r = await stack.runtime.slotSync.pollers.get('hzszxrmyy')!.runOnce();
    expect(r.ok).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 1_100)); // the feed status cache lives 1 s
    const res = await getJson<EarliestResponse>(api(`/search/earliest?dept=${dept}&limit=50`));
    const source = res.body.sources.find((s) => s.hospitalId === 'hzszxrmyy');
    expect(source?.status).toBe('error');
    for (const i of res.body.items.filter((x) => x.slot.hospitalId === 'hzszxrmyy'))
      expect(i.freshness.status).toBe('error');
    const status = await getJson<FeedStatusResponse>(api('/feeds/status'));
    expect(status.body.items.find((i) => i.hospitalId === 'hzszxrmyy')).toMatchObject({
      status: 'error',
      consecutiveFailures: 1,
      lastError: expect.stringMatching(/500/),
    });
    feed('hzszxrmyy').setFaults(NO_FEED_FAULTS);
    expect((await stack.runtime.slotSync.pollers.get('hzszxrmyy')!.runOnce()).ok).toBe(true);
  });

  describe('live=true never waits past the deadline for one bad hospital', () => {
    const FAULTS: Record<string, Parameters<HospitalFeedHandle['setFaults']>[0]> = {
      hang: { hang: true },
      latency: { latencyMs: 3_000 },
      status500: { status500: true },
      status429: { status429: { retryAfterSeconds: 2 } },
      reset: { reset: true },
      malformed: { malformed: true },
      hugeBody: { hugeBody: true },
    };
    it.each(Object.keys(FAULTS))(
      '%s: answers within deadline + 10%% with the others refreshed',
      async (name) => {
        const dept = commonDeptCode();
        feed('hzszyyy').setFaults(FAULTS[name]!);
        const started = Date.now();
        const res = await getJson<EarliestResponse>(api(`/search/earliest?dept=${dept}&live=true&limit=20`));
        const elapsed = Date.now() - started;
        expect(res.status).toBe(200);
        expect(elapsed).toBeLessThanOrEqual(DEADLINE_MS * 1.1);
        expect(res.body.live).toMatchObject({ deadlineMs: DEADLINE_MS, partial: true });
        const bad = res.body.sources.find((s) => s.hospitalId === 'hzszyyy');
        expect(['timeout', 'failed']).toContain(bad?.live);
        for (const s of res.body.sources.filter((x) => x.hospitalId !== 'hzszyyy'))
          expect(s.live).toBe('refreshed');
        // Its stored slots are still offered.
        expect(res.body.items.length).toBeGreaterThan(0);
        feed('hzszyyy').setFaults(NO_FEED_FAULTS);
        await stack.runtime.slotSync.pollers.get('hzszyyy')!.idle();
      },
    );

    it('with every hospital healthy, live=true refreshes all and is not partial', async () => {
      const res = await getJson<EarliestResponse>(api(`/search/earliest?dept=${commonDeptCode()}&live=true`));
      expect(res.status).toBe(200);
      expect(res.body.live?.partial).toBe(false);
      for (const s of res.body.sources) expect(s.live).toBe('refreshed');
    });
  });
});

describe('GET /feeds/status', () => {
  it('lists every registered hospital with its kind, health and slot count', async () => {
    const res = await getJson<FeedStatusResponse>(api('/feeds/status'));
    expect(res.status).toBe(200);
    expect(res.body.items.map((i) => i.hospitalId)).toEqual(HOSPITALS.map((h) => h.id));
    for (const h of HOSPITALS) {
      const item = res.body.items.find((i) => i.hospitalId === h.id)!;
      expect(item).toMatchObject({ kind: h.kind, hospitalName: expect.any(String), push: false });
      // Periods over when read are dropped and counted (a FHIR search may not ask for them at all).
      const all = feed(h.id).listSlots().length;
      expect(item.slotCount).toBeGreaterThan(0);
      if (h.kind === 'his-xml') expect(item.slotCount + item.pastCount).toBe(all);
      else expect(item.slotCount + item.pastCount).toBeLessThanOrEqual(all);
      expect(item.lastSuccessAt).not.toBeNull();
    }
  });
});

describe('bad input', () => {
  it.each([
    ['from=2026-02-30', 'from'],
    ['from=20260101', 'from'],
    [`from=${addDays(beijingDate(new Date()), 91)}`, 'from'],
    ['days=15', 'days'],
    ['days=0', 'days'],
    ['days=abc', 'days'],
    ['extra=1', 'extra'],
  ])('schedule ?%s → 400 naming %s', async (qs, field) => {
    const deptId = feed('hzszxrmyy').listSlots()[0]!.deptCode.toLowerCase();
    const res = await getJson(api(`/hospitals/hzszxrmyy/departments/${deptId}/schedule?${qs}`));
    expectEnvelope(res, 400, 'VALIDATION_FAILED');
    expect((res.body as { error: { field: string } }).error.field).toBe(field);
  });

  it.each([
    ['dept=03.04&limit=51', 'limit'],
    ['dept=03.04&limit=0', 'limit'],
    ['dept[$gt]=', 'dept'],
    ['dept=03.04&district[$ne]=x', 'district'],
    ['dept=../etc', 'dept'],
    ['', 'dept'],
    ['dept=03.04&from=2026-13-01', 'from'],
    [`dept=03.04&from=${addDays(beijingDate(new Date()), 91)}`, 'from'],
    ['dept=03.04&live=yes', 'live'],
    ['dept=03.04&district=mars', 'district'],
  ])('earliest ?%s → 400 naming %s', async (qs, field) => {
    const res = await getJson(api(`/search/earliest?${qs}`));
    expectEnvelope(res, 400, 'VALIDATION_FAILED');
    expect((res.body as { error: { field: string } }).error.field).toMatch(
      new RegExp(`^${field.replace('$', '\\$')}`),
    );
  });

  it('90 days ahead is still allowed (and empty)', async () => {
    const res = await getJson<EarliestResponse>(
      api(`/search/earliest?dept=03.04&from=${addDays(beijingDate(new Date()), 90)}`),
    );
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([]);
  });

  it('unknown hospital, department → 404', async () => {
    expectEnvelope(await getJson(api('/hospitals/nope/departments/x/schedule')), 404, 'HOSPITAL_NOT_FOUND');
    expectEnvelope(
      await getJson(api('/hospitals/hzszxrmyy/departments/nope/schedule')),
      404,
      'DEPARTMENT_NOT_FOUND',
    );
  });
});
