import type { Department, DirectoryFreshness, Doctor, HospitalDetail } from '@jiankang/shared';
import { gradeRank, titleRank, DISTRICT_CODES } from '@jiankang/shared/domain';
import { AppError } from '../lib/app-error';
import type { DirectoryModels, SyncStateDoc } from '../models/directory';

export const DIRECTORY_SYNC_ID = 'directory';

interface Snapshot {
  version: string;
  hospitals: HospitalDetail[];
  byId: Map<string, HospitalDetail>;
  doctorsByDepartment: Map<string, Doctor[]>;
}

const EMPTY: Snapshot = { version: '', hospitals: [], byId: new Map(), doctorsByDepartment: new Map() };

const districtOrder = (d: string) => DISTRICT_CODES.indexOf(d as (typeof DISTRICT_CODES)[number]);

/**
 * The directory as the API reads it: an in-memory copy of the database, replaced whole when the
 * sync state's version changes. Every replica polls that version, so a sync run by any replica
 * reaches all of them, and a request never waits on the database.
 */
export class DirectoryStore {
  private snapshot: Snapshot = EMPTY;
  private state: SyncStateDoc | null = null;

  constructor(
    private readonly models: DirectoryModels,
    private readonly staleAfterMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get version(): string {
    return this.snapshot.version;
  }

  get hasData(): boolean {
    return this.snapshot.hospitals.length > 0;
  }

  /** Reads the sync state; reloads hospitals and doctors only when their version moved. */
  async refresh(): Promise<void> {
    const state = await this.models.SyncState.findById(DIRECTORY_SYNC_ID).lean<SyncStateDoc>().exec();
    this.state = state;
    if (!state || state.version === this.snapshot.version) return;
    const [hospitals, doctors] = await Promise.all([
      this.models.Hospital.find().lean().exec(),
      this.models.Doctor.find().lean().exec(),
    ]);
    const list: HospitalDetail[] = hospitals.map(({ _id, syncedAt: _s, contentHash: _c, ...h }) => ({
      ...h,
      id: _id,
    }));
    list.sort(
      (a, b) =>
        gradeRank(a.grade) - gradeRank(b.grade) ||
        districtOrder(a.district) - districtOrder(b.district) ||
        a.id.localeCompare(b.id),
    );
    const byDept = new Map<string, Doctor[]>();
    for (const { _id, syncedAt: _s, contentHash: _c, ...d } of doctors) {
      const key = `${d.hospitalId}/${d.departmentId}`;
      const arr = byDept.get(key) ?? [];
      arr.push({ id: _id, ...d });
      byDept.set(key, arr);
    }
    for (const arr of byDept.values()) {
      arr.sort((a, b) => titleRank(a.title) - titleRank(b.title) || a.id.localeCompare(b.id));
    }
    this.snapshot = {
      version: state.version,
      hospitals: list,
      byId: new Map(list.map((h) => [h.id, h])),
      doctorsByDepartment: byDept,
    };
  }

  /** DIRECTORY_NOT_READY (503, Retry-After) until a first copy is loaded. */
  requireData(): void {
    if (!this.hasData) {
      throw new AppError(
        'DIRECTORY_NOT_READY',
        'The hospital directory has not been loaded yet; try again shortly',
        {
          headers: { 'Retry-After': '30' },
        },
      );
    }
  }

  /** The hospital, or HOSPITAL_NOT_FOUND (DIRECTORY_NOT_READY before the first load). */
  requireHospital(hospitalId: string): HospitalDetail {
    this.requireData();
    const hospital = this.hospital(hospitalId);
    if (!hospital) throw new AppError('HOSPITAL_NOT_FOUND', 'No hospital with this id');
    return hospital;
  }

  /** The hospital and its department, or the 404 naming which one is unknown. */
  requireDepartment(
    hospitalId: string,
    deptId: string,
  ): { hospital: HospitalDetail; department: Department } {
    const hospital = this.requireHospital(hospitalId);
    const department = hospital.departments.find((d) => d.id === deptId);
    if (!department)
      throw new AppError('DEPARTMENT_NOT_FOUND', 'This hospital has no department with this id');
    return { hospital, department };
  }

  hospitals(): readonly HospitalDetail[] {
    return this.snapshot.hospitals;
  }

  hospital(id: string): HospitalDetail | undefined {
    return this.snapshot.byId.get(id);
  }

  doctors(hospitalId: string, departmentId: string): readonly Doctor[] {
    return this.snapshot.doctorsByDepartment.get(`${hospitalId}/${departmentId}`) ?? [];
  }

  /** The last good copy's age; stale when it is old or the latest attempt to refresh it failed. */
  freshness(): DirectoryFreshness {
    const last = this.state?.lastSuccessAt ? new Date(this.state.lastSuccessAt) : null;
    if (!last) return { asOf: null, ageSeconds: null, stale: true };
    const ageMs = Math.max(0, this.now() - last.getTime());
    return {
      asOf: last.toISOString(),
      ageSeconds: Math.floor(ageMs / 1000),
      stale: ageMs > this.staleAfterMs || (this.state?.consecutiveFailures ?? 0) > 0,
    };
  }

  syncState(): SyncStateDoc | null {
    return this.state;
  }
}
