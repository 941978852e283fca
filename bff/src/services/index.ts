import type { HospitalService } from './hospitals';
import type { ReadinessService } from './readiness';

/** What routes may call. Built once per runtime (runtime.ts) and handed to createApp. */
export interface Services {
  hospitals: HospitalService;
  readiness: ReadinessService;
  startedAt: number;
}
