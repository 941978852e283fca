import type { Seed } from '../lib/prng';
import { beijingDate } from '../hospitals/beijing-time';
import { EXPLICIT_REPORTS, type ExplicitReports } from './explicit';
import { seededVisits } from './seed';
import type { ReportCategory } from './types';

export interface ReportSummary {
  count: number;
  lab: number;
  imaging: number;
  /** The newest report's issue time (ISO, +08:00) and its Beijing date; absent when count is 0. */
  latestIssued?: string;
  latestDate?: string;
}

/**
 * How many reports of the wanted categories hospital H holds for person P, and the newest: what
 * the regional index publishes. Built from the same visit list (and registry) the hospital
 * simulator serves from, without generating the reports themselves.
 */
export function reportSummary(
  seed: Seed,
  hospitalId: string,
  masterId: string,
  nowMs: number,
  wanted: readonly ReportCategory[],
  explicit: ExplicitReports = EXPLICIT_REPORTS,
): ReportSummary {
  const all = [
    ...seededVisits(seed, hospitalId, masterId, nowMs),
    ...explicit.list(seed, hospitalId, masterId),
  ].filter((r) => wanted.includes(r.category));
  const latest = all.reduce<string | undefined>(
    (max, r) => (max === undefined || Date.parse(r.issued) > Date.parse(max) ? r.issued : max),
    undefined,
  );
  return {
    count: all.length,
    lab: all.filter((r) => r.category === 'lab').length,
    imaging: all.filter((r) => r.category === 'imaging').length,
    ...(latest && { latestIssued: latest, latestDate: beijingDate(Date.parse(latest)) }),
  };
}
