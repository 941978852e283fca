import type {
  DistrictCode,
  EarliestResponse,
  HospitalPlacesResponse,
  ScheduleResponse,
  SlotDetailResponse,
} from '@jiankang/shared';
import { request } from './client';

export interface ScheduleParams {
  /** Beijing date YYYY-MM-DD; the BFF defaults to today. */
  from?: string | undefined;
  /** 1–14; the BFF defaults to 7. */
  days?: number | undefined;
}

export function getSchedule(
  hospitalId: string,
  deptId: string,
  params: ScheduleParams = {},
): Promise<ScheduleResponse> {
  return request<ScheduleResponse>(
    `/hospitals/${encodeURIComponent(hospitalId)}/departments/${encodeURIComponent(deptId)}/schedule`,
    { query: { from: params.from, days: params.days } },
  );
}

/** The hospital's service-level schedules (no department in its feed). */
export function getServiceSchedule(
  hospitalId: string,
  params: ScheduleParams = {},
): Promise<ScheduleResponse> {
  return request<ScheduleResponse>(`/hospitals/${encodeURIComponent(hospitalId)}/services/schedule`, {
    query: { from: params.from, days: params.days },
  });
}

/** The places the hospital's feed names and whether it takes bookings here. */
export function getHospitalPlaces(hospitalId: string): Promise<HospitalPlacesResponse> {
  return request<HospitalPlacesResponse>(`/hospitals/${encodeURIComponent(hospitalId)}/places`);
}

export function getSlot(slotId: string): Promise<SlotDetailResponse> {
  return request<SlotDetailResponse>(`/slots/${encodeURIComponent(slotId)}`);
}

export interface EarliestParams {
  /** Standard department code, e.g. 03.04. */
  dept: string;
  district?: DistrictCode | undefined;
  from?: string | undefined;
  limit?: number | undefined;
  /** Ask the hospitals for changes first (bounded by the BFF's deadline). */
  live?: boolean | undefined;
}

/** A live search waits for hospitals up to the BFF's deadline: allow for it on top of the usual timeout. */
const LIVE_TIMEOUT_MS = 15_000;

export function searchEarliest(params: EarliestParams): Promise<EarliestResponse> {
  return request<EarliestResponse>('/search/earliest', {
    query: {
      dept: params.dept,
      district: params.district,
      from: params.from,
      limit: params.limit,
      live: params.live === undefined ? undefined : String(params.live),
    },
    ...(params.live && { timeoutMs: LIVE_TIMEOUT_MS }),
  });
}
