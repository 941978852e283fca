import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import {
  startHospitalFeed,
  startRegionalPlatform,
  startWechat,
  type FeedSlot,
  type HospitalFeedHandle,
  type RegionalPlatformHandle,
  type WechatHandle,
} from '@jiankang/sim';
import type { Booking, SlotDetailResponse, TokenResponse } from '@jiankang/shared';
import { loadConfig } from '../../bff/src/config';
import type { JobLeaseDoc } from '../../bff/src/models/leases';
import { ACTIVE_CACHE_MS } from '../../bff/src/services/auth/session-revocations';
import { bearer, type LoggedIn } from '../support/auth';
import { startBffProcess, type BffProcess } from '../support/bff-process';
import { crowdPatients, pool } from '../support/crowd';
import { dropDatabase, testMongoUri, uniqueDbName } from '../support/db';
import { signedPushHeaders } from '../support/feeds';
import { request } from '../support/http';
import { until } from '../support/until';
import { startRoundRobinProxy, type RoundRobinProxy } from '../support/round-robin-proxy';
import { TEST_APP_ID, TEST_APP_SECRET, TEST_WECHAT_APPID, TEST_WECHAT_SECRET } from '../support/stack';

/**
 * Two BFF processes (bff/src/server.ts) behind a round-robin load balancer, sharing one database
 * and one Redis, as a city runs them (docs/replicas.md): the booking race split across both, a
 * slot pushed to one served by the other, shared login limits, a logout on one honoured by the
 * other, and background jobs run by one replica at a time, moving when it is killed.
 */

jest.setTimeout(300_000);

const HOSPITAL = 'hzszxrmyy';
const PUSH_SECRET = 'test-only-push-secret-0123456789';
const ATTEMPTS = Number(process.env.JK_CROWD ?? 1_000);
const PER_ACCOUNT = 5;
const LEASE_PERIOD_MS = 3_000;
const FEED_INTERVAL_MS = 1_000;
const LOGINS_PER_IP = 10;
const PRIVACY_VERSION = loadConfig({ NODE_ENV: 'test' }).privacy.version;
const dbName = uniqueDbName('jk_replicas');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'jk-replicas-'));
// .ci/run starts a Redis of its own; by hand, the machine's.
const redisUrl = process.env.JK_TEST_REDIS_URL || 'redis://127.0.0.1:6379';

let regional: RegionalPlatformHandle;
let wechat: WechatHandle;
let feed: HospitalFeedHandle;
/** Each replica reaches the hospital through its own counting proxy: who polled is known. */
const toHospital: Record<'a' | 'b', RoundRobinProxy | undefined> = { a: undefined, b: undefined };
const polls: Record<'a' | 'b', number[]> = { a: [], b: [] };
let a: BffProcess;
let b: BffProcess | undefined;
let lb: RoundRobinProxy;
let db: mongoose.Connection;
let ipSeq = 0;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function startReplica(name: 'a' | 'b'): Promise<BffProcess> {
  return startBffProcess({
    MONGODB_URI: testMongoUri(),
    MONGODB_DB: dbName,
    REDIS_URL: redisUrl,
    // Test runs sharing the machine's Redis keep to their own keys and channels.
    REDIS_KEY_PREFIX: `${dbName}:`,
    LEASE_PERIOD_MS: String(LEASE_PERIOD_MS),
    TRUST_PROXY: 'true',
    REGIONAL_BASE_URL: regional.url,
    REGIONAL_APP_ID: TEST_APP_ID,
    REGIONAL_APP_SECRET: TEST_APP_SECRET,
    // Making 1,000 patients (an EMPI call each) on a loaded machine: not what is tested here.
    REGIONAL_TIMEOUT_MS: '20000',
    WECHAT_BASE_URL: wechat.url,
    WECHAT_APPID: TEST_WECHAT_APPID,
    WECHAT_SECRET: TEST_WECHAT_SECRET,
    HOSPITALS_FILE: path.join(tmp, `hospitals-${name}.json`),
    FEEDS_ENABLED: 'true',
    FEED_INTERVAL_MS: String(FEED_INTERVAL_MS),
    BOOKING_HOSPITAL_TIMEOUT_MS: '30000',
    BOOKING_PER_ACCOUNT_PER_MINUTE: '1000000',
    BOOKING_PER_IP_PER_MINUTE: '1000000',
    LOGIN_RATE_PER_MINUTE: String(LOGINS_PER_IP),
  });
}

