import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startHospitalFeed } from '@jiankang/sim';
import type { PatientResponse, Slot } from '@jiankang/shared';
import { connectDatabase } from '../../bff/src/models/connection';
import { mergeTallies, type RushResidentIdentity, type RushTally } from '../support/rush-resident';
import { syntheticIdNumber } from '../support/synthetic-person';
import { json, pct, pool, signIn, startBenchStack, type Cleanups } from './bench-kit';
import type { RushJob } from './rush-worker';

/**
 * The 放号 part of `npm run bench`: a popular doctor's session of `seats` places opens at a set
 * time (FHIR hospital simulator, server clock) while `residents` distinct accounts, each with its
 * own patient, poll the schedule and book from a second before, over real HTTP from `workers`
 * processes of their own. Accounts and patients are made beforehand through the API (not timed).
 */

const HOSPITAL = 'hzszxrmyy';
const PER_ACCOUNT_PER_MINUTE = 30;
/** Lead from the last set-up step to the release: the incremental poll and the workers' start. */
const RELEASE_LEAD_MS = 20_000;
const RUSH_WINDOW_MS = 60_000;
const POLL_MS = 250;

export interface RushFigures {
  seats: number;
  residents: number;
  workers: number;
  periods: number;
  confirmedHere: number;
  confirmedAtHospital: number;
  residentsWithTwo: number;
  status5xx: number;
  status429: number;
  transportErrors: number;
  transportErrorKinds: Record<string, number>;
  notReleased: number;
  slotFull: number;
  /** Booking answers by code, all of them. */
  answers: Record<string, number>;
  scheduleReads: number;
  scheduleP50Ms: number;
  scheduleP99Ms: number;
  bookingAttempts: number;
  bookingP50Ms: number;
  bookingP99Ms: number;
  /** From the release to the last confirmed booking's creation, server clock. */
  soldOutMs: number;
  /** The first booking attempt sent and the first answered, relative to the release (ms). */
  firstSentMs: number;
  firstAnsweredMs: number;
  setupMs: number;
}

export async function measureRush(opts: {
  mongoUri: string;
  seats: number;
  residents: number;
  workers: number;
}): Promise<RushFigures> {
  const cleanups: Cleanups = [];
  try {
    const feed = await startHospitalFeed({
      hospitalId: HOSPITAL,
      kind: 'fhir',
      profile: 'enriched',
      port: 0,
    });
    cleanups.push(() => feed.close());
    const stack = await startBenchStack(
      'rush',
      opts.mongoUri,
      () => ({
        hospitalRegistry: { hospitals: [{ id: HOSPITAL, adapter: 'fhir', baseUrl: feed.url }] },
        // Every simulated resident connects from 127.0.0.1, so the per-address limit (default 300
        // a minute, meant for one phone or one NAT) is raised for this scenario only; the
        // per-account limit, the one that binds a resident or a bot account, stays the default.
        booking: {
          perAccountPerMinute: PER_ACCOUNT_PER_MINUTE,
          perIpPerMinute: 1_000_000,
          reconcileIntervalMs: 3_600_000,
        },
        regional: { timeoutMs: 20_000 },
        // 2,000 residents take longer to make than a 15-minute access token lives; the rush itself
        // is over in a minute, so the tokens made first must still be valid then.
        auth: { accessTtlSeconds: 86_400 },
      }),
      cleanups,
    );
    const { base, runtime } = stack;
    for (const r of await runtime.slotSync.runAll({ full: true }))
      if (!r.ok) throw new Error(`slot sync of ${r.hospitalId} failed`);

    process.stdout.write(`rush: preparing ${opts.residents} accounts and patients…\n`);
    const t0 = Date.now();
    const residents: RushResidentIdentity[] = [];
    await pool(
      Array.from({ length: opts.residents }, (_, n) => n),
      24,
      async (n) => {
        const auth = await signIn(stack);
        const patient = await json<PatientResponse>(`${base}/patients`, {
          method: 'POST',
          headers: auth,
          body: JSON.stringify({
            name: '陈小芳',
            idType: 'resident_id',
            idNumber: syntheticIdNumber(70_000 + n),
            phone: `135${String(10_000_000 + n).slice(-8)}`,
            relation: 'self',
          }),
        });
        if (patient.status !== 201) throw new Error(`patient: ${patient.status} ${patient.text}`);
        residents.push({
          accessToken: (auth.authorization as string).slice('Bearer '.length),
          patientId: patient.body.patient.id,
        });
      },
    );
    const setupMs = Date.now() - t0;

    // The release, in whole seconds of this (the server's) clock, and the poll that publishes it.
    const releaseMs = Math.ceil((Date.now() + RELEASE_LEAD_MS) / 1000) * 1000;
    const periods = feed.scheduleRush({ seats: opts.seats, releaseAt: new Date(releaseMs).toISOString() });
    for (const r of await runtime.slotSync.runAll())
      if (!r.ok) throw new Error(`slot sync of ${r.hospitalId} failed`);
    const periodIds = periods.map((p) => `${HOSPITAL}:${p.sourceSlotId}`);
    const first = await json<Slot>(`${base}/slots/${encodeURIComponent(periodIds[0]!)}`);
    if (first.body.status !== 'not_released')
      throw new Error(`rush period is ${first.body.status} before release`);
    if (Date.now() > releaseMs - 5_000) throw new Error('set-up ran into the release time');

    const dir = mkdtempSync(path.join(os.tmpdir(), 'jk-rush-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    const target = {
      api: base,
      hospitalId: HOSPITAL,
      departmentId: first.body.departmentId!,
      date: first.body.date,
      periodIds,
    };
    const times = { startAt: releaseMs - 1_000, deadline: releaseMs + RUSH_WINDOW_MS, pollMs: POLL_MS };
    const share = Math.ceil(residents.length / opts.workers);
    process.stdout.write(
      `rush: ${opts.seats} seats in ${periods.length} periods open at ${new Date(releaseMs).toISOString()}; ` +
        `${residents.length} residents in ${opts.workers} processes\n`,
    );
    const tallies = await Promise.all(
      Array.from({ length: opts.workers }, (_, w) => {
        const job: RushJob = { target, times, residents: residents.slice(w * share, (w + 1) * share) };
        const file = path.join(dir, `job-${w}.json`);
        writeFileSync(file, JSON.stringify(job));
        return runWorker(file);
      }),
    );
    const total = mergeTallies(tallies);
    return await tallyUp({ opts, stack, feed, periodIds, releaseMs, total, setupMs, cleanups });
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  }
}

/** A worker process (tsx), its one line of JSON. */
function runWorker(jobFile: string): Promise<RushTally> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(__dirname, 'rush-worker.ts'), jobFile],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.once('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out) as RushTally) : reject(new Error(`rush worker exited ${code}`)),
    );
  });
}

