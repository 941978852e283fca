import { randomBytes } from 'node:crypto';
import pino from 'pino';
import {
  startHospitalFeed,
  startRegionalPlatform,
  startWechat,
  type FeedKind,
  type FeedSlot,
  type HospitalFeedHandle,
} from '@jiankang/sim';
import { residentIdCheckChar, type PatientResponse, type TokenResponse } from '@jiankang/shared';
import { loadConfig } from '../../bff/src/config';
import { createLogger } from '../../bff/src/lib/logger';
import { connectDatabase } from '../../bff/src/models/connection';
import { startRuntime } from '../../bff/src/runtime';

/**
 * The booking part of `npm run bench`: confirmed bookings per second through HTTP (the whole
 * path: idempotency key, patient, claims by unique insert, the hospital's own booking call to a
 * simulator, settle) against raw driver `insertOne`s of unique `_id`s into a scratch collection of
 * the same database at the same concurrency, in alternating rounds. Accounts and patients are
 * made beforehand and not timed; each booking takes a different free period.
 */

const WECHAT_APP = 'wxbench0123456789';
const WECHAT_SECRET = 'bench-only-wechat-secret-000000';
const REGIONAL_APP = 'jk-bench-bookings';
const REGIONAL_SECRET = 'bench-only-regional-secret-111111';
const HOSPITALS: { id: string; kind: FeedKind }[] = [
  { id: 'hzszxrmyy', kind: 'fhir' },
  { id: 'hzszyyy', kind: 'smart-scheduling-links' },
];

export interface BookingFigures {
  /** Bookings per round (each a different period, each confirmed: 201). */
  perRound: number;
  concurrency: number;
  rounds: number;
  bookingsPerSec: number[];
  insertsPerSec: number[];
  /** Median latency of one booking, ms, over all rounds. */
  bookingP50Ms: number;
  bookingP99Ms: number;
  hospitals: string[];
}

const elapsedMs = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
};

/** `items` worked through by `k` concurrent workers; each result's duration in ms. */
async function pool<T>(items: T[], k: number, work: (item: T) => Promise<void>): Promise<number[]> {
  const durations: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: k }, async () => {
      while (next < items.length) {
        const item = items[next] as T;
        next += 1;
        const t0 = process.hrtime.bigint();
        await work(item);
        durations.push(elapsedMs(t0));
      }
    }),
  );
  return durations;
}

let idSeq = 0;
/** A valid, distinct resident ID number per call (synthetic people only). */
function residentId(): string {
  idSeq += 1;
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  const born = `${1950 + (idSeq % 50)}${pad(1 + (Math.floor(idSeq / 50) % 12))}${pad(1 + (Math.floor(idSeq / 600) % 28))}`;
  const first17 = `441302${born}${pad(idSeq % 1000, 3)}`;
  return first17 + residentIdCheckChar(first17);
}

async function json<T>(url: string, init: RequestInit): Promise<{ status: number; body: T; text: string }> {
  const res = await fetch(url, init);
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T, text };
}

