import mongoose from 'mongoose';
import {
  startHospitalFeed,
  startWechat,
  type FeedKind,
  type FeedSlot,
  type HospitalFeedHandle,
  type WechatHandle,
} from '@jiankang/sim';
import type { Booking, PatientResponse, Slot } from '@jiankang/shared';
import { bearer, loginWithConsent } from '../support/auth';
import { testMongoUri } from '../support/db';
import { request } from '../support/http';
import {
  emptyTally,
  mergeTallies,
  runRushResident,
  type RushResidentIdentity,
  type RushTally,
} from '../support/rush-resident';
import { startStack, TEST_WECHAT_APPID, TEST_WECHAT_SECRET, type Stack } from '../support/stack';
import { syntheticIdNumber } from '../support/synthetic-person';
import { pool } from '../support/crowd';

/**
 * 放号 in CI size: a popular doctor's 20 seats open a few seconds ahead (server time) while 200
 * residents poll and book over real HTTP; one resident per booking protocol checks the release
 * gate the same way. Release times are whole seconds; margins are seconds, never milliseconds.
 */

jest.setTimeout(120_000);

const SEATS = 20;
const RESIDENTS = 200;
const PER_ACCOUNT_PER_MINUTE = 30;
const RUSH_HOSPITAL = 'hzszxrmyy';
const FEEDS: Array<{ hospitalId: string; kind: FeedKind; seats: number }> = [
  { hospitalId: RUSH_HOSPITAL, kind: 'fhir', seats: SEATS },
  { hospitalId: 'hzszyyy', kind: 'smart-scheduling-links', seats: 2 },
  { hospitalId: 'blxrmyy', kind: 'his-xml', seats: 2 },
];

let wechat: WechatHandle;
let stack: Stack;
let db: mongoose.Connection;
const feeds = new Map<string, HospitalFeedHandle>();
/** How long a full sync of the three feeds took here: the release is set that far ahead, twice over. */
let fullSyncMs = 0;

const api = () => `${stack.baseUrl}/api/v1`;
const sleepUntil = (t: number) => new Promise((r) => setTimeout(r, Math.max(0, t - Date.now())));

async function resident(n: number): Promise<RushResidentIdentity> {
  const who = await loginWithConsent(stack);
  const res = await request<PatientResponse>(`${api()}/patients`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...bearer(who.accessToken) },
    body: JSON.stringify({
      name: '陈小芳',
      idType: 'resident_id',
      idNumber: syntheticIdNumber(50_000 + n),
      phone: `139${String(10_000_000 + n).slice(-8)}`,
      relation: 'self',
    }),
  });
  if (res.status !== 201) throw new Error(`patient ${n}: ${res.status} ${res.text}`);
  return { accessToken: who.accessToken, patientId: res.body.patient.id };
}

const book = (who: RushResidentIdentity, slotId: string, key: string) =>
  request<Booking & { error?: { code: string; details?: Array<{ field: string; message: string }> } }>(
    `${api()}/bookings`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': key, ...bearer(who.accessToken) },
      body: JSON.stringify({ slotId, patientId: who.patientId }),
    },
  );

/** Document counts of every collection: a refusal before release must leave them all as they were. */
async function counts(): Promise<Record<string, number>> {
  const names = (await db.listCollections()).map((c) => c.name).sort();
  const out: Record<string, number> = {};
  for (const name of names) out[name] = await db.collection(name).countDocuments();
  return out;
}

