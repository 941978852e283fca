import type { DeptRecord, DoctorRecord, HospitalRecord } from '../regional/types';
import { signedFetch } from './signed-fetch';

export interface DirectorySnapshot {
  hospitals: HospitalRecord[];
  departments: Record<string, DeptRecord[]>;
  doctors: Record<string, DoctorRecord[]>;
}

async function data(baseUrl: string, path: string, query: [string, string][] = []) {
  const res = await signedFetch(baseUrl, path, { query });
  if (res.status !== 200) throw new Error(`${path}: HTTP ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.data;
}

async function allPages<T>(baseUrl: string, path: string): Promise<T[]> {
  const items: T[] = [];
  for (let page = 1; ; page++) {
    const d = await data(baseUrl, path, [
      ['page', String(page)],
      ['pageSize', '100'],
    ]);
    items.push(...d.items);
    if (items.length >= d.total || d.items.length === 0) return items;
  }
}

/** Everything the platform publishes, read the way a sync job would: over signed HTTP. */
export async function readDirectory(baseUrl: string): Promise<DirectorySnapshot> {
  const hospitals = await allPages<HospitalRecord>(baseUrl, '/open/v1/hospitals');
  const snapshot: DirectorySnapshot = { hospitals, departments: {}, doctors: {} };
  for (const h of hospitals) {
    snapshot.departments[h.orgCode] = (
      await data(baseUrl, `/open/v1/hospitals/${h.orgCode}/departments`)
    ).items;
    snapshot.doctors[h.orgCode] = await allPages<DoctorRecord>(
      baseUrl,
      `/open/v1/hospitals/${h.orgCode}/doctors`,
    );
  }
  return snapshot;
}
