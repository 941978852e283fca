import { createRng, type Seed } from '../lib/prng';
import { addDays, beijingDate, beijingMs, isoBeijing } from '../hospitals/beijing-time';
import type { ReportCategory } from './types';

/**
 * Who has reports where, decided without any person list: a hospital holds reports for a person
 * when a hash of (seed, hospital, master id) says so, and then visits follow a seeded sequence
 * of dates. The hospital simulators and the regional report index both ask these functions,
 * so they always agree (docs/upstreams/reports.md, "Seeding").
 */
export const REPORT_SHARE = 0.55;
/** Reports shown are those of the last three years, up to yesterday (Beijing dates). */
export const REPORT_WINDOW_DAYS = 3 * 365;
/** Visits start here and step 190–1000 days, so any three-year window holds 1 to 6 of them. */
const SEQUENCE_START = '2018-01-01';
const MIN_GAP_DAYS = 190;
const MAX_GAP_DAYS = 1000;

export const MASTER_ID = /^EMPI([0-9A-F]{20})$/;

export interface SeededVisit {
  /** 1 for the first visit of the sequence; part of the report id, stable for ever. */
  ordinal: number;
  id: string;
  category: ReportCategory;
  /** Beijing date of the visit. */
  date: string;
  effective: string;
  issued: string;
}

/** Whether hospital `hospitalId` has seeded reports for the person (any master id). */
export function hasSeededReports(seed: Seed, hospitalId: string, masterId: string): boolean {
  return createRng(`${String(seed)}:${hospitalId}:${masterId}:has-reports`).next() < REPORT_SHARE;
}

/** `L` / `R` + the master id's 20 hex digits + the visit ordinal: the id names its person. */
export const seededReportId = (category: ReportCategory, masterId: string, ordinal: number) =>
  `${category === 'lab' ? 'L' : 'R'}${masterId.slice(4)}${String(ordinal).padStart(3, '0')}`;

/** The master id and visit ordinal a seeded report id names, or undefined for any other id. */
export function parseSeededReportId(id: string): { masterId: string; ordinal: number } | undefined {
  const m = /^[LR]([0-9A-F]{20})(\d{3})$/.exec(id);
  return m ? { masterId: `EMPI${m[1]}`, ordinal: Number(m[2]) } : undefined;
}

function visitOn(
  seed: Seed,
  hospitalId: string,
  masterId: string,
  ordinal: number,
  date: string,
): SeededVisit {
  const rng = createRng(`${String(seed)}:${hospitalId}:${masterId}:visit:${ordinal}`);
  const category: ReportCategory = rng.chance(0.7) ? 'lab' : 'imaging';
  // Blood is drawn 07:30–10:30; imaging runs 08:30–16:30. Reports come back the same day.
  const effectiveMs =
    category === 'lab'
      ? beijingMs(date, '07:30') + rng.int(0, 180) * 60_000
      : beijingMs(date, '08:30') + rng.int(0, 480) * 60_000;
  const issuedMs = effectiveMs + rng.int(category === 'lab' ? 90 : 40, 300) * 60_000;
  return {
    ordinal,
    id: seededReportId(category, masterId, ordinal),
    category,
    date,
    effective: isoBeijing(effectiveMs),
    issued: isoBeijing(issuedMs),
  };
}

/** The person's seeded visits at this hospital inside the window at `nowMs`, newest first. */
export function seededVisits(seed: Seed, hospitalId: string, masterId: string, nowMs: number): SeededVisit[] {
  if (!MASTER_ID.test(masterId) || !hasSeededReports(seed, hospitalId, masterId)) return [];
  const today = beijingDate(nowMs);
  const from = addDays(today, -REPORT_WINDOW_DAYS);
  const to = addDays(today, -1);
  const steps = createRng(`${String(seed)}:${hospitalId}:${masterId}:visits`);
  const visits: SeededVisit[] = [];
  let day = addDays(SEQUENCE_START, steps.int(0, MAX_GAP_DAYS));
  // Past 999 visits the three-digit ordinal would wrap; that is the year 2500.
  for (let ordinal = 1; day <= to && ordinal < 1000; ordinal++) {
    if (day >= from) visits.push(visitOn(seed, hospitalId, masterId, ordinal, day));
    day = addDays(day, steps.int(MIN_GAP_DAYS, MAX_GAP_DAYS));
  }
  return visits.reverse();
}