beforeAll(async () => {
  for (const f of FEEDS)
    feeds.set(
      f.hospitalId,
      await startHospitalFeed({ hospitalId: f.hospitalId, kind: f.kind, profile: 'enriched', port: 0 }),
    );
  wechat = await startWechat({
    apps: { [TEST_WECHAT_APPID]: TEST_WECHAT_SECRET },
    code2SessionPerMinute: 100_000,
  });
  stack = await startStack({
    wechat,
    overrides: {
      hospitalRegistry: {
        hospitals: FEEDS.map((f) => ({
          id: f.hospitalId,
          adapter: f.kind,
          baseUrl: feeds.get(f.hospitalId)!.url,
        })),
      },
      feeds: { enabled: false },
      regional: { timeoutMs: 20_000 },
      rateLimits: { loginPerIpPerMinute: 100_000 },
      // Every resident here comes from 127.0.0.1: the per-address limit is raised so it does not
      // stand for 200 people behind one address; the per-account limit stays the default.
      booking: {
        perAccountPerMinute: PER_ACCOUNT_PER_MINUTE,
        perIpPerMinute: 100_000,
        hospitalTimeoutMs: 30_000,
      },
    },
  });
  db = await mongoose.createConnection(testMongoUri(), { dbName: stack.dbName }).asPromise();
  // The seeded week first, so the sync after the rush is set up only writes what changed.
  const t0 = Date.now();
  const synced = await stack.runtime.slotSync.runAll({ full: true });
  expect(synced.filter((r) => !r.ok)).toEqual([]);
  fullSyncMs = Date.now() - t0;
});
afterAll(async () => {
  await db?.close();
  await stack?.close();
  for (const f of feeds.values()) await f.close();
  await wechat?.close();
});

