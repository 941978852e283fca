import { z } from 'zod';
import type { Department, Doctor, HospitalDetail } from '@jiankang/shared';
import type { DirectorySnapshot, DirectorySource } from './directory-source';
import type { RegionalClient } from './client';
import { ItemList, Page } from './schemas';
import { departmentIdOf, hospitalIdOf, mapDepartment, mapDoctor, mapHospital } from './directory-mapper';

const PAGE_SIZE = 100;
/** Hospitals fetched at once: enough to be quick, few enough to be polite to the platform. */
const CONCURRENCY = 4;
const MAX_PAGES = 200;

const OrgCodeOnly = z.object({ orgCode: z.string().regex(/^[A-Za-z0-9]{2,40}$/) });

/** Reads the whole directory (hospitals, their departments and doctors) from the regional platform. */
export class RegionalDirectorySource implements DirectorySource {
  constructor(private readonly client: RegionalClient) {}

  async ping(timeoutMs: number): Promise<void> {
    await this.client.probe('/open/v1/ping', z.unknown(), timeoutMs);
  }

  async fetchDirectory(): Promise<DirectorySnapshot> {
    const skipped = { count: 0, samples: [] as string[] };
    const note = (reason: string) => {
      skipped.count += 1;
      if (skipped.samples.length < 10) skipped.samples.push(reason);
    };

    const rawHospitals = await this.pages('/open/v1/hospitals', {});
    const hospitals: HospitalDetail[] = [];
    const doctors: Doctor[] = [];
    const queue = [...rawHospitals];
    const worker = async () => {
      for (let raw = queue.shift(); raw !== undefined; raw = queue.shift()) {
        const head = OrgCodeOnly.safeParse(raw);
        if (!head.success) {
          note('hospital: missing orgCode');
          continue;
        }
        const result = await this.fetchHospital(head.data.orgCode, raw, note);
        if (result) {
          hospitals.push(result.hospital);
          doctors.push(...result.doctors);
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    // Fetches finish in any order; a fixed order keeps the content hash (the version) stable.
    hospitals.sort((a, b) => a.id.localeCompare(b.id));
    doctors.sort((a, b) => a.id.localeCompare(b.id));
    return { hospitals, doctors, skipped };
  }

  private async fetchHospital(
    orgCode: string,
    raw: unknown,
    note: (reason: string) => void,
  ): Promise<{ hospital: HospitalDetail; doctors: Doctor[] } | undefined> {
    const base = `/open/v1/hospitals/${encodeURIComponent(orgCode)}`;
    const [deptList, rawDoctors] = await Promise.all([
      this.client.get(`${base}/departments`, {}, ItemList),
      this.pages(`${base}/doctors`, {}),
    ]);
    const hospitalId = hospitalIdOf(orgCode);
    const deptIds = new Set(
      deptList.items.flatMap((d) => {
        const code = (d as { deptCode?: unknown }).deptCode;
        return typeof code === 'string' ? [departmentIdOf(code)] : [];
      }),
    );
    const doctors: Doctor[] = [];
    for (const r of rawDoctors) {
      const m = mapDoctor(r, hospitalId, deptIds);
      if (m.ok) doctors.push(m.value);
      else note(m.reason);
    }
    const counts = new Map<string, number>();
    for (const d of doctors) counts.set(d.departmentId, (counts.get(d.departmentId) ?? 0) + 1);
    const departments: Department[] = [];
    const seen = new Set<string>();
    for (const r of deptList.items) {
      const m = mapDepartment(r, counts);
      if (!m.ok) note(m.reason);
      else if (seen.has(m.value.id)) note('department: duplicate id');
      else {
        seen.add(m.value.id);
        departments.push(m.value);
      }
    }
    const hospital = mapHospital(raw, departments);
    if (!hospital.ok) {
      note(hospital.reason);
      return undefined;
    }
    return { hospital: hospital.value, doctors: doctors.filter((d) => seen.has(d.departmentId)) };
  }

  /** Follows `page` until `total` is reached; a platform that never ends is cut off at MAX_PAGES. */
  private async pages(path: string, query: Record<string, string>): Promise<unknown[]> {
    const items: unknown[] = [];
    for (let page = 1; page <= MAX_PAGES; page += 1) {
      const res = await this.client.get(path, { ...query, page, pageSize: PAGE_SIZE }, Page);
      items.push(...res.items);
      if (res.items.length === 0 || page * res.pageSize >= res.total) break;
    }
    return items;
  }
}
