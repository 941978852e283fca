import type { HospitalDetailResponse } from '@jiankang/shared';
import { dataKeyFrom } from '../../bff/src/lib/crypto-box';
import { Pii } from '../../bff/src/lib/pii';
import { connectDatabase } from '../../bff/src/models/connection';
import { json, startBenchStack, type Cleanups } from './bench-kit';
import { checkSeed } from './city-check';
import { seedCity, type SeedFigures } from './city-seed';
import { addSecondWeek, bookingTemplates } from './city-slots';
import { residentPaths, timePath, type PathTiming } from './scale-paths';
import {
  MEASURED_PERIODS,
  freePeriods,
  makeBookers,
  makeMeasuredResident,
  personWithReports,
  type Period,
} from './scale-residents';
import { commonDeptCode, startFeedFleet, type FeedFleet } from './slots-bench';

/**
 * The "cost flat as data grows" scenario of `npm run bench` (issue 14, item 3): the same measured
 * resident's paths through a running BFF over HTTP, on a city of `small` and of `large` other
 * residents (accounts, patients, cards, past bookings) with `logs` scan-log and access-log entries
 * at the large size (proportionally fewer at the small one) and two weeks of slots for every
 * hospital. Each size is its own database on the same server, dropped after it is measured.
 */

const env = (name: string, fallback: number) => {
  const v = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(v) || v < 0) throw new Error(`${name} must be a number`);
  return Math.floor(v);
};

export interface ScaleSettings {
  small: number;
  large: number;
  /** Scan-log and access-log entries each at the large size. */
  logs: number;
  requests: number;
  warmup: number;
  /** Time budget of one path's timed requests (at least 3 are always made). */
  budgetMs: number;
}

export const scaleSettings = (): ScaleSettings => ({
  small: env('BENCH_SCALE_SMALL', 1_000),
  large: env('BENCH_SCALE_LARGE', 100_000),
  logs: env('BENCH_SCALE_LOGS', 1_000_000),
  requests: env('BENCH_SCALE_REQUESTS', 100),
  warmup: env('BENCH_SCALE_WARMUP', 5),
  budgetMs: env('BENCH_SCALE_PATH_MS', 60_000),
});

export interface SizeFigures {
  people: number;
  logs: number;
  /** Measured resident and bookers through the API, on the empty database. */
  setupMs: number;
  slots: { firstWeek: number; secondWeek: number; syncMs: number; copyMs: number };
  seed: SeedFigures;
  /** Documents per collection after seeding (estimatedDocumentCount). */
  counts: Record<string, number>;
  paths: Record<string, PathTiming>;
}

export interface ScaleFigures {
  settings: ScaleSettings;
  hospitals: number;
  dept: string;
  paths: Array<{ name: string; request: string }>;
  sizes: [SizeFigures, SizeFigures];
}

const CLINIC_KEY = (id: string) => `bench-only-clinic-key-${id}-0000`;
const CHECK_UP_TO = 20_000;
const BOOKING_HOSPITALS = ['hzszxrmyy', 'hzszyyy'] as const;
const COUNTED = [
  'accounts',
  'patients',
  'patient_claims',
  'bookings',
  'health_cards',
  'scan_log',
  'report_access_log',
  'slots',
] as const;

const say = (line: string) => process.stdout.write(`scale: ${line}\n`);

export async function measureScale(opts: { mongoUri: string }): Promise<ScaleFigures> {
  const settings = scaleSettings();
  const fleet = await startFeedFleet();
  try {
    const dept = commonDeptCode(fleet.handles).code;
    const reportPerson = personWithReports(fleet.handles);
    const perSize = MEASURED_PERIODS + settings.warmup + settings.requests;
    const periods = freePeriods(fleet.handles, BOOKING_HOSPITALS);
    if (periods.length < 2 * perSize)
      throw new Error(`only ${periods.length} free periods, ${2 * perSize} needed`);
    const sizes: SizeFigures[] = [];
    let names: Array<{ name: string; request: string }> = [];
    for (const [k, people] of [settings.small, settings.large].entries()) {
      const logs = Math.round((settings.logs * people) / Math.max(1, settings.large));
      const size = await measureSize({
        mongoUri: opts.mongoUri,
        fleet,
        people,
        logs,
        dept,
        reportPerson,
        periods: periods.slice(k * perSize, (k + 1) * perSize),
        settings,
        onPaths: (p) => (names = p),
      });
      sizes.push(size);
    }
    return {
      settings,
      hospitals: fleet.handles.length,
      dept,
      paths: names,
      sizes: sizes as [SizeFigures, SizeFigures],
    };
  } finally {
    await fleet.close();
  }
}

