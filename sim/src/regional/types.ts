import type { Faults } from '../lib/faults';

export type { Faults };

/** Field names are the platform's own; the BFF adapter maps them to our model. */
export interface CampusRecord {
  campusCode: string;
  campusName: string;
  address: string;
  longitude: number;
  latitude: number;
}

export interface HospitalRecord {
  orgCode: string;
  creditCode: string;
  orgName: string;
  alias: string[];
  orgLevel: string;
  orgType: string;
  areaName: string;
  address: string;
  tel: string;
  longitude: number;
  latitude: number;
  campuses: CampusRecord[];
  intro: string;
  deptCount: number;
  doctorCount: number;
  updatedAt: string;
}

export interface DeptRecord {
  deptCode: string;
  deptName: string;
  stdDeptCode: string;
  campusCode: string;
  intro: string;
}

export type DoctorTitleName = '主任医师' | '副主任医师' | '主治医师' | '住院医师';

export interface DoctorRecord {
  doctorCode: string;
  doctorName: string;
  gender: 'M' | 'F';
  titleName: DoctorTitleName;
  deptCode: string;
  expertise: string;
}

/** A hospital as stored: the counts on the wire are derived from its lists. */
export interface HospitalEntry {
  hospital: Omit<HospitalRecord, 'deptCount' | 'doctorCount'>;
  departments: DeptRecord[];
  doctors: DoctorRecord[];
}

export interface RegionalPlatformOptions {
  /** Default 0: a random free port. */
  port?: number;
  /** Default '127.0.0.1'. */
  host?: string;
  /** Default 'huizhou'. The same seed serves byte-identical data. */
  seed?: string | number;
  /** appId -> secret. Default { 'jk-bff-dev': 'dev-only-regional-secret-change-me' }. */
  apps?: Record<string, string>;
  /** How far X-Timestamp may be from the server clock, either way. Default 5 minutes. */
  maxSkewMs?: number;
}

export interface RegionalPlatformHandle {
  url: string;
  port: number;
  setFaults(f: Partial<Faults>): void;
  /** Faults off, data back to the seed, nonce cache cleared. */
  reset(): void;
  close(): Promise<void>;
}