export async function measureBookings(opts: {
  mongoUri: string;
  perRound: number;
  rounds: number;
  concurrency: number;
}): Promise<BookingFigures> {
  const cleanups: Array<() => Promise<unknown>> = [];
  try {
    const regional = await startRegionalPlatform({ apps: { [REGIONAL_APP]: REGIONAL_SECRET } });
    cleanups.push(() => regional.close());
    const wechat = await startWechat({
      apps: { [WECHAT_APP]: WECHAT_SECRET },
      code2SessionPerMinute: 1_000_000,
    });
    cleanups.push(() => wechat.close());
    const feeds: HospitalFeedHandle[] = [];
    for (const h of HOSPITALS)
      feeds.push(await startHospitalFeed({ hospitalId: h.id, kind: h.kind, port: 0 }));
    cleanups.push(() => Promise.all(feeds.map((f) => f.close())));

    const dbName = `jk_bench_bookings_${Date.now()}`;
    const config = loadConfig(process.env, {
      http: { host: '127.0.0.1', port: 0 },
      log: { level: 'info' },
      mongodb: { uri: opts.mongoUri, dbName },
      regional: { baseUrl: regional.url, appId: REGIONAL_APP, appSecret: REGIONAL_SECRET },
      wechat: { appId: WECHAT_APP, appSecret: WECHAT_SECRET, baseUrl: wechat.url, timeoutMs: 3_000 },
      hospitalRegistry: {
        hospitals: HOSPITALS.map((h, i) => ({ id: h.id, adapter: h.kind, baseUrl: feeds[i]!.url })),
      },
      feeds: { enabled: false },
      rateLimits: { loginPerIpPerMinute: 100_000 },
      booking: { perAccountPerMinute: 1_000_000, perIpPerMinute: 1_000_000, reconcileIntervalMs: 3_600_000 },
    });
    const runtime = await startRuntime(
      config,
      createLogger('info', pino.destination({ dest: '/dev/null', sync: false })),
    );
    cleanups.push(async () => {
      await runtime.close(1_000);
      const conn = await connectDatabase(opts.mongoUri, dbName);
      await conn.dropDatabase();
      await conn.close();
    });
    const base = `${await runtime.listen()}/api/v1`;
    for (const r of await runtime.slotSync.runAll({ full: true }))
      if (!r.ok) throw new Error(`slot sync of ${r.hospitalId} failed`);

    // Distinct free periods, each on its own (date, department) per patient: one patient per booking.
    const later = Date.now() + 3 * 60 * 60_000;
    const periods: Array<{ slotId: string; slot: FeedSlot }> = feeds.flatMap((f) =>
      f
        .listSlots()
        .filter((s) => s.status === 'free' && s.released && s.remaining > 0 && Date.parse(s.start) > later)
        .map((slot) => ({ slotId: `${f.hospitalId}:${slot.sourceSlotId}`, slot })),
    );
    const needed = opts.perRound * opts.rounds;
    if (periods.length < needed)
      throw new Error(`only ${periods.length} free periods for ${needed} bookings`);
    // Spread over hospitals and days rather than filling one session first.
    periods.sort((a, b) => (a.slot.sourceSlotId < b.slot.sourceSlotId ? -1 : 1));

    process.stdout.write(`bookings: preparing ${needed} accounts and patients…\n`);
    const people: Array<{ token: string; patientId: string }> = [];
    await pool(
      Array.from({ length: needed }, (_, i) => i),
      8,
      async () => {
        const { code } = wechat.mintCode();
        const login = await json<TokenResponse>(`${base}/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ code }),
        });
        if (login.status !== 200) throw new Error(`login: ${login.status} ${login.text}`);
        const auth = {
          authorization: `Bearer ${login.body.accessToken}`,
          'content-type': 'application/json',
        };
        const consent = await json(`${base}/me/consent`, {
          method: 'POST',
          headers: auth,
          body: JSON.stringify({ version: config.privacy.version }),
        });
        if (consent.status !== 201) throw new Error(`consent: ${consent.status} ${consent.text}`);
        const patient = await json<PatientResponse>(`${base}/patients`, {
          method: 'POST',
          headers: auth,
          body: JSON.stringify({
            name: '陈大文',
            idType: 'resident_id',
            idNumber: residentId(),
            phone: `136${String(10_000_000 + idSeq).slice(-8)}`,
            relation: 'self',
          }),
        });
        if (patient.status !== 201) throw new Error(`patient: ${patient.status} ${patient.text}`);
        people.push({ token: login.body.accessToken, patientId: patient.body.patient.id });
      },
    );

    const conn = await connectDatabase(opts.mongoUri, dbName);
    cleanups.push(() => conn.close());
    const scratch = conn.collection('bench_scratch');
    const out: BookingFigures = {
      perRound: opts.perRound,
      concurrency: opts.concurrency,
      rounds: opts.rounds,
      bookingsPerSec: [],
      insertsPerSec: [],
      bookingP50Ms: 0,
      bookingP99Ms: 0,
      hospitals: HOSPITALS.map((h) => h.id),
    };
    const latencies: number[] = [];
    for (let round = 0; round < opts.rounds; round += 1) {
      const jobs = Array.from({ length: opts.perRound }, (_, i) => ({
        person: people[round * opts.perRound + i]!,
        period: periods[round * opts.perRound + i]!,
      }));
      let t0 = process.hrtime.bigint();
      const durations = await pool(jobs, opts.concurrency, async ({ person, period }) => {
        const res = await json(`${base}/bookings`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${person.token}`,
            'content-type': 'application/json',
            'Idempotency-Key': `bench-${randomBytes(8).toString('hex')}`,
          },
          body: JSON.stringify({ slotId: period.slotId, patientId: person.patientId }),
        });
        if (res.status !== 201) throw new Error(`booking ${period.slotId}: ${res.status} ${res.text}`);
      });
      out.bookingsPerSec.push(opts.perRound / (elapsedMs(t0) / 1_000));
      latencies.push(...durations);

      const ids = Array.from({ length: opts.perRound }, () => `raw#${randomBytes(12).toString('base64url')}`);
      t0 = process.hrtime.bigint();
      await pool(ids, opts.concurrency, async (_id) => {
        await scratch.insertOne({ _id: _id as never, bookingId: _id, createdAt: new Date() });
      });
      out.insertsPerSec.push(opts.perRound / (elapsedMs(t0) / 1_000));
      process.stdout.write(
        `bookings round ${round + 1}: ${Math.round(out.bookingsPerSec.at(-1)!)} bookings/s, ` +
          `${Math.round(out.insertsPerSec.at(-1)!)} raw inserts/s\n`,
      );
    }
    out.bookingP50Ms = pct(latencies, 50);
    out.bookingP99Ms = pct(latencies, 99);
    return out;
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  }
}