/** A new WeChat user signing in through the load balancer from its own address. */
async function login(via = lb.url, ip = `10.9.${(ipSeq >> 8) & 255}.${ipSeq++ & 255}`) {
  const { code, openid } = wechat.mintCode();
  return request<TokenResponse>(`${via}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
    body: JSON.stringify({ code }),
  }).then((res) => ({ res, openid }));
}

async function resident(): Promise<LoggedIn> {
  const { res, openid } = await login();
  if (res.status !== 200) throw new Error(`login: ${res.status} ${res.text}`);
  const consent = await request(`${lb.url}/api/v1/me/consent`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...bearer(res.body.accessToken) },
    body: JSON.stringify({ version: PRIVACY_VERSION }),
  });
  if (consent.status !== 201) throw new Error(`consent: ${consent.status} ${consent.text}`);
  const { accessToken, refreshToken, accountId } = res.body;
  return { accessToken, refreshToken, accountId, openid };
}

const slotOn = (replica: BffProcess, slotId: string) =>
  request<SlotDetailResponse>(`${replica.url}/api/v1/slots/${slotId}`);

const leases = () => db.collection<JobLeaseDoc>('job_leases');
const pidOf = (owner: string) => Number(owner.split(':')[1]);
const periodOf = (ms: number) => Math.floor(ms / LEASE_PERIOD_MS);

beforeAll(async () => {
  regional = await startRegionalPlatform({ apps: { [TEST_APP_ID]: TEST_APP_SECRET } });
  wechat = await startWechat({
    apps: { [TEST_WECHAT_APPID]: TEST_WECHAT_SECRET },
    code2SessionPerMinute: 100_000,
  });
  feed = await startHospitalFeed({ hospitalId: HOSPITAL, kind: 'fhir', profile: 'enriched', port: 0 });
  const feedPath = new URL(feed.url).pathname;
  for (const name of ['a', 'b'] as const) {
    const proxy = await startRoundRobinProxy([feed.origin], {
      onRequest: (method, url) => {
        if (method === 'GET' && url.includes('/Slot')) polls[name].push(Date.now());
      },
    });
    toHospital[name] = proxy;
    writeFileSync(
      path.join(tmp, `hospitals-${name}.json`),
      JSON.stringify({
        hospitals: [
          {
            id: HOSPITAL,
            adapter: 'fhir',
            baseUrl: `${proxy.url}${feedPath}`,
            push: { url: `${proxy.url}/unused`, secret: PUSH_SECRET },
          },
        ],
      }),
    );
  }
  db = await mongoose.createConnection(testMongoUri(), { dbName }).asPromise();
  // One after the other: the first creates the indexes and takes the first directory sync.
  a = await startReplica('a');
  b = await startReplica('b');
  lb = await startRoundRobinProxy([a.url, b.url]);
  await until('both replicas hold the hospital’s slots', async () => {
    // One still ahead: the feed lists today's morning too, which the index leaves out once over.
    const any = feed.listSlots().find((t) => Date.parse(t.end) > Date.now() + 3_600_000);
    if (!any) return false;
    const id = `${HOSPITAL}:${any.sourceSlotId}`;
    return (await slotOn(a, id)).status === 200 && (await slotOn(b!, id)).status === 200;
  });
});

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await lb?.close();
  await db?.close();
  await Promise.all([
    regional?.close(),
    wechat?.close(),
    feed?.close(),
    toHospital.a?.close(),
    toHospital.b?.close(),
  ]);
  await dropDatabase(dbName);
  rmSync(tmp, { recursive: true, force: true });
});

const failWithLogs = (err: unknown) => {
  const tail = (p: BffProcess | undefined) => (p ? p.logs.slice(-30).join('\n') : '');
  throw new Error(`${(err as Error).message}\n--- a\n${tail(a)}\n--- b\n${tail(b)}`);
};

it(`${ATTEMPTS} patients book one 10-seat period across both replicas: exactly 10 confirmed`, async () => {
  const soon = Date.now() + 3 * 60 * 60_000;
  const slot = feed
    .listSlots()
    .find(
      (s: FeedSlot) =>
        s.capacity === 10 && s.status !== 'cancelled' && s.released && Date.parse(s.start) > soon,
    );
  if (!slot) throw new Error('the simulator has no 10-seat period');
  if (slot.remaining < 10) feed.freeSlot(slot.sourceSlotId, 10 - slot.remaining);
  const slotId = `${HOSPITAL}:${slot.sourceSlotId}`;
  await until('both replicas show 10 free', async () => {
    const [x, y] = await Promise.all([slotOn(a, slotId), slotOn(b!, slotId)]);
    return x.body.remaining === 10 && y.body.remaining === 10;
  }).catch(failWithLogs);

  const accounts = await pool(
    Array.from({ length: ATTEMPTS / PER_ACCOUNT }, (_, i) => i),
    16,
    () => resident(),
  ).catch(failWithLogs);
  const patients = await crowdPatients(lb.url, accounts, PER_ACCOUNT).catch(failWithLogs);

  const before = new Map(lb.served);
  const started = Date.now();
  const results = await Promise.all(
    patients.map(({ who, patientId }, n) =>
      request<Booking & { error?: { code: string } }>(`${lb.url}/api/v1/bookings`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'idempotency-key': `replicas-${n}-${started}`,
          ...bearer(who.accessToken),
        },
        body: JSON.stringify({ slotId, patientId }),
      }),
    ),
  );
  // The race was split: each replica answered about half.
  for (const [upstream, n] of lb.served)
    expect(n - (before.get(upstream) ?? 0)).toBeGreaterThan(ATTEMPTS / 4);
  const confirmed = results.filter((r) => r.status === 201);
  const full = results.filter((r) => r.status === 409 && r.body.error?.code === 'SLOT_FULL');
  expect({ confirmed: confirmed.length, full: full.length }).toEqual({ confirmed: 10, full: ATTEMPTS - 10 });
  const booked = feed
    .appointments()
    .filter((x) => x.sourceSlotId === slot.sourceSlotId && x.status === 'booked');
  expect(booked.map((x) => x.reference).sort()).toEqual(confirmed.map((r) => r.body.id).sort());
  expect(await db.collection('bookings').countDocuments({ slotId, status: 'confirmed' })).toBe(10);
});

it('a slot pushed to replica A is served by replica B within a second', async () => {
  const s = feed
    .listSlots()
    .find(
      (t) =>
        t.status === 'free' && t.released && t.remaining > 2 && Date.parse(t.end) > Date.now() + 3_600_000,
    )!;
  const slotId = `${HOSPITAL}:${s.sourceSlotId}`;
  const shownOnB = (await slotOn(b!, slotId)).body;
  const remaining = shownOnB.remaining - 1;
  const body = JSON.stringify({
    events: [
      {
        eventId: randomUUID(),
        type: 'slot.updated',
        hospitalId: HOSPITAL,
        sourceSlotId: s.sourceSlotId,
        version: s.version + 1,
        occurredAt: new Date().toISOString(),
        slot: { start: s.start, end: s.end, capacity: s.capacity, remaining, status: 'free' },
      },
    ],
  });
  const pushed = await request(`${a.url}/api/v1/feeds/${HOSPITAL}/slot-events`, {
    method: 'POST',
    headers: signedPushHeaders(PUSH_SECRET, body),
    body,
  });
  expect(pushed.status).toBe(200);
  const answeredAt = Date.now();
  expect((await slotOn(a, slotId)).body.remaining).toBe(remaining);
  await until(
    'B shows the pushed count',
    async () => (await slotOn(b!, slotId)).body.remaining === remaining,
    5_000,
  );
  const lag = Date.now() - answeredAt;
  process.stderr.write(`[replicas] push on A served by B after ${lag} ms\n`);
  expect(lag).toBeLessThan(1_000);
});

it('the login limit is one count across both replicas', async () => {
  const ip = '203.0.113.9';
  const answers: number[] = [];
  for (let i = 0; i < LOGINS_PER_IP + 4; i += 1) answers.push((await login(lb.url, ip)).res.status);
  expect(answers.slice(0, LOGINS_PER_IP)).toEqual(Array(LOGINS_PER_IP).fill(200));
  expect(answers.slice(LOGINS_PER_IP)).toEqual([429, 429, 429, 429]);
  // Asked directly, neither replica has a fresh count of its own for that address.
  expect((await login(a.url, ip)).res.status).toBe(429);
  expect((await login(b!.url, ip)).res.status).toBe(429);
});

it('a logout on replica A stops the access token on replica B within a second', async () => {
  const who = await resident();
  const me = (on: BffProcess) => request(`${on.url}/api/v1/me`, { headers: bearer(who.accessToken) });
  expect((await me(b!)).status).toBe(200); // B now holds "active" for this session
  const out = await request(`${a.url}/api/v1/auth/logout`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ refreshToken: who.refreshToken }),
  });
  expect(out.status).toBeLessThan(300);
  expect((await me(a)).status).toBe(401);
  // B re-reads the session once its "active" answer is ACTIVE_CACHE_MS old, well within 1 s.
  await sleep(ACTIVE_CACHE_MS + 100);
  const onB = await me(b!);
  expect(onB.status).toBe(401);
  expect(onB.text).toContain('UNAUTHENTICATED');
});

it('background jobs run on one replica at a time and move to the other when it is killed', async () => {
  // A window of polling with both alive: each lease period's polls come from its holder alone
  // (a poll its holder began just before the period ended may run into the next).
  polls.a.length = 0;
  polls.b.length = 0;
  const windowStart = Date.now();
  // The holder deletes its period-before-last row, so the owners are noted while they are there.
  const owner = new Map<number, number>();
  while (Date.now() - windowStart < 4 * LEASE_PERIOD_MS) {
    for (const r of await leases()
      .find({ _id: { $regex: `^feed-poll:${HOSPITAL}#` } })
      .toArray())
      owner.set(Number(r._id.split('#')[1]), pidOf(r.owner));
    await sleep(250);
  }
  for (const r of await leases()
    .find({ _id: { $regex: `^feed-poll:${HOSPITAL}#` } })
    .toArray())
    owner.set(Number(r._id.split('#')[1]), pidOf(r.owner));
  const pids = { a: a.child.pid, b: b!.child.pid };
  let checked = 0;
  for (const name of ['a', 'b'] as const) {
    for (const t of polls[name]) {
      if (t < windowStart || periodOf(t) === periodOf(windowStart)) continue; // its row may be gone
      const p = periodOf(t);
      const ok =
        owner.get(p) === pids[name] || (owner.get(p - 1) === pids[name] && t - p * LEASE_PERIOD_MS < 1_500);
      if (!ok) throw new Error(`replica ${name} polled at ${t} in period ${p}, held by pid ${owner.get(p)}`);
      checked += 1;
    }
  }
  expect(checked).toBeGreaterThan(0);
  // Only ever one row per job and period, whoever inserted it first.
  const ids = (await leases().find().toArray()).map((r) => r._id);
  expect(new Set(ids).size).toBe(ids.length);

  // Kill whichever replica holds the feed poll now; the survivor takes the next period.
  const holderPid = (await until('a holder of the feed poll', async () => {
    const row = await leases().findOne({ _id: `feed-poll:${HOSPITAL}#${periodOf(Date.now())}` });
    return row ? pidOf(row.owner) : null;
  })) as number;
  const [victim, survivor] = holderPid === a.child.pid ? [a, b!] : [b!, a];
  const killedAt = Date.now();
  await victim.kill();
  const moved = await until(
    'the survivor to hold the feed poll',
    async () => {
      const row = await leases().findOne({ _id: `feed-poll:${HOSPITAL}#${periodOf(Date.now())}` });
      return row && pidOf(row.owner) === survivor.child.pid ? Date.now() : null;
    },
    10 * LEASE_PERIOD_MS,
  );
  // Within the rest of the killed holder's period plus one poll interval (and scheduling slack).
  expect(moved - killedAt).toBeLessThan(LEASE_PERIOD_MS + 2 * FEED_INTERVAL_MS + 1_000);
  const survivorName = survivor === a ? 'a' : 'b';
  const count = polls[survivorName].length;
  await until('the survivor to poll', async () => polls[survivorName].length > count, 10 * LEASE_PERIOD_MS);
  // The load balancer skips the dead replica: residents are still answered.
  const res = await request(`${lb.url}/api/v1/hospitals`);
  expect(res.status).toBe(200);
  if (victim === b) b = undefined;
  else {
    a = survivor;
    b = undefined;
  }
});
