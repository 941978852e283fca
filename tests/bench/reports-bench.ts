import { startHospitalFeeds, type HospitalFeedHandle } from '@jiankang/sim';
import type { PatientResponse, ReportListResponse } from '@jiankang/shared';
import { syntheticMasterId } from '../../sim/src/testing/report-people';
import { SYNTHETIC_NAME, syntheticIdNumber } from '../support/synthetic-person';
import {
  elapsedMs,
  json,
  pct,
  pool,
  signIn,
  startBareKoa,
  startBenchStack,
  type Cleanups,
} from './bench-kit';

/**
 * The reports part of `npm run bench`: warm `GET …/patients/:id/reports` (every hospital's answer
 * and the index cached; the path still checks the token, the patient, the 共享调阅 consent and
 * appends the access log) against a bare Koa route answering a document of the same size, same
 * HTTP clients and concurrency, alternating rounds; then the list's p99 while one hospital accepts
 * requests and never answers, over patients never listed before, against the deadline.
 */

const HOSPITALS = [
  { id: 'hzszxrmyy', kind: 'fhir' },
  { id: 'hzsdyrmyy', kind: 'fhir' },
  { id: 'hzsdsrmyy', kind: 'fhir' },
  { id: 'blxrmyy', kind: 'his-xml', encoding: 'gbk' },
  { id: 'hdxrmyy', kind: 'his-xml' },
] as const;
const HUNG = 'hzsdyrmyy';
const PATIENTS_PER_ACCOUNT = 5;

export interface ReportFigures {
  patients: number;
  perRound: number;
  rounds: number;
  concurrency: number;
  deadlineMs: number;
  listPerSec: number[];
  bareKoaPerSec: number[];
  listP99Ms: number;
  hungRequests: number;
  hungP50Ms: number;
  hungP99Ms: number;
  hungMaxMs: number;
  /** How the hung hospital was reported in the last answer. */
  hungStatus: string;
}

interface Patient {
  auth: Record<string, string>;
  id: string;
}

export async function measureReports(opts: {
  mongoUri: string;
  perRound: number;
  rounds: number;
  concurrency: number;
  deadlineMs: number;
  hungRequests: number;
}): Promise<ReportFigures> {
  const cleanups: Cleanups = [];
  try {
    const feeds = await startHospitalFeeds(
      HOSPITALS.map((h) => ({
        hospitalId: h.id,
        kind: h.kind,
        port: 0,
        ...('encoding' in h && { encoding: h.encoding }),
      })),
    );
    cleanups.push(() => Promise.all(feeds.map((f) => f.close())));
    const feedOf = (id: string) => feeds.find((f) => f.hospitalId === id) as HospitalFeedHandle;

    const stack = await startBenchStack(
      'reports',
      opts.mongoUri,
      () => ({
        hospitalRegistry: {
          hospitals: HOSPITALS.map((h) => ({
            id: h.id,
            adapter: h.kind,
            baseUrl: feedOf(h.id).url,
            timeoutMs: 5_000,
            ...('encoding' in h && { encoding: h.encoding }),
          })),
        },
        reports: { deadlineMs: opts.deadlineMs, cacheTtlMs: 600_000 },
      }),
      cleanups,
    );
    const { base, config } = stack;

    // People with reports at the hung hospital, so its silence is felt; the first ten warm, the rest cold.
    let n = 0;
    const account = async (): Promise<Patient[]> => {
      const auth = await signIn(stack);
      const out: Patient[] = [];
      while (out.length < PATIENTS_PER_ACCOUNT) {
        n += 1;
        if (feedOf(HUNG).reportsOf(syntheticMasterId(n)).length === 0) continue;
        const res = await json<PatientResponse>(`${base}/patients`, {
          method: 'POST',
          headers: auth,
          body: JSON.stringify({
            name: SYNTHETIC_NAME,
            idType: 'resident_id',
            idNumber: syntheticIdNumber(n),
            phone: `136${String(10_000_000 + n).slice(-8)}`,
            relation: 'other',
          }),
        });
        if (res.status !== 201) throw new Error(`patient: ${res.status} ${res.text}`);
        const id = res.body.patient.id;
        const consent = await json(`${base}/patients/${id}/reports/consent`, {
          method: 'POST',
          headers: auth,
          body: JSON.stringify({ version: config.reports.consentVersion }),
        });
        if (consent.status !== 201) throw new Error(`records consent: ${consent.status} ${consent.text}`);
        out.push({ auth, id });
      }
      return out;
    };
    process.stdout.write('reports: preparing patients…\n');
    const warm = [...(await account()), ...(await account())];
    const cold = [...(await account()), ...(await account())];

    // Warm-up: every hospital's answer and the index cached for the warm patients.
    let sample = '';
    for (const p of warm) {
      const res = await json<ReportListResponse>(`${base}/patients/${p.id}/reports`, { headers: p.auth });
      if (res.status !== 200 || res.body.partial)
        throw new Error(`warm-up: ${res.status} ${res.text.slice(0, 300)}`);
      sample = res.text;
    }
    const bareUrl = await startBareKoa(sample, cleanups);

    const out: ReportFigures = {
      patients: warm.length,
      perRound: opts.perRound,
      rounds: opts.rounds,
      concurrency: opts.concurrency,
      deadlineMs: opts.deadlineMs,
      listPerSec: [],
      bareKoaPerSec: [],
      listP99Ms: 0,
      hungRequests: opts.hungRequests,
      hungP50Ms: 0,
      hungP99Ms: 0,
      hungMaxMs: 0,
      hungStatus: '',
    };
    const latencies: number[] = [];
    const items = Array.from({ length: opts.perRound }, (_, i) => warm[i % warm.length] as Patient);
    for (let round = 0; round < opts.rounds; round += 1) {
      let t0 = process.hrtime.bigint();
      latencies.push(
        ...(await pool(items, opts.concurrency, async (p) => {
          const res = await json(`${base}/patients/${p.id}/reports`, { headers: p.auth });
          if (res.status !== 200) throw new Error(`list: ${res.status} ${res.text}`);
        })),
      );
      out.listPerSec.push(opts.perRound / (elapsedMs(t0) / 1_000));
      t0 = process.hrtime.bigint();
      await pool(items, opts.concurrency, async () => {
        const res = await fetch(bareUrl);
        await res.text();
      });
      out.bareKoaPerSec.push(opts.perRound / (elapsedMs(t0) / 1_000));
    }
    out.listP99Ms = Math.round(pct(latencies, 99));

    // One hospital hung, patients never listed: every answer waits for it up to the deadline.
    feedOf(HUNG).setFaults({ hang: true });
    const hungItems = Array.from({ length: opts.hungRequests }, (_, i) => cold[i % cold.length] as Patient);
    const hung = await pool(hungItems, 4, async (p) => {
      const res = await json<ReportListResponse>(`${base}/patients/${p.id}/reports`, { headers: p.auth });
      if (res.status !== 200) throw new Error(`hung list: ${res.status} ${res.text}`);
      out.hungStatus = res.body.sources.find((s) => s.hospitalId === HUNG)?.status ?? 'missing';
    });
    feedOf(HUNG).setFaults({ hang: false });
    out.hungP50Ms = Math.round(pct(hung, 50));
    out.hungP99Ms = Math.round(pct(hung, 99));
    out.hungMaxMs = Math.round(Math.max(...hung));
    return out;
  } finally {
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
  }
}
