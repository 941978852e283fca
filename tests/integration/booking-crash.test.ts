import { firstLine, listeningUrl } from '../support/child-output';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import {
  NO_FEED_FAULTS,
  startHospitalFeed,
  startRegionalPlatform,
  startWechat,
  type FeedSlot,
  type HospitalFeedHandle,
  type RegionalPlatformHandle,
  type WechatHandle,
} from '@jiankang/sim';
import { residentIdCheckChar, type Booking, type PatientResponse } from '@jiankang/shared';
import { loadConfig } from '../../bff/src/config';
import type { BookingClaimDoc, BookingDoc, PendingBookingDoc } from '../../bff/src/models/bookings';
import { bearer, loginWithConsent, type LoggedIn } from '../support/auth';
import { dropDatabase, testMongoUri, uniqueDbName } from '../support/db';
import { request } from '../support/http';
import { until } from '../support/until';
import {
  TEST_APP_ID,
  TEST_APP_SECRET,
  TEST_WECHAT_APPID,
  TEST_WECHAT_SECRET,
  type Stack,
} from '../support/stack';

/**
 * Crash safety of booking: the BFF runs as its own process (bff/src/server.ts) and is killed with
 * SIGKILL while a booking waits on the hospital, after its local claims are written. A new process
 * on the same database must settle it through the reconciler it runs at start: confirmed exactly
 * once when the hospital has it, failed with every claim released when it does not; a retry with
 * the same Idempotency-Key answers that booking, never a second one.
 */

jest.setTimeout(90_000);

const REPO = path.resolve(__dirname, '../..');
const HOSPITAL = 'hzszxrmyy';
const HOSPITAL_TIMEOUT_MS = 4_000;
const dbName = uniqueDbName();
const tmp = mkdtempSync(path.join(os.tmpdir(), 'jk-crash-'));
const hospitalsFile = path.join(tmp, 'hospitals.json');

let regional: RegionalPlatformHandle;
let wechat: WechatHandle;
let feed: HospitalFeedHandle;
let proxy: HoldingProxy;
let db: mongoose.Connection;
let bff: Bff | undefined;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Between the BFF and the hospital simulator. `hold`: booking writes (non-GET) are passed on and
 * the hospital's answer is kept back — the hospital has committed, the BFF never hears it.
 */
interface HoldingProxy {
  origin: string;
  mode: 'pass' | 'hold';
  /** Writes the hospital answered while held. */
  held: number;
  close(): Promise<void>;
}

async function startProxy(target: string): Promise<HoldingProxy> {
  const sockets = new Set<Socket>();
  const state = { mode: 'pass' as 'pass' | 'hold', held: 0 };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const hold = state.mode === 'hold' && req.method !== 'GET';
      // The Host header is passed on as it is, so the feed's own links name the proxy.
      const upstream = http.request(
        `${target}${req.url}`,
        { method: req.method, headers: req.headers },
        (answer) => {
          const body: Buffer[] = [];
          answer.on('data', (c: Buffer) => body.push(c));
          answer.on('end', () => {
            if (hold) {
              state.held += 1;
              return; // committed there; the answer never comes back
            }
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            res.end(Buffer.concat(body));
          });
        },
      );
      upstream.on('error', () => res.destroy());
      upstream.end(Buffer.concat(chunks));
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get mode() {
      return state.mode;
    },
    set mode(m) {
      state.mode = m;
    },
    get held() {
      return state.held;
    },
    close() {
      for (const s of sockets) s.destroy();
      return new Promise((r) => server.close(() => r()));
    },
  };
}

interface Bff {
  child: ChildProcessWithoutNullStreams;
  url: string;
  logs: string[];
  exited: Promise<void>;
}

/** `bff/src/server.ts` in its own process on the shared database; resolves when it listens. */
async function startBff(): Promise<Bff> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bff/src/server.ts'], {
    cwd: REPO,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      PORT: '0',
      LOG_LEVEL: 'info',
      MONGODB_URI: testMongoUri(),
      MONGODB_DB: dbName,
      REGIONAL_BASE_URL: regional.url,
      REGIONAL_APP_ID: TEST_APP_ID,
      REGIONAL_APP_SECRET: TEST_APP_SECRET,
      WECHAT_BASE_URL: wechat.url,
      WECHAT_APPID: TEST_WECHAT_APPID,
      WECHAT_SECRET: TEST_WECHAT_SECRET,
      HOSPITALS_FILE: hospitalsFile,
      FEEDS_ENABLED: 'true',
      BOOKING_HOSPITAL_TIMEOUT_MS: String(HOSPITAL_TIMEOUT_MS),
      BOOKING_PER_ACCOUNT_PER_MINUTE: '10000',
      BOOKING_PER_IP_PER_MINUTE: '10000',
      LOGIN_RATE_PER_MINUTE: '10000',
    },
  });
  const logs: string[] = [];
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const url = await firstLine(child, logs, listeningUrl);
  return { child, url, logs, exited };
}

