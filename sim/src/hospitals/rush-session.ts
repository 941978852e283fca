import { addDays, beijingDate, beijingMs } from './beijing-time';
import {
  FEE_FEN_BY_TITLE,
  periodIdOf,
  SESSIONS,
  sessionIdOf,
  WINDOW_DAYS,
  type BaseSlot,
  type FeedPlan,
} from './generate-slots';

/**
 * The 放号 rush knob: one popular doctor's half-day session with `seats` places, opened at
 * `releaseAt` (any instant, to the millisecond), in every feed kind and booking protocol alike.
 */
export interface RushSpec {
  seats: number;
  /** ISO 8601 instant with an offset; a fraction of a second is rounded up to the next second. */
  releaseAt: string;
  /** Default: the most senior doctor of the first department the feed publishes. */
  doctorCode?: string;
  /** Beijing date of the session; default the day after the release. */
  date?: string;
  half?: 'AM' | 'PM';
}

export const MAX_RUSH_SEATS = 10_000;

/**
 * Above any seeded period's version and rising with each set-up, yet small: HIS 版本号 (BBH) is
 * at most 9 digits. Seconds since 2026, which lasts until 2057.
 */
const versionBaseOf = (publishedAtMs: number) =>
  Math.max(0, Math.floor((publishedAtMs - Date.UTC(2026, 0, 1)) / 1000)) + 1_000;

const TITLE_RANK = ['主任医师', '副主任医师', '主治医师', '住院医师'];

/** What is wrong with a rush spec sent to /__admin/rush, or null. */
export function rushProblem(spec: Record<string, unknown>): string | null {
  const { seats, releaseAt, doctorCode, date, half } = spec;
  if (typeof seats !== 'number' || !Number.isInteger(seats) || seats < 1 || seats > MAX_RUSH_SEATS)
    return `seats must be an integer 1–${MAX_RUSH_SEATS}`;
  if (
    typeof releaseAt !== 'string' ||
    !/(Z|[+-]\d\d:\d\d)$/.test(releaseAt) ||
    Number.isNaN(Date.parse(releaseAt))
  )
    return 'releaseAt must be an ISO 8601 instant with an offset';
  if (doctorCode !== undefined && typeof doctorCode !== 'string') return 'doctorCode must be a string';
  if (date !== undefined && (typeof date !== 'string' || !/^\d{4}-\d\d-\d\d$/.test(date)))
    return 'date must be YYYY-MM-DD';
  if (half !== undefined && half !== 'AM' && half !== 'PM') return 'half must be AM or PM';
  return null;
}

function pickDoctor(plan: FeedPlan, doctorCode: string | undefined) {
  if (doctorCode) {
    const doctor = plan.doctors.find((d) => d.doctorCode === doctorCode);
    if (!doctor) throw new RangeError(`no publishing doctor ${doctorCode}`);
    return doctor;
  }
  const dept = plan.depts[0];
  const staff = plan.doctors.filter((d) => d.deptCode === dept?.deptCode);
  const doctor = [...staff].sort(
    (a, b) => TITLE_RANK.indexOf(a.titleName) - TITLE_RANK.indexOf(b.titleName),
  )[0];
  if (!doctor) throw new RangeError('this feed publishes no doctor');
  return doctor;
}

/**
 * The session's 分时段 periods with the seats spread evenly (the first periods take the
 * remainder). Throws RangeError when the session is outside the feed's window or starts before
 * its own release.
 */
export function rushSlots(plan: FeedPlan, spec: RushSpec, nowMs: number, publishedAtMs: number): BaseSlot[] {
  // To the second, as every feed writes it: a hospital opening at .500 while its feed says .000
  // would refuse for half a second what the feed calls open.
  const releaseAtMs = Math.ceil(Date.parse(spec.releaseAt) / 1000) * 1000;
  const doctor = pickDoctor(plan, spec.doctorCode);
  const dept = plan.depts.find((d) => d.deptCode === doctor.deptCode);
  if (!dept) throw new RangeError(`doctor ${doctor.doctorCode} has no published department`);
  const date = spec.date ?? addDays(beijingDate(releaseAtMs), 1);
  const today = beijingDate(nowMs);
  if (date < today || date > addDays(today, WINDOW_DAYS - 1))
    throw new RangeError(`date ${date} is outside the feed's ${WINDOW_DAYS}-day window`);
  const half = spec.half ?? 'AM';
  const from = beijingMs(date, SESSIONS[half].from);
  const to = beijingMs(date, SESSIONS[half].to);
  if (from <= releaseAtMs) throw new RangeError('the session must start after its release');
  const step = (plan.periodMinutes.get(dept.deptCode) ?? 30) * 60_000;
  const starts: number[] = [];
  for (let t = from; t < to && starts.length < spec.seats; t += step) starts.push(t);
  return starts.map((t, i) => {
    const capacity = Math.floor(spec.seats / starts.length) + (i < spec.seats % starts.length ? 1 : 0);
    return {
      sourceSlotId: periodIdOf(doctor.doctorCode, date, t),
      sessionId: sessionIdOf(doctor.doctorCode, date, half),
      doctor,
      dept,
      date,
      half,
      startMs: t,
      endMs: Math.min(t + step, to),
      capacity,
      remaining: capacity,
      cancelled: false,
      feeFen: FEE_FEN_BY_TITLE[doctor.titleName],
      releaseAtMs,
      publishedAtMs,
      versionBase: versionBaseOf(publishedAtMs),
    };
  });
}