async function tallyUp(ctx: {
  opts: { mongoUri: string; seats: number; residents: number; workers: number };
  stack: Awaited<ReturnType<typeof startBenchStack>>;
  feed: Awaited<ReturnType<typeof startHospitalFeed>>;
  periodIds: string[];
  releaseMs: number;
  total: RushTally;
  setupMs: number;
  cleanups: Cleanups;
}): Promise<RushFigures> {
  const { opts, stack, feed, periodIds, releaseMs, total } = ctx;
  const conn = await connectDatabase(opts.mongoUri, stack.config.mongodb.dbName);
  ctx.cleanups.push(() => conn.close());
  const ours = await conn
    .collection('bookings')
    .find({ slotId: { $in: periodIds }, status: { $in: ['confirmed', 'pending'] } })
    .toArray();
  const pending = await conn.collection('pending_bookings').countDocuments();
  if (pending > 0) process.stdout.write(`rush: ${pending} bookings still pending at the end\n`);
  const confirmed = ours.filter((b) => b.status === 'confirmed');
  const perPatient = new Map<string, number>();
  for (const b of ours) perPatient.set(String(b.patientId), (perPatient.get(String(b.patientId)) ?? 0) + 1);
  const atHospital = feed.appointments().filter((a) => a.status === 'booked');
  const perMaster = new Map<string, number>();
  for (const a of atHospital) perMaster.set(a.patient.masterId, (perMaster.get(a.patient.masterId) ?? 0) + 1);
  const twice = Math.max(
    [...perPatient.values()].filter((n) => n > 1).length,
    [...perMaster.values()].filter((n) => n > 1).length,
  );
  const lastCreated = Math.max(releaseMs, ...confirmed.map((b) => new Date(b.createdAt as Date).getTime()));
  return {
    seats: opts.seats,
    residents: opts.residents,
    workers: opts.workers,
    periods: periodIds.length,
    confirmedHere: confirmed.length,
    confirmedAtHospital: atHospital.length,
    residentsWithTwo: twice,
    status5xx: total.status5xx,
    status429: total.status429,
    transportErrors: total.transportErrors,
    transportErrorKinds: total.transportErrorKinds,
    notReleased: total.answers.SLOT_NOT_RELEASED ?? 0,
    slotFull: total.answers.SLOT_FULL ?? 0,
    answers: total.answers,
    scheduleReads: total.scheduleMs.length,
    scheduleP50Ms: pct(total.scheduleMs, 50),
    scheduleP99Ms: pct(total.scheduleMs, 99),
    bookingAttempts: total.bookMs.length,
    bookingP50Ms: pct(total.bookMs, 50),
    bookingP99Ms: pct(total.bookMs, 99),
    soldOutMs: lastCreated - releaseMs,
    firstSentMs: total.firstSentAt - releaseMs,
    firstAnsweredMs: total.firstAnsweredAt - releaseMs,
    setupMs: ctx.setupMs,
  };
}

const met = (ok: boolean) => (ok ? 'met' : '**not met**');