async function measureSize(o: {
  mongoUri: string;
  fleet: FeedFleet;
  people: number;
  logs: number;
  dept: string;
  reportPerson: number;
  periods: Period[];
  settings: ScaleSettings;
  onPaths: (p: Array<{ name: string; request: string }>) => void;
}): Promise<SizeFigures> {
  const cleanups: Cleanups = [];
  try {
    const stack = await startBenchStack(
      `scale${o.people}`,
      o.mongoUri,
      () => ({
        hospitalRegistry: {
          hospitals: o.fleet.registry.hospitals.map((h) => ({ ...h, clinicKey: CLINIC_KEY(h.id) })),
        },
        booking: {
          perAccountPerMinute: 1_000_000,
          perIpPerMinute: 1_000_000,
          reconcileIntervalMs: 3_600_000,
        },
        healthCard: { codesPerAccountPerMinute: 1_000_000 },
        clinic: { perTerminalPerMinute: 1_000_000 },
        // The people are signed in before seeding, which takes over 15 min (the default TTL) at 100k.
        auth: { accessTtlSeconds: 86_400 },
        reports: { cacheTtlMs: 600_000 },
      }),
      cleanups,
    );
    const { base, config, runtime } = stack;
    const conn = await connectDatabase(o.mongoUri, config.mongodb.dbName);
    cleanups.push(() => conn.close());

    let t0 = Date.now();
    for (const r of await runtime.slotSync.runAll({ full: true }))
      if (!r.ok) throw new Error(`slot sync of ${r.hospitalId} failed`);
    const syncMs = Date.now() - t0;
    t0 = Date.now();
    const weeks = await addSecondWeek(conn);
    const slots = { ...weeks, syncMs, copyMs: Date.now() - t0 };
    say(
      `${o.people}: ${weeks.firstWeek} + ${weeks.secondWeek} slots (sync ${syncMs} ms, copy ${slots.copyMs} ms)`,
    );

    t0 = Date.now();
    const { resident, taken } = await makeMeasuredResident(stack, o.reportPerson, o.periods);
    const bookers = await makeBookers(stack, o.settings.warmup + o.settings.requests);
    const setupMs = Date.now() - t0;
    say(`${o.people}: measured resident and ${bookers.length} bookers made in ${setupMs} ms`);

    const details: HospitalDetailResponse['hospital'][] = [];
    for (const h of o.fleet.handles) {
      const res = await json<HospitalDetailResponse>(`${base}/hospitals/${h.hospitalId}`);
      if (res.status === 200) details.push(res.body.hospital);
    }
    const templates = await bookingTemplates(conn, details);
    const dataKey = dataKeyFrom(config.auth.dataKey);
    const pii = new Pii(dataKey);
    let shown = -1;
    const seedStart = Date.now();
    const seed = await seedCity(conn, {
      kit: {
        pii: new Pii(dataKey),
        dataKey,
        privacyVersion: config.privacy.version,
        templates,
        now: new Date(),
      },
      people: o.people,
      logs: o.logs,
      hospitalIds: o.fleet.handles.map((h) => h.hospitalId),
      reportsConsentVersion: config.reports.consentVersion,
      onProgress: (done, total) => {
        const tenth = Math.floor((10 * done) / Math.max(1, total));
        if (tenth !== shown)
          say(
            `${o.people}: seeded ${done} of ${total} residents, ${Math.round((Date.now() - seedStart) / 1000)} s`,
          );
        shown = tenth;
      },
    });
    say(`${o.people}: seeding took ${Math.round(seed.ms / 1000)} s`);
    // Read back with the services' readers where that is cheap (every read scans on FerretDB 1.24).
    if (o.people <= CHECK_UP_TO)
      await checkSeed(conn, pii, { seededPatientId: seed.samplePatientId, walkChains: true });
    const counts: Record<string, number> = {};
    for (const name of COUNTED) counts[name] = await conn.collection(name).estimatedDocumentCount();

    const paths = residentPaths({
      base,
      resident,
      bookers,
      periods: o.periods.filter((p) => !taken.has(p.slotId)),
      clinic: { hospitalId: o.fleet.handles[0]!.hospitalId, key: CLINIC_KEY(o.fleet.handles[0]!.hospitalId) },
      dept: o.dept,
    });
    o.onPaths(paths.map((p) => ({ name: p.name, request: p.request })));
    const timings: Record<string, PathTiming> = {};
    for (const path of paths) {
      const { timing } = await timePath(path, {
        warmup: o.settings.warmup,
        requests: o.settings.requests,
        budgetMs: o.settings.budgetMs,
        first: 0,
      });
      timings[path.name] = timing;
      say(
        `${o.people}: ${path.name} p50 ${timing.p50.toFixed(1)} ms, p99 ${timing.p99.toFixed(1)} ms ` +
          `(${timing.n} requests${timing.capped ? ', time budget reached' : ''})`,
      );
    }
    return { people: o.people, logs: o.logs, setupMs, slots, seed, counts, paths: timings };
  } finally {
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
  }
}
