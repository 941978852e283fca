import type { RateLimiter } from '../lib/rate-limit';
import type { AccessTokens } from './auth/access-tokens';
import type { ConsentService } from './auth/consent';
import type { AuthService } from './auth/login';
import type { BookingService } from './bookings/booking-service';
import type { Idempotency } from './bookings/idempotency';
import type { ConsoleServices } from './console';
import type { ClinicVerifier } from './health-card/clinic-verifier';
import type { HealthCardService } from './health-card/health-card-service';
import type { HospitalService } from './hospitals';
import type { PatientService } from './patients/patient-service';
import type { ReadinessService } from './readiness';
import type { ReportService } from './reports/report-service';
import type { EarliestSearch } from './slots/earliest-search';
import type { FeedFreshness } from './slots/feed-freshness';
import type { SlotEventReceiver } from './slots/slot-event-receiver';
import type { SlotQueryService } from './slots/slot-query';

/** What routes may call. Built once per runtime (runtime.ts) and handed to createApp. */
export interface Services {
  hospitals: HospitalService;
  readiness: ReadinessService;
  slots: SlotQueryService;
  earliest: EarliestSearch;
  feeds: FeedFreshness;
  slotEvents: SlotEventReceiver;
  auth: AuthService;
  accessTokens: AccessTokens;
  consent: ConsentService;
  loginLimiter: RateLimiter;
  patients: PatientService;
  bookings: BookingService;
  idempotency: Idempotency;
  bookingLimiters: { perAccount: RateLimiter; perIp: RateLimiter };
  healthCards: HealthCardService;
  clinic: ClinicVerifier;
  reports: ReportService;
  /** Hospital IT's feed console (its own sign-in). */
  console: ConsoleServices;
  startedAt: number;
}