it(`放号: before release 409 SLOT_NOT_RELEASED and no write; at release bookable in every protocol; ${SEATS} seats to ${RESIDENTS} residents, exactly ${SEATS} booked, none twice; a burst gets 429`, async () => {
  const people = await pool(
    Array.from({ length: RESIDENTS + FEEDS.length + 1 }, (_, n) => n),
    16,
    resident,
  );
  const crowd = people.slice(0, RESIDENTS);
  const checkers = people.slice(RESIDENTS, RESIDENTS + FEEDS.length);
  const burster = people.at(-1)!;

  // Whole seconds, far enough ahead for a sync of three feeds on a busy 2-core machine.
  const releaseMs = Math.ceil((Date.now() + Math.max(8_000, 2 * fullSyncMs + 4_000)) / 1000) * 1000;
  const releaseAt = new Date(releaseMs).toISOString();
  const sessions = new Map<string, FeedSlot[]>();
  for (const f of FEEDS)
    sessions.set(f.hospitalId, feeds.get(f.hospitalId)!.scheduleRush({ seats: f.seats, releaseAt }));
  // An ordinary (incremental) poll: the rush periods are new in the feed since the last one.
  const synced = await stack.runtime.slotSync.runAll();
  expect(synced.filter((r) => !r.ok)).toEqual([]);
  const idsOf = (hospitalId: string) =>
    sessions.get(hospitalId)!.map((s) => `${hospitalId}:${s.sourceSlotId}`);
  expect(Date.now()).toBeLessThan(releaseMs - 2_000);

  // Reads before release: not released, with the release time.
  const firstId = idsOf(RUSH_HOSPITAL)[0]!;
  const before = await request<Slot>(`${api()}/slots/${encodeURIComponent(firstId)}`);
  expect(before.body).toMatchObject({ status: 'not_released', remaining: expect.any(Number) });
  expect(Date.parse(before.body.releaseAt!)).toBe(releaseMs);

  // A booking attempt in every protocol before release: 409 with the time, and nothing written.
  const countsBefore = await counts();
  for (const [i, f] of FEEDS.entries()) {
    const res = await book(checkers[i]!, idsOf(f.hospitalId)[0]!, `early-${f.kind}-0001`);
    expect({ kind: f.kind, status: res.status, text: res.text }).toMatchObject({ kind: f.kind, status: 409 });
    expect(res.body.error).toMatchObject({
      code: 'SLOT_NOT_RELEASED',
      details: [{ field: 'releaseAt', message: expect.any(String) }],
    });
    expect(Date.parse(res.body.error!.details![0]!.message)).toBe(releaseMs);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  }
  expect(await counts()).toEqual(countsBefore);
  // …and the hospitals themselves refuse before release (their own "not released" answer).
  for (const f of FEEDS) expect(feeds.get(f.hospitalId)!.appointments()).toHaveLength(0);

  // The rush: 200 residents from a second before release, for at most 30 s.
  const schedule = await request<Slot>(`${api()}/slots/${encodeURIComponent(firstId)}`);
  const tallies: RushTally[] = crowd.map(() => emptyTally());
  const target = {
    api: api(),
    hospitalId: RUSH_HOSPITAL,
    departmentId: schedule.body.departmentId!,
    date: schedule.body.date,
    periodIds: idsOf(RUSH_HOSPITAL),
  };
  const times = { startAt: releaseMs - 1_000, deadline: releaseMs + 30_000, pollMs: 200 };
  const rush = Promise.all(crowd.map((who, i) => runRushResident(target, who, times, tallies[i]!)));

  // At release, one resident per protocol books the other hospitals' sessions at once: no poll ran.
  await sleepUntil(releaseMs);
  for (const [i, f] of FEEDS.entries()) {
    if (f.hospitalId === RUSH_HOSPITAL) continue;
    const res = await book(checkers[i]!, idsOf(f.hospitalId)[0]!, `ontime-${f.kind}-0001`);
    expect({ kind: f.kind, status: res.status }).toEqual({ kind: f.kind, status: 201 });
  }
  const after = await request<Slot>(`${api()}/slots/${encodeURIComponent(idsOf('hzszyyy')[1]!)}`);
  expect(after.body).toMatchObject({ status: 'available' });

  await rush;
  const total = mergeTallies(tallies);
  const confirmed = await db
    .collection('bookings')
    .find({ slotId: { $in: target.periodIds }, status: 'confirmed' })
    .toArray();
  const atHospital = feeds
    .get(RUSH_HOSPITAL)!
    .appointments()
    .filter((a) => a.status === 'booked');
  const perPatient = new Map<string, number>();
  for (const b of confirmed)
    perPatient.set(String(b.patientId), (perPatient.get(String(b.patientId)) ?? 0) + 1);
  expect({
    confirmed: confirmed.length,
    atHospital: atHospital.length,
    residentsWithTwo: [...perPatient.values()].filter((n) => n > 1).length,
    bookedAnswers: total.booked,
    status5xx: total.status5xx,
    notReleasedWithoutTime: total.notReleasedWithoutTime,
  }).toEqual({
    confirmed: SEATS,
    atHospital: SEATS,
    residentsWithTwo: 0,
    bookedAnswers: SEATS,
    status5xx: 0,
    notReleasedWithoutTime: 0,
  });
  // A request the loaded machine did not answer within 30 s is reported, not failed on: the
  // counts above are what must hold whatever the timing.
  if (total.transportErrors > 0)
    process.stderr.write(`rush: requests without an answer ${JSON.stringify(total.transportErrorKinds)}\n`);
  expect(new Set(atHospital.map((a) => a.patient.masterId)).size).toBe(SEATS);
  // Everyone else heard the session was full.
  expect(total.answers.SLOT_FULL ?? 0).toBeGreaterThan(0);

  // A burst beyond the per-account limit on a bookable period: 429 with Retry-After, and nothing
  // half-written: the refused requests left no key, the others their key and answer, one booking.
  const burstSlot = idsOf('hzszyyy')[1]!;
  const keys = Array.from(
    { length: PER_ACCOUNT_PER_MINUTE + 10 },
    (_, i) => `burst-${String(i).padStart(4, '0')}`,
  );
  const burst = await Promise.all(keys.map((key) => book(burster, burstSlot, key)));
  const limited = keys.filter((_, i) => burst[i]!.status === 429);
  const passed = keys.filter((_, i) => burst[i]!.status !== 429);
  expect(limited.length).toBeGreaterThanOrEqual(10);
  for (const r of burst.filter((b) => b.status === 429)) {
    expect(r.body.error?.code).toBe('RATE_LIMITED');
    expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  }
  expect(burst.filter((r) => r.status >= 500)).toHaveLength(0);
  expect(burst.filter((r) => r.status === 201)).toHaveLength(1);
  // Keys are stored per account as `<account>#<key>`; these keys were used by the burster alone.
  const storedIds = (
    await db
      .collection('idempotency_keys')
      .find({}, { projection: { _id: 1 } })
      .toArray()
  ).map((d) => String(d._id));
  const stored = (list: string[]) => list.filter((k) => storedIds.some((id) => id.endsWith(`#${k}`))).length;
  expect(stored(limited)).toBe(0);
  expect(stored(passed)).toBe(passed.length);
  expect(await db.collection('pending_bookings').countDocuments()).toBe(0);
  expect(
    feeds
      .get('hzszyyy')!
      .appointments()
      .filter((a) => a.status === 'booked'),
  ).toHaveLength(2);
});
