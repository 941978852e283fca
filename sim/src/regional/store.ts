import type { Seed } from '../lib/prng';
import { generateDirectory } from './seed/generate';
import type { DeptRecord, DoctorRecord, HospitalEntry, HospitalRecord } from './types';

const byCode = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The platform's in-memory directory. Generated once per server; reset() restores a deep copy
 * of that first generation, so tests can change things freely and get the seed back.
 */
export class DirectoryStore {
  private readonly pristine: HospitalEntry[];
  private entries = new Map<string, HospitalEntry>();

  constructor(readonly seed: Seed) {
    this.pristine = generateDirectory(seed);
    this.reset();
  }

  reset(): void {
    this.entries = new Map(structuredClone(this.pristine).map((e) => [e.hospital.orgCode, e]));
  }

  /** Stable order by orgCode, as the platform documents. */
  list(): HospitalRecord[] {
    return [...this.entries.keys()].sort(byCode).map((code) => this.get(code) as HospitalRecord);
  }

  get(orgCode: string): HospitalRecord | undefined {
    const entry = this.entries.get(orgCode);
    if (!entry) return undefined;
    const { updatedAt, ...rest } = entry.hospital;
    return {
      ...rest,
      deptCount: entry.departments.length,
      doctorCount: entry.doctors.length,
      updatedAt,
    };
  }

  departments(orgCode: string): DeptRecord[] | undefined {
    return this.entries.get(orgCode)?.departments;
  }

  doctors(orgCode: string): DoctorRecord[] | undefined {
    return this.entries.get(orgCode)?.doctors;
  }

  has(orgCode: string): boolean {
    return this.entries.has(orgCode);
  }

  put(entry: HospitalEntry): void {
    this.entries.set(entry.hospital.orgCode, entry);
  }

  update(orgCode: string, change: Partial<HospitalEntry['hospital']>): HospitalRecord | undefined {
    const entry = this.entries.get(orgCode);
    if (!entry) return undefined;
    entry.hospital = { ...entry.hospital, ...change };
    return this.get(orgCode);
  }

  remove(orgCode: string): boolean {
    return this.entries.delete(orgCode);
  }
}
