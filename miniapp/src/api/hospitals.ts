import type {
  DoctorListResponse,
  HospitalDetailResponse,
  HospitalListQuery,
  HospitalListResponse,
} from '@jiankang/shared';
import { request } from './client';

/** What a caller may pass: every filter optional; the BFF fills page/pageSize defaults. */
export type HospitalListParams = Partial<HospitalListQuery>;

export function listHospitals(query: HospitalListParams = {}): Promise<HospitalListResponse> {
  return request<HospitalListResponse>('/hospitals', {
    query: {
      district: query.district,
      grade: query.grade,
      q: query.q,
      page: query.page,
      pageSize: query.pageSize,
    },
  });
}

export function getHospital(hospitalId: string): Promise<HospitalDetailResponse> {
  return request<HospitalDetailResponse>(`/hospitals/${encodeURIComponent(hospitalId)}`);
}

export function listDoctors(hospitalId: string, deptId: string): Promise<DoctorListResponse> {
  return request<DoctorListResponse>(
    `/hospitals/${encodeURIComponent(hospitalId)}/departments/${encodeURIComponent(deptId)}/doctors`,
  );
}