async function kill(which: Bff): Promise<void> {
  which.child.kill('SIGKILL');
  await which.exited;
}

const asStack = (b: Bff) =>
  ({ baseUrl: b.url, wechat, config: loadConfig({ NODE_ENV: 'test' }) }) as unknown as Stack;
let seq = 0;

function residentId(): string {
  seq += 1;
  const first17 = `44130219${70 + seq}0${seq}15${String(seq).padStart(3, '0')}`;
  return first17 + residentIdCheckChar(first17);
}

function call<T>(b: Bff, who: LoggedIn, method: string, p: string, body?: unknown, key?: string) {
  return request<T>(`${b.url}/api/v1${p}`, {
    method,
    headers: {
      ...bearer(who.accessToken),
      ...(body !== undefined && { 'content-type': 'application/json' }),
      ...(key && { 'Idempotency-Key': key }),
    },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
}

async function resident(b: Bff): Promise<{ who: LoggedIn; patientId: string }> {
  const who = await loginWithConsent(asStack(b));
  const res = await call<PatientResponse>(b, who, 'POST', '/patients', {
    name: '张三丰',
    idType: 'resident_id',
    idNumber: residentId(),
    phone: `137${String(10_000_000 + seq).slice(-8)}`,
    relation: 'self',
  });
  if (res.status !== 201) throw new Error(`patient: ${res.status} ${res.text}`);
  return { who, patientId: res.body.patient.id };
}

const usedSessions = new Set<string>();
function period(): FeedSlot {
  const later = Date.now() + 6 * 60 * 60_000;
  const s = feed
    .listSlots()
    .find(
      (x) =>
        x.status === 'free' &&
        x.released &&
        x.remaining > 0 &&
        Date.parse(x.start) > later &&
        !usedSessions.has(`${x.date}#${x.deptCode}`),
    );
  if (!s) throw new Error('no bookable period');
  usedSessions.add(`${s.date}#${s.deptCode}`);
  return s;
}

const bookings = () => db.collection<BookingDoc>('bookings');
const claims = () => db.collection<BookingClaimDoc>('booking_claims');
const pendings = () => db.collection<PendingBookingDoc>('pending_bookings');

/** Fires a booking at `b` (not awaited) and waits until its pending entry (the draft) and claims are written. */
async function bookingInFlight(b: Bff, who: LoggedIn, slotId: string, patientId: string, key: string) {
  const answer = call<Booking>(b, who, 'POST', '/bookings', { slotId, patientId }, key).catch(
    (err: Error) => err,
  );
  const doc = await until(
    'its pending entry',
    async () =>
      (await pendings().findOne({ 'draft.accountId': who.accountId, 'draft.slotId': slotId }))?.draft,
  );
  await until('its three claims', async () => (await claims().countDocuments({ bookingId: doc._id })) === 3);
  return { id: doc._id, answer };
}

/** Claims only for live bookings that hold them: nothing orphaned. */
async function expectNoOrphanClaims(): Promise<void> {
  for (const claim of await claims().find().toArray()) {
    const owner =
      (await bookings().findOne({ _id: claim.bookingId })) ??
      (await pendings().findOne({ _id: claim.bookingId }))?.draft;
    expect(owner && ['pending', 'confirmed'].includes(owner.status) && owner.claims.includes(claim._id)).toBe(
      true,
    );
  }
}

beforeAll(async () => {
  regional = await startRegionalPlatform({ apps: { [TEST_APP_ID]: TEST_APP_SECRET } });
  wechat = await startWechat({ apps: { [TEST_WECHAT_APPID]: TEST_WECHAT_SECRET } });
  feed = await startHospitalFeed({ hospitalId: HOSPITAL, kind: 'fhir', port: 0 });
  proxy = await startProxy(feed.origin);
  const baseUrl = feed.url.replace(feed.origin, proxy.origin);
  writeFileSync(hospitalsFile, JSON.stringify({ hospitals: [{ id: HOSPITAL, adapter: 'fhir', baseUrl }] }));
  db = await mongoose.createConnection(testMongoUri(), { dbName }).asPromise();
});
afterAll(async () => {
  if (bff) await kill(bff);
  await db?.close();
  await Promise.all([regional?.close(), wechat?.close(), feed?.close(), proxy?.close()]);
  await dropDatabase(dbName);
  rmSync(tmp, { recursive: true, force: true });
});

describe('a BFF killed while a booking waits on the hospital', () => {
  it('when the hospital never got it, then the next process fails it, releases every claim, and a retry answers that booking', async () => {
    bff = await startBff();
    await until('the first slot poll', async () => (await db.collection('slots').countDocuments()) > 0).catch(
      (err: Error) => {
        throw new Error(`${err.message}\n${bff!.logs.join('\n')}`);
      },
    );
    const { who, patientId } = await resident(bff);
    const s = period();
    const slotId = `${HOSPITAL}:${s.sourceSlotId}`;
    const key = `crash-before-${Date.now()}`;

    feed.setFaults({ hang: true });
    const { id, answer } = await bookingInFlight(bff, who, slotId, patientId, key);
    await kill(bff);
    bff = undefined;
    expect(String(await answer)).toContain('fetch failed');
    feed.setFaults(NO_FEED_FAULTS);
    expect(feed.findAppointment(id)).toBeUndefined();

    // The replica stays down past booking.giveUpAfterMs (120 s): moved back in the database
    // rather than waited for, together with the key's age (the resident retries minutes later).
    const ago = new Date(Date.now() - 5 * 60_000);
    await pendings().updateOne({ _id: id }, { $set: { since: ago, checkAfter: ago } });
    await db.collection('idempotency_keys').updateOne({ bookingId: id }, { $set: { createdAt: ago } });

    bff = await startBff();
    const settled = await until('the reconciler at start', async () => {
      // Settled: the pending entry is the last thing removed.
      if (await pendings().findOne({ _id: id })) return undefined;
      return bookings().findOne({ _id: id });
    });
    expect(settled).toMatchObject({ status: 'failed', awaitingHospital: false });
    expect(await claims().countDocuments({ bookingId: id })).toBe(0);
    expect(await pendings().countDocuments({ _id: id })).toBe(0);
    expect(feed.findAppointment(id)).toBeUndefined();
    await expectNoOrphanClaims();

    const retry = await call<{ error: { code: string } }>(
      bff,
      who,
      'POST',
      '/bookings',
      { slotId, patientId },
      key,
    );
    expect(retry.status).toBe(409);
    expect(retry.body.error.code).toBe('HOSPITAL_REJECTED');
    expect(await bookings().countDocuments({ accountId: who.accountId })).toBe(1);
    expect(feed.appointments().filter((a) => a.sourceSlotId === s.sourceSlotId)).toHaveLength(0);
    // The seat and the patient's day are free again: the same period books.
    const again = await call<Booking>(bff, who, 'POST', '/bookings', { slotId, patientId }, `${key}-2`);
    expect(again.status).toBe(201);
    expect(again.body.id).not.toBe(id);
  });

  it('when the hospital committed and its answer was lost, then the next process confirms it exactly once', async () => {
    bff ??= await startBff();
    const { who, patientId } = await resident(bff);
    const s = period();
    const slotId = `${HOSPITAL}:${s.sourceSlotId}`;
    const key = `crash-after-${Date.now()}`;

    proxy.mode = 'hold';
    const heldBefore = proxy.held;
    const { id, answer } = await bookingInFlight(bff, who, slotId, patientId, key);
    await until('the hospital to commit', async () => proxy.held > heldBefore);
    await kill(bff);
    bff = undefined;
    expect(String(await answer)).toContain('fetch failed');
    proxy.mode = 'pass';
    expect(feed.findAppointment(id)).toMatchObject({ status: 'booked', sourceSlotId: s.sourceSlotId });
    // Not settled: only the draft in the work list, no booking document yet.
    expect((await pendings().findOne({ _id: id }))?.draft?.status).toBe('pending');
    expect(await bookings().findOne({ _id: id })).toBeNull();

    // The look-up is due once the booking call would have timed out; the resident retries later.
    const pending = (await pendings().findOne({ _id: id }))!;
    await sleep(Math.max(0, new Date(pending.checkAfter).getTime() - Date.now()));
    await db
      .collection('idempotency_keys')
      .updateOne({ bookingId: id }, { $set: { createdAt: new Date(Date.now() - 60_000) } });

    bff = await startBff();
    const settled = await until('the reconciler at start', async () => {
      // Settled: the pending entry is the last thing removed.
      if (await pendings().findOne({ _id: id })) return undefined;
      return bookings().findOne({ _id: id });
    });
    expect(settled).toMatchObject({ status: 'confirmed', hospitalBookingId: feed.findAppointment(id)!.id });
    expect(await claims().countDocuments({ bookingId: id })).toBe(3);
    expect(await pendings().countDocuments({ _id: id })).toBe(0);
    await expectNoOrphanClaims();

    const [a, b] = await Promise.all(
      [0, 1].map(() => call<Booking>(bff!, who, 'POST', '/bookings', { slotId, patientId }, key)),
    );
    for (const r of [a!, b!]) {
      expect(r.status).toBe(201);
      expect(r.body).toMatchObject({ id, status: 'confirmed' });
    }
    expect(await bookings().countDocuments({ accountId: who.accountId })).toBe(1);
    expect(feed.appointments().filter((x) => x.reference === id)).toHaveLength(1);
    expect(feed.appointments().filter((x) => x.sourceSlotId === s.sourceSlotId)).toHaveLength(1);
  });
});
