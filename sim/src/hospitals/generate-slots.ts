import { createRng, type Seed } from '../lib/prng';
import { buildHospitalEntry } from '../regional/seed/generate';
import { HOSPITAL_PROFILES } from '../regional/seed/hospitals';
import type { DeptRecord, DoctorRecord, DoctorTitleName, HospitalEntry } from '../regional/types';
import { addDays, beijingClock, beijingMs, weekday } from './beijing-time';

/** 挂号费 + 诊查费 by title, in fen. */
export const FEE_FEN_BY_TITLE: Readonly<Record<DoctorTitleName, number>> = {
  主任医师: 5000,
  副主任医师: 3000,
  主治医师: 1500,
  住院医师: 1000,
};

/** Departments most residents look for; a feed always carries them when the hospital has them. */
const COMMON_STD_CODES = ['03.04', '07', '50'];
export const SESSIONS = {
  AM: { label: '上午', from: '08:00', to: '12:00' },
  PM: { label: '下午', from: '14:00', to: '17:30' },
} as const;
/** Today plus seven days: days 0–6 are open, day 7 opens today at the hospital's release hour. */
export const WINDOW_DAYS = 8;
export const RELEASE_LEAD_DAYS = 7;

export interface BaseSlot {
  sourceSlotId: string;
  sessionId: string;
  doctor: DoctorRecord;
  dept: DeptRecord;
  date: string;
  half: 'AM' | 'PM';
  startMs: number;
  endMs: number;
  capacity: number;
  remaining: number;
  cancelled: boolean;
  feeFen: number;
  releaseAtMs: number;
  /** When it first appeared in the feed, if not at the midnight it entered the window (a rush set up later). */
  publishedAtMs?: number;
  /**
   * Added to the version: a rush period may take the id of a seeded one a client already holds,
   * and a lower version would read as an out-of-order answer and be ignored.
   */
  versionBase?: number;
}

export interface FeedPlan {
  hospitalId: string;
  entry: HospitalEntry;
  /** The departments this hospital publishes slots for, in directory order. */
  depts: DeptRecord[];
  doctors: DoctorRecord[];
  releaseHour: '08:00' | '15:00';
  periodMinutes: Map<string, 15 | 30>;
  /** doctorCode -> weekly sessions as `${weekday}${half}`, e.g. '1AM'. */
  weekly: Map<string, Set<string>>;
}

export function findHospitalEntry(hospitalId: string, seed: Seed): HospitalEntry {
  const profile = HOSPITAL_PROFILES.find((p) => p.orgCode.toLowerCase() === hospitalId);
  if (!profile) throw new RangeError(`unknown hospitalId "${hospitalId}" (expected a lowercase orgCode)`);
  return buildHospitalEntry(profile, seed);
}

/** Which departments and doctors publish, and each doctor's weekly 出诊 pattern. */
export function planFeed(hospitalId: string, seed: Seed): FeedPlan {
  const entry = findHospitalEntry(hospitalId, seed);
  const rng = createRng(`${String(seed)}:${hospitalId}:feed`);
  const staffed = entry.departments.filter((d) => entry.doctors.some((doc) => doc.deptCode === d.deptCode));
  const chosen = new Set<DeptRecord>();
  for (const std of COMMON_STD_CODES) {
    const hit = staffed.find((d) => d.stdDeptCode === std);
    if (hit) chosen.add(hit);
  }
  const want = Math.min(staffed.length, rng.int(4, 8));
  const rest = staffed.filter((d) => !chosen.has(d));
  for (const d of rng.sample(rest, Math.max(0, want - chosen.size))) chosen.add(d);
  const depts = staffed.filter((d) => chosen.has(d));

  const periodMinutes = new Map<string, 15 | 30>();
  for (const d of depts) periodMinutes.set(d.deptCode, rng.chance(0.4) ? 15 : 30);
  const doctors = entry.doctors.filter((doc) => periodMinutes.has(doc.deptCode));
  const options = [1, 2, 3, 4, 5, 6].flatMap((day) => [`${day}AM`, `${day}PM`]);
  const weekly = new Map<string, Set<string>>();
  for (const doc of doctors) {
    const personal = createRng(`${String(seed)}:${hospitalId}:${doc.doctorCode}:weekly`);
    weekly.set(doc.doctorCode, new Set(personal.sample(options, personal.int(2, 5))));
  }
  return {
    hospitalId,
    entry,
    depts,
    doctors,
    releaseHour: rng.pick(['08:00', '15:00'] as const),
    periodMinutes,
    weekly,
  };
}

const compact = (date: string) => date.replaceAll('-', '');
const hhmm = (ms: number) => beijingClock(ms).replace(':', '');

/** A session's id and a period's id in it, as every feed publishes them (the rush reuses them). */
export const sessionIdOf = (doctorCode: string, date: string, half: string) =>
  `${doctorCode}-${compact(date)}-${half}`;
export const periodIdOf = (doctorCode: string, date: string, startMs: number) =>
  `${doctorCode}-${compact(date)}-${hhmm(startMs)}`;

/**
 * Every period on the given Beijing dates. A date's periods depend only on seed, hospital,
 * doctor and date, so tomorrow's slots look the same whether generated today or tomorrow.
 */
export function generateSlots(plan: FeedPlan, seed: Seed, dates: readonly string[]): BaseSlot[] {
  const slots: BaseSlot[] = [];
  const deptByCode = new Map(plan.depts.map((d) => [d.deptCode, d]));
  for (const date of dates) {
    const releaseAtMs = beijingMs(addDays(date, -RELEASE_LEAD_DAYS), plan.releaseHour);
    for (const doctor of plan.doctors) {
      const dept = deptByCode.get(doctor.deptCode) as DeptRecord;
      for (const half of ['AM', 'PM'] as const) {
        if (!plan.weekly.get(doctor.doctorCode)?.has(`${weekday(date)}${half}`)) continue;
        const rng = createRng(`${String(seed)}:${plan.hospitalId}:${doctor.doctorCode}:${date}:${half}`);
        const cancelled = rng.chance(0.05);
        const step = (plan.periodMinutes.get(dept.deptCode) ?? 30) * 60_000;
        const sessionId = sessionIdOf(doctor.doctorCode, date, half);
        const to = beijingMs(date, SESSIONS[half].to);
        for (let t = beijingMs(date, SESSIONS[half].from); t < to; t += step) {
          const capacity = rng.int(1, 10);
          const remaining = rng.chance(0.2) ? 0 : rng.int(1, capacity);
          slots.push({
            sourceSlotId: periodIdOf(doctor.doctorCode, date, t),
            sessionId,
            doctor,
            dept,
            date,
            half,
            startMs: t,
            endMs: Math.min(t + step, to),
            capacity,
            remaining,
            cancelled,
            feeFen: FEE_FEN_BY_TITLE[doctor.titleName],
            releaseAtMs,
          });
        }
      }
    }
  }
  return slots.sort((a, b) => a.startMs - b.startMs || (a.sourceSlotId < b.sourceSlotId ? -1 : 1));
}
