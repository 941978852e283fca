import path from 'node:path';
import {
  NO_FEED_FAULTS,
  readHospitalRegistry,
  startHospitalFeeds,
  type HospitalFeedHandle,
} from '@jiankang/sim';
import type { EarliestResponse } from '@jiankang/shared';
import type { Config } from '../../bff/src/config';
import { connectDatabase } from '../../bff/src/models/connection';
import { slotModels } from '../../bff/src/models/slots';
import type { Runtime } from '../../bff/src/runtime';

/** The slot-feed parts of `npm run bench`: simulators, sync cost, earliest search. */

const ROOT = path.resolve(__dirname, '../..');

export interface FeedFleet {
  handles: HospitalFeedHandle[];
  /** The BFF's registry pointing at the simulators (no push: the bench never changes a slot). */
  registry: Config['hospitalRegistry'];
  close(): Promise<void>;
}

/** Every hospital of config/hospitals.json as a simulator on a free port. */
export async function startFeedFleet(): Promise<FeedFleet> {
  const wanted = await readHospitalRegistry(path.join(ROOT, 'config', 'hospitals.json'));
  const handles = await startHospitalFeeds(wanted.map(({ push: _push, ...o }) => ({ ...o, port: 0 })));
  return {
    handles,
    registry: {
      hospitals: handles.map((h, i) => ({
        id: h.hospitalId,
        adapter: h.kind,
        baseUrl: h.url,
        ...(wanted[i]?.encoding && { encoding: wanted[i].encoding }),
      })),
    },
    // close() ends every socket, hung requests included (server.closeAllConnections).
    close: async () => {
      await Promise.all(handles.map((h) => h.close()));
    },
  };
}

/** The standard department code the most hospitals publish, so the city search has a choice. */
export function commonDeptCode(handles: HospitalFeedHandle[]): { code: string; hospitals: string[] } {
  const counts = new Map<string, Set<string>>();
  for (const h of handles)
    for (const s of h.listSlots())
      counts.set(s.stdDeptCode, (counts.get(s.stdDeptCode) ?? new Set()).add(h.hospitalId));
  const [code, ids] = [...counts.entries()].sort(
    (a, b) => b[1].size - a[1].size || a[0].localeCompare(b[0]),
  )[0]!;
  return { code, hospitals: [...ids] };
}

export interface SyncFigures {
  docs: number;
  /** Full sync of every hospital into an empty (indexed) slots collection, per round. */
  syncMs: number[];
  /** The same documents by one raw driver insertMany into an empty (indexed) collection, per round. */
  rawMs: number[];
  /** A second full sync right after, nothing changed (fetch + diff read + feed state). */
  unchangedMs: number[];
}

const elapsed = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;

/**
 * Full sync vs raw insertMany of the same documents, alternating, on the runtime's own database.
 * Both start from an emptied collection that keeps the schema's indexes, so both pay for them.
 */
export async function measureSync(runtime: Runtime, rounds: number): Promise<SyncFigures> {
  const { uri, dbName } = runtime.config.mongodb;
  const conn = await connectDatabase(uri, dbName);
  const { Slot } = slotModels(conn);
  // Emptied, not dropped: FerretDB 1.24 can fail to rebuild an index on a collection dropped and
  // made again by another connection moments before ("index … already exists").
  await Slot.init();
  const empty = async () => {
    await Slot.collection.deleteMany({});
  };
  const out: SyncFigures = { docs: 0, syncMs: [], rawMs: [], unchangedMs: [] };
  try {
    for (let round = 0; round < rounds; round += 1) {
      await empty();
      let t0 = process.hrtime.bigint();
      const results = await runtime.slotSync.runAll({ full: true });
      out.syncMs.push(elapsed(t0));
      const bad = results.find((r) => !r.ok || !r.complete || r.written?.inserted !== r.slots);
      if (bad)
        throw new Error(`full sync of ${bad.hospitalId} did not insert everything: ${JSON.stringify(bad)}`);

      t0 = process.hrtime.bigint();
      const again = await runtime.slotSync.runAll({ full: true });
      out.unchangedMs.push(elapsed(t0));
      if (again.some((r) => !r.ok || (r.written?.inserted ?? 0) > 0))
        throw new Error('an unchanged full sync wrote something');

      const docs = await Slot.collection.find({}).toArray();
      out.docs = docs.length;
      await empty();
      t0 = process.hrtime.bigint();
      await Slot.collection.insertMany(docs, { ordered: false });
      out.rawMs.push(elapsed(t0));
      process.stdout.write(
        `sync round ${round + 1}: ${docs.length} slots, full sync ${Math.round(out.syncMs.at(-1)!)} ms, ` +
          `unchanged ${Math.round(out.unchangedMs.at(-1)!)} ms, raw insertMany ${Math.round(out.rawMs.at(-1)!)} ms\n`,
      );
    }
  } finally {
    await conn.close();
  }
  // The collection now holds the raw copy of the synced slots: the same content the index holds.
  return out;
}

interface CannonLatency {
  latency: { p50: number; p99: number; max: number };
  requests: { total: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}

export interface LiveFigures {
  hungHospital: string;
  requests: number;
  connections: number;
  deadlineMs: number;
  p50: number;
  p99: number;
  max: number;
  /** One probe after the run: what the search reported for the hung hospital, and its own elapsed. */
  probe: { outcome: string; elapsedMs: number; partial: boolean };
}

/**
 * live=true searches while one hospital accepts requests and never answers: every answer must
 * still come within the deadline. Low concurrency, a fixed number of requests.
 */
export async function measureLiveWithHang(opts: {
  baseUrl: string;
  dept: string;
  hung: HospitalFeedHandle;
  deadlineMs: number;
  requests: number;
  connections: number;
  cannon: (args: string[]) => Promise<unknown>;
}): Promise<LiveFigures> {
  const url = `${opts.baseUrl}/api/v1/search/earliest?dept=${opts.dept}&limit=10&live=true`;
  opts.hung.setFaults({ ...NO_FEED_FAULTS, hang: true });
  try {
    const r = (await opts.cannon([
      '-c',
      String(opts.connections),
      '-a',
      String(opts.requests),
      '-t',
      '10',
      url,
    ])) as CannonLatency;
    if (r.non2xx > 0 || r.errors > 0 || r.timeouts > 0)
      throw new Error(`live search: ${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts`);
    const probe = (await (await fetch(url)).json()) as EarliestResponse;
    const hungSource = probe.sources.find((s) => s.hospitalId === opts.hung.hospitalId);
    return {
      hungHospital: opts.hung.hospitalId,
      requests: r.requests.total,
      connections: opts.connections,
      deadlineMs: opts.deadlineMs,
      p50: r.latency.p50,
      p99: r.latency.p99,
      max: r.latency.max,
      probe: {
        outcome: hungSource?.live ?? 'missing',
        elapsedMs: probe.live?.elapsedMs ?? -1,
        partial: probe.live?.partial ?? false,
      },
    };
  } finally {
    opts.hung.setFaults(NO_FEED_FAULTS);
  }
}
