import type {
  Department,
  HospitalDetail,
  ScheduleDay,
  ScheduleDoctor,
  ScheduleQuery,
  ScheduleResponse,
  SlotDetailResponse,
  SlotStatus,
} from '@jiankang/shared';
import { MAX_DAYS_AHEAD } from '@jiankang/shared';
import { addDays, beijingDate, daysBetween } from '@jiankang/shared/domain';
import { AppError } from '../../lib/app-error';
import type { IndexedSlot } from '../../models/slots';
import type { DirectoryStore } from '../directory-store';
import type { FeedFreshness } from './feed-freshness';
import type { SlotIndex } from './slot-index';
import { statusAt, toSlot } from './slot-view';

/** The window a resident asked for, checked against today in Beijing. */
export function resolveWindow(from: string | undefined, now: Date): string {
  const today = beijingDate(now);
  const start = from ?? today;
  if (daysBetween(today, start) > MAX_DAYS_AHEAD) {
    throw new AppError(
      'VALIDATION_FAILED',
      `Invalid query field 'from': at most ${MAX_DAYS_AHEAD} days ahead`,
      {
        field: 'from',
      },
    );
  }
  return start;
}

/** 约满 unless something is bookable; a day that is all 停诊 is 停诊; else not released yet. */
function dayStatus(statuses: SlotStatus[]): SlotStatus {
  if (statuses.includes('available')) return 'available';
  if (statuses.every((s) => s === 'cancelled')) return 'cancelled';
  if (statuses.includes('not_released')) return 'not_released';
  return 'full';
}

/** A department's schedule and single slots, read from the local store, never from a hospital. */
export class SlotQueryService {
  constructor(
    private readonly index: SlotIndex,
    private readonly store: DirectoryStore,
    private readonly freshness: FeedFreshness,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async schedule(hospitalId: string, deptId: string, query: ScheduleQuery): Promise<ScheduleResponse> {
    const { hospital, department } = this.store.requireDepartment(hospitalId, deptId);
    const now = this.now();
    const from = resolveWindow(query.from, now);
    const source = await this.freshness.source(hospitalId);
    return { ...this.buildSchedule(hospital, department, from, query.days, now), source };
  }

  async slot(slotId: string): Promise<SlotDetailResponse> {
    const doc = await this.index.require(slotId);
    const hospital = this.store.hospital(doc.hospitalId);
    const department = hospital?.departments.find((d) => d.id === doc.departmentId);
    const doctor = this.store.doctors(doc.hospitalId, doc.departmentId).find((d) => d.id === doc.doctorId);
    const { hospitalId: _h, ...freshness } = await this.freshness.source(doc.hospitalId);
    return {
      ...toSlot(doc, doctor, this.now()),
      hospitalName: hospital?.name ?? doc.hospitalId,
      departmentName: department?.name ?? doc.departmentCode,
      freshness,
    };
  }

  private buildSchedule(
    hospital: HospitalDetail,
    department: Department,
    from: string,
    days: number,
    now: Date,
  ): Omit<ScheduleResponse, 'source'> {
    const dates = Array.from({ length: days }, (_, i) => addDays(from, i));
    const inWindow = new Set(dates);
    const docs = this.index.department(hospital.id, department.id).filter((d) => inWindow.has(d.date));

    const directoryDoctors = this.store.doctors(hospital.id, department.id);
    const byDoctor = new Map<string, Map<string, IndexedSlot[]>>();
    for (const doc of docs) {
      const perDay = byDoctor.get(doc.doctorId) ?? new Map<string, IndexedSlot[]>();
      perDay.set(doc.date, [...(perDay.get(doc.date) ?? []), doc]);
      byDoctor.set(doc.doctorId, perDay);
    }

    const doctors: ScheduleDoctor[] = [...byDoctor.entries()].map(([doctorId, perDay]) => {
      const known = directoryDoctors.find((d) => d.id === doctorId);
      const anyDoc = [...perDay.values()][0]?.[0];
      return {
        doctorId,
        name: known?.name ?? anyDoc?.doctorName ?? '',
        title: known?.title ?? null,
        specialty: known?.specialty ?? '',
        days: dates.filter((d) => perDay.has(d)).map((date) => this.day(date, perDay.get(date) ?? [], now)),
      };
    });
    // Directory order: senior titles first, then id; doctors the directory does not know last.
    const rank = (id: string) => {
      const i = directoryDoctors.findIndex((d) => d.id === id);
      return i < 0 ? Number.MAX_SAFE_INTEGER : i;
    };
    doctors.sort((a, b) => rank(a.doctorId) - rank(b.doctorId) || a.doctorId.localeCompare(b.doctorId));

    return {
      hospitalId: hospital.id,
      hospitalName: hospital.name,
      departmentId: department.id,
      departmentName: department.name,
      departmentCode: department.code,
      dates,
      doctors,
    };
  }

  private day(date: string, docs: IndexedSlot[], now: Date): ScheduleDay {
    const periods = docs
      .map((doc) => ({ doc, status: statusAt(doc, now) }))
      .sort((a, b) => new Date(a.doc.start).getTime() - new Date(b.doc.start).getTime())
      .map(({ doc, status }) => ({
        id: doc._id,
        start: new Date(doc.start).toISOString(),
        end: new Date(doc.end).toISOString(),
        capacity: doc.capacity,
        remaining: doc.remaining,
        status,
        feeFen: doc.feeFen,
        ...(doc.releaseAt && { releaseAt: new Date(doc.releaseAt).toISOString() }),
      }));
    const releases = periods
      .filter((p) => p.status === 'not_released' && p.releaseAt)
      .map((p) => p.releaseAt as string)
      .sort();
    return {
      date,
      remaining: periods.filter((p) => p.status === 'available').reduce((n, p) => n + p.remaining, 0),
      status: dayStatus(periods.map((p) => p.status)),
      ...(releases[0] && { releaseAt: releases[0] }),
      periods,
    };
  }
}
