import type {
  Department,
  HospitalDetail,
  ScheduleDay,
  ScheduleDoctor,
  ScheduleQuery,
  ScheduleResponse,
  SlotDetailResponse,
  SlotStatus,
  HospitalPlacesResponse,
} from '@jiankang/shared';
import { MAX_DAYS_AHEAD, SERVICE_SCHEDULES_NAME } from '@jiankang/shared';
import { addDays, beijingDate, daysBetween } from '@jiankang/shared/domain';
import { AppError } from '../../lib/app-error';
import type { IndexedSlot } from '../../models/slots';
import type { DirectoryStore } from '../directory-store';
import type { FeedFreshness } from './feed-freshness';
import { NO_DEPARTMENT, type SlotIndex } from './slot-index';
import { bookingOf, rowOf, serviceNameOf, statusAt, toSlot, type SlotFacts } from './slot-view';

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
    const facts = await this.facts(hospitalId);
    return { ...this.buildSchedule(hospital, department, from, query.days, now, facts), source };
  }

  /**
   * The hospital's service-level schedules its feed put in no department (a SMART Scheduling
   * Links Schedule naming only a Location): shown on the hospital page under their service names.
   */
  async services(hospitalId: string, query: ScheduleQuery): Promise<ScheduleResponse> {
    const hospital = this.store.requireHospital(hospitalId);
    const now = this.now();
    const from = resolveWindow(query.from, now);
    const source = await this.freshness.source(hospitalId);
    const facts = await this.facts(hospitalId);
    return { ...this.buildSchedule(hospital, undefined, from, query.days, now, facts), source };
  }

  /** The places the hospital's feed names and how it takes bookings. */
  async places(hospitalId: string): Promise<HospitalPlacesResponse> {
    this.store.requireHospital(hospitalId);
    const locations = [...(await this.freshness.locations(hospitalId)).values()];
    return {
      hospitalId,
      bookingMode: this.freshness.bookingMode(hospitalId),
      locations: locations.map((l) => ({
        id: l.id,
        name: l.name,
        description: l.description ?? null,
        address: l.address ?? null,
        phone: l.phone ?? null,
        url: l.url ?? null,
        position:
          l.latitude !== undefined && l.longitude !== undefined
            ? { lat: l.latitude, lng: l.longitude }
            : null,
      })),
      hasServiceSchedules: this.index.department(hospitalId, NO_DEPARTMENT).length > 0,
    };
  }

  async slot(slotId: string): Promise<SlotDetailResponse> {
    const doc = await this.index.require(slotId);
    const hospital = this.store.hospital(doc.hospitalId);
    const department = hospital?.departments.find((d) => d.id === doc.departmentId);
    const doctor = doc.departmentId
      ? this.store.doctors(doc.hospitalId, doc.departmentId).find((d) => d.id === doc.doctorId)
      : undefined;
    const { hospitalId: _h, ...freshness } = await this.freshness.source(doc.hospitalId);
    return {
      ...toSlot(doc, doctor, this.now(), await this.facts(doc.hospitalId)),
      hospitalName: hospital?.name ?? doc.hospitalId,
      departmentName: department?.name ?? serviceNameOf(doc),
      freshness,
    };
  }

  private async facts(hospitalId: string): Promise<SlotFacts> {
    return {
      bookingMode: this.freshness.bookingMode(hospitalId),
      locations: await this.freshness.locations(hospitalId),
    };
  }

  private buildSchedule(
    hospital: HospitalDetail,
    department: Department | undefined,
    from: string,
    days: number,
    now: Date,
    facts: SlotFacts,
  ): Omit<ScheduleResponse, 'source'> {
    const dates = Array.from({ length: days }, (_, i) => addDays(from, i));
    const inWindow = new Set(dates);
    const docs = this.index
      .department(hospital.id, department?.id ?? NO_DEPARTMENT)
      .filter((d) => inWindow.has(d.date));

    const directoryDoctors = department ? this.store.doctors(hospital.id, department.id) : [];
    const byRow = new Map<string, Map<string, IndexedSlot[]>>();
    for (const doc of docs) {
      const { key } = rowOf(doc);
      const perDay = byRow.get(key) ?? new Map<string, IndexedSlot[]>();
      perDay.set(doc.date, [...(perDay.get(doc.date) ?? []), doc]);
      byRow.set(key, perDay);
    }

    const doctors: ScheduleDoctor[] = [...byRow.entries()].map(([rowKey, perDay]) => {
      const anyDoc = [...perDay.values()][0]?.[0] as IndexedSlot;
      const { kind } = rowOf(anyDoc);
      const known = kind === 'doctor' ? directoryDoctors.find((d) => d.id === rowKey) : undefined;
      return {
        doctorId: rowKey,
        kind,
        name: kind === 'doctor' ? (known?.name ?? anyDoc.doctorName ?? '') : serviceNameOf(anyDoc),
        title: known?.title ?? null,
        specialty: known?.specialty ?? '',
        days: dates
          .filter((d) => perDay.has(d))
          .map((date) => this.day(date, perDay.get(date) ?? [], now, facts)),
      };
    });
    // Directory order: senior titles first, then id; doctors the directory does not know, then services.
    const rank = (row: ScheduleDoctor) => {
      if (row.kind === 'service') return Number.MAX_SAFE_INTEGER;
      const i = directoryDoctors.findIndex((d) => d.id === row.doctorId);
      return i < 0 ? Number.MAX_SAFE_INTEGER - 1 : i;
    };
    doctors.sort((a, b) => rank(a) - rank(b) || a.doctorId.localeCompare(b.doctorId));

    return {
      hospitalId: hospital.id,
      hospitalName: hospital.name,
      departmentId: department?.id ?? null,
      departmentName: department?.name ?? SERVICE_SCHEDULES_NAME,
      departmentCode: department?.code ?? null,
      dates,
      doctors,
    };
  }

  private day(date: string, docs: IndexedSlot[], now: Date, facts: SlotFacts): ScheduleDay {
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
        feeFen: doc.feeFen ?? null,
        ...(doc.releaseAt && { releaseAt: new Date(doc.releaseAt).toISOString() }),
        booking: bookingOf(doc, facts.bookingMode),
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
