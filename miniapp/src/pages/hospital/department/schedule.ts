import type { Doctor, DoctorTitle, ScheduleDay, ScheduleDoctor } from '@jiankang/shared';
import { addDays, beijingDate, daysBetween, isCalendarDate } from '@jiankang/shared/domain';

export const WEEK_DAYS = 7;
/** Hospitals release about a week ahead; four weeks of browsing covers every feed we know. */
export const MAX_WEEK = 3;

/** The week (0 = starting today, Beijing time) a date falls in; 0 for no date or a past one. */
export function weekOf(date: string, now: Date | number = Date.now()): number {
  if (!date || !isCalendarDate(date)) return 0;
  const ahead = daysBetween(beijingDate(now), date);
  return ahead <= 0 ? 0 : Math.min(MAX_WEEK, Math.floor(ahead / WEEK_DAYS));
}

/** The schedule query for a week: the BFF's default (today, 7 days) for week 0. */
export function weekWindow(week: number, now: Date | number = Date.now()): { from?: string; days?: number } {
  if (week <= 0) return {};
  return { from: addDays(beijingDate(now), week * WEEK_DAYS), days: WEEK_DAYS };
}

export interface DoctorRow {
  doctor: { id: string; name: string; title: DoctorTitle | null; specialty: string };
  /** The doctor's schedule on the chosen date; undefined: not working that day. */
  day: ScheduleDay | undefined;
}

/**
 * The directory's doctors (already in title order) with their day on `date`, then any doctor the
 * schedule names but the directory does not list yet (a new doctor), so no period is hidden.
 */
export function scheduleRows(
  directory: readonly Doctor[],
  schedule: readonly ScheduleDoctor[],
  date: string,
): DoctorRow[] {
  const byId = new Map(schedule.map((d) => [d.doctorId, d]));
  const dayOf = (id: string) => byId.get(id)?.days.find((d) => d.date === date);
  const known = new Set(directory.map((d) => d.id));
  return [
    ...directory.map((d) => ({
      doctor: { id: d.id, name: d.name, title: d.title, specialty: d.specialty },
      day: dayOf(d.id),
    })),
    ...schedule
      .filter((d) => !known.has(d.doctorId))
      .map((d) => ({
        doctor: { id: d.doctorId, name: d.name, title: d.title, specialty: d.specialty },
        day: dayOf(d.doctorId),
      })),
  ];
}
