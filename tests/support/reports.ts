import { startHospitalFeeds, type HospitalFeedHandle } from '@jiankang/sim';
import { syntheticMasterId } from '../../sim/src/testing/report-people';
import type { LoggedIn } from './auth';
import { addPatient, callAs } from './health-card';
import type { JsonResponse } from './http';
import { startStack, type Stack } from './stack';
import { SYNTHETIC_NAME, syntheticIdNumber } from './synthetic-person';

/** The report-serving hospitals of config/hospitals.json, one per dialect (docs/upstreams/reports.md). */
export const REPORT_HOSPITALS = [
  { id: 'hzszxrmyy', kind: 'fhir' }, // mg/dL, its own flags, PDF inline
  { id: 'hzsdyrmyy', kind: 'fhir' }, // SI, no flags
  { id: 'hzsdsrmyy', kind: 'fhir' },
  { id: 'blxrmyy', kind: 'his-xml', encoding: 'gbk' }, // mmol/L
  { id: 'hdxrmyy', kind: 'his-xml' },
] as const;
export type ReportHospital = (typeof REPORT_HOSPITALS)[number]['id'];

export const TEST_DEADLINE_MS = 800;
export const TEST_CACHE_TTL_MS = 500;
export const TEST_CONSENT_VERSION = '2026-12';

export interface ReportStack {
  stack: Stack;
  feeds: Map<ReportHospital, HospitalFeedHandle>;
  close(): Promise<void>;
}

/** The regional simulator (with its report index), the five report hospitals and a BFF pointing at them. */
export async function startReportStack(opts: { h5Dir?: string } = {}): Promise<ReportStack> {
  const list = await startHospitalFeeds(
    REPORT_HOSPITALS.map((h) => ({
      hospitalId: h.id,
      kind: h.kind,
      port: 0,
      ...('encoding' in h && { encoding: h.encoding }),
    })),
  );
  const feeds = new Map(list.map((f) => [f.hospitalId as ReportHospital, f]));
  const stack = await startStack({
    ...(opts.h5Dir && { h5Dir: opts.h5Dir }),
    overrides: {
      rateLimits: { loginPerIpPerMinute: 10_000 },
      feeds: { enabled: false },
      hospitalRegistry: {
        hospitals: REPORT_HOSPITALS.map((h) => ({
          id: h.id,
          adapter: h.kind,
          baseUrl: feeds.get(h.id)!.url,
          timeoutMs: 2_000,
          ...('encoding' in h && { encoding: h.encoding }),
        })),
      },
      reports: {
        deadlineMs: TEST_DEADLINE_MS,
        cacheTtlMs: TEST_CACHE_TTL_MS,
        mutualRecognition: ['hzszxrmyy'],
        consentVersion: TEST_CONSENT_VERSION,
      },
    },
  });
  return {
    stack,
    feeds,
    async close() {
      await stack.close();
      await Promise.all(list.map((f) => f.close()));
    },
  };
}

let nextPerson = 0;
/**
 * A new synthetic person each call (hospital answers are cached per person), with seeded reports
 * at every hospital when `everywhere`.
 */
export function nextSyntheticPerson(
  feeds: ReportStack['feeds'],
  everywhere = true,
): { masterId: string; idNumber: string } {
  for (; nextPerson < 5_000; nextPerson++) {
    const masterId = syntheticMasterId(nextPerson);
    if (!everywhere || [...feeds.values()].every((f) => f.reportsOf(masterId).length > 0)) {
      const idNumber = syntheticIdNumber(nextPerson);
      nextPerson += 1;
      return { masterId, idNumber };
    }
  }
  throw new Error('no synthetic person left');
}

/** A patient of `who` who is that synthetic person (name as registered at the EMPI simulator). */
export async function reportPatient(
  rs: ReportStack,
  who: LoggedIn,
  opts: { everywhere?: boolean; consent?: boolean } = {},
): Promise<{ id: string; masterId: string }> {
  const person = nextSyntheticPerson(rs.feeds, opts.everywhere ?? true);
  const { id } = await addPatient(rs.stack, who, { name: SYNTHETIC_NAME, idNumber: person.idNumber });
  if (opts.consent ?? true) {
    const res = await callAs(rs.stack, who, 'POST', `/patients/${id}/reports/consent`, {
      version: TEST_CONSENT_VERSION,
    });
    if (res.status !== 201) throw new Error(`records consent: ${res.status} ${res.text}`);
  }
  return { id, masterId: person.masterId };
}

export const call = <T = unknown>(
  rs: ReportStack,
  who: LoggedIn,
  method: string,
  path: string,
  body?: unknown,
): Promise<JsonResponse<T>> => callAs<T>(rs.stack, who, method, path, body);
