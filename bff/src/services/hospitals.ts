import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type {
  DoctorListResponse,
  HospitalDetail,
  HospitalDetailResponse,
  HospitalListQuery,
  HospitalListResponse,
  HospitalListItem,
  OnlineBooking,
} from '@jiankang/shared';
import type { DirectoryStore } from './directory-store';

/** Full-width letters, case and spaces do not matter when a resident types a hospital's name. */
function normalise(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
}

function toSummary(hospital: HospitalDetail, onlineBooking: OnlineBooking): HospitalListItem {
  const { departments: _d, introduction: _i, ...summary } = hospital;
  return { ...summary, onlineBooking };
}

/** Browsing the city's hospitals: list with filters, detail with departments, doctors of one department. */
export class HospitalService {
  // The list is the busiest endpoint in the app. Each page is filtered and serialised once per
  // directory version; a request only appends the live freshness to the stored JSON.
  private readonly pages = new LRUCache<string, string>({ max: 1_000 });

  /** `onlineBooking` per hospital from the registry; a hospital not in it has no feed (none). */
  constructor(
    private readonly store: DirectoryStore,
    private readonly onlineBooking: (hospitalId: string) => OnlineBooking = () => 'none',
  ) {}

  /** An opaque validator for HTTP caching: changes with the directory's content and its freshness. */
  etagFor(key: string): string {
    // `stale` is part of the body a client caches, so a failed sync must change the validator too.
    const { asOf, stale } = this.store.freshness();
    const digest = createHash('sha1')
      .update(`${this.store.version}|${asOf ?? ''}|${stale}|${key}`)
      .digest('base64url');
    return `W/"${digest.slice(0, 22)}"`;
  }

  /** A HospitalListResponse, already serialised (see `pages`). */
  listJson(query: HospitalListQuery): string {
    this.store.requireData();
    const q = query.q ? normalise(query.q) : '';
    const key = [
      this.store.version,
      query.district ?? '',
      query.grade ?? '',
      q,
      query.page,
      query.pageSize,
    ].join('|');
    let json = this.pages.get(key);
    if (json === undefined) {
      const matches = this.store
        .hospitals()
        .filter(
          (h) =>
            (!query.district || h.district === query.district) &&
            (!query.grade || h.grade === query.grade) &&
            (!q || [h.name, ...h.aliases].some((name) => normalise(name).includes(q))),
        );
      const start = (query.page - 1) * query.pageSize;
      const page: Omit<HospitalListResponse, 'directory'> = {
        items: matches
          .slice(start, start + query.pageSize)
          .map((h) => toSummary(h, this.onlineBooking(h.id))),
        page: query.page,
        pageSize: query.pageSize,
        total: matches.length,
      };
      json = JSON.stringify(page);
      this.pages.set(key, json);
    }
    return `${json.slice(0, -1)},"directory":${JSON.stringify(this.store.freshness())}}`;
  }

  get(hospitalId: string): HospitalDetailResponse {
    return { hospital: this.store.requireHospital(hospitalId), directory: this.store.freshness() };
  }

  doctors(hospitalId: string, deptId: string): DoctorListResponse {
    const { department } = this.store.requireDepartment(hospitalId, deptId);
    const items = [...this.store.doctors(hospitalId, deptId)];
    return { hospitalId, department, items, directory: this.store.freshness() };
  }
}