/** The section of docs/BENCHMARKS.md. */
export function rushSection(f: RushFigures): string {
  const ms = (x: number) => `${Math.round(x)} ms`;
  return `
## 放号 rush

Command: the same run (tests/bench/rush-bench.ts; alone: \`npx tsx tests/bench/rush-bench.ts\`; sizes by
\`BENCH_RUSH_SEATS\`, \`BENCH_RUSH_RESIDENTS\`, \`BENCH_RUSH_WORKERS\`). A stack of its own on the same database server
and one FHIR hospital simulator (${HOSPITAL}, enriched). ${f.residents} accounts with one patient each, made
through the API beforehand (${Math.round(f.setupMs / 1000)} s, not timed). A popular doctor's session of ${f.seats}
seats in ${f.periods} 分时段 periods (the simulator's rush knob) opens at a whole second ${RELEASE_LEAD_MS / 1000} s after
set-up; the BFF learns of it from one ordinary poll before the release and is not polled again. ${f.workers}
worker processes run the residents (fetch, keep-alive), each from 1 s before the release polling the schedule
every ${POLL_MS} ms and booking a period it shows open (before release: the period anyway), crossing off a period
answered SLOT_FULL and reading the schedule again after each refusal. Per-account booking limit ${PER_ACCOUNT_PER_MINUTE}/min (the default); the per-address limit is
raised for this scenario because every resident comes from 127.0.0.1 (docs/release-rush.md).

| figure | measured | aim | |
|---|---|---|---|
| confirmed at our side | ${f.confirmedHere} | = ${f.seats} | ${met(f.confirmedHere === f.seats)} |
| confirmed at the hospital simulator | ${f.confirmedAtHospital} | = ${f.seats} | ${met(f.confirmedAtHospital === f.seats)} |
| residents with two bookings | ${f.residentsWithTwo} | 0 | ${met(f.residentsWithTwo === 0)} |
| 5xx answers | ${f.status5xx} | 0 | ${met(f.status5xx === 0)} |
| schedule read p50 / p99 during the rush | ${ms(f.scheduleP50Ms)} / ${ms(f.scheduleP99Ms)} (${f.scheduleReads} reads) | p99 ≤ 2 s | ${met(f.scheduleP99Ms <= 2_000)} |
| booking attempt p50 / p99 | ${ms(f.bookingP50Ms)} / ${ms(f.bookingP99Ms)} (${f.bookingAttempts} attempts) | reported | |
| refused SLOT_NOT_RELEASED (before release) | ${f.notReleased} | | |
| refused SLOT_FULL (after) | ${f.slotFull} | | |
| 429 RATE_LIMITED | ${f.status429} | | |
| requests without an answer (reset, 30 s timeout) | ${f.transportErrors} | 0 | ${met(f.transportErrors === 0)} |
| release → last seat confirmed (server clock) | ${ms(f.soldOutMs)} | | |
| first booking attempt sent / first answered, from the release | ${ms(f.firstSentMs)} / ${ms(f.firstAnsweredMs)} | | |

- All booking answers: ${Object.entries(f.answers)
    .sort()
    .map(([k, n]) => `${k} ${n}`)
    .join(', ')}.${
    f.transportErrors > 0
      ? `\n- Requests without an answer, by kind: ${JSON.stringify(f.transportErrorKinds)}.`
      : ''
  }
- A refusal before release is answered from the in-memory slot index before the idempotency key is
  stored: no database read or write. After release each attempt that reaches the claims costs the
  writes listed under Bookings; once a period's seats are all claimed, the seat gate answers SLOT_FULL
  from memory for 2 s at a time, then lets one probe look again (docs/release-rush.md).
`;
}

// Alone: `npx tsx tests/bench/rush-bench.ts` (MONGODB_URI, else the embedded database).
if (require.main === module) {
  void (async () => {
    const { startEmbeddedDatabase } = await import('../../bff/src/dev/embedded-db');
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'jk-rush-db-'));
    const db = process.env.MONGODB_URI ? undefined : await startEmbeddedDatabase(dataDir);
    try {
      const figures = await measureRush({
        mongoUri: process.env.MONGODB_URI ?? db!.uri,
        ...rushSizes(),
      });
      process.stdout.write(`${JSON.stringify(figures)}\n${rushSection(figures)}`);
    } finally {
      await db?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  })().catch((err: Error) => {
    process.stderr.write(`rush bench failed: ${err.stack ?? err.message}\n`);
    process.exit(1);
  });
}

/** The sizes from the environment: 200 seats, 2,000 residents, 4 processes by default. */
export function rushSizes(): { seats: number; residents: number; workers: number } {
  return {
    seats: Number(process.env.BENCH_RUSH_SEATS ?? 200),
    residents: Number(process.env.BENCH_RUSH_RESIDENTS ?? 2_000),
    workers: Number(process.env.BENCH_RUSH_WORKERS ?? 4),
  };
}
