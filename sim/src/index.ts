export { startRegionalPlatform, DEFAULT_APPS, DEFAULT_MAX_SKEW_MS, DEFAULT_SEED } from './regional/server';
export { canonicalQuery, canonicalString, computeSignature, type CanonicalInput } from './regional/signature';
export { PLATFORM_NAME } from './regional/routes';
export type {
  CampusRecord,
  DeptRecord,
  DoctorRecord,
  Faults,
  HospitalRecord,
  RegionalPlatformHandle,
  RegionalPlatformOptions,
} from './regional/types';
export { createRng, type Rng, type Seed } from './lib/prng';
export { listen, type Listening } from './lib/listen';
export { FaultSwitch, NO_FAULTS, faultMiddleware } from './lib/faults';
export { startHospitalFeed, startHospitalFeeds, DEFAULT_FEED_SEED, FEED_BASE_PATH } from './hospitals/server';
export {
  feedOptionsFromRegistry,
  readHospitalRegistry,
  SIMULATOR_MODES,
  type HospitalRegistryEntry,
  type SimulatorMode,
} from './hospitals/registry';
export { signPush, type SlotEvent } from './hospitals/push';
export { NO_FEED_FAULTS, HUGE_BODY_BYTES } from './hospitals/feed-faults';
export { FEE_FEN_BY_TITLE } from './hospitals/generate-slots';
export type { RushSpec } from './hospitals/rush-session';
export { FEED_KINDS, FEED_PROFILES } from './hospitals/types';
export { BOOKING_SYSTEM, EMPI_SYSTEM, REFUSAL_SYSTEM } from './hospitals/fhir/appointments';
export { BOOKING_API } from './hospitals/smart/booking-api';
export { REFUSAL_CODES, TRADE_BOOK, TRADE_CANCEL, TRADE_QUERY } from './hospitals/his/booking';
export type {
  AppointmentPatient,
  FeedFaults,
  FeedKind,
  FeedProfile,
  FeedSlot,
  HospitalFeedHandle,
  HospitalFeedOptions,
  PushLogEntry,
  PushTarget,
  SimAppointment,
  SlotStatus,
} from './hospitals/types';
export {
  startWechat,
  DEFAULT_WECHAT_APPS,
  DEFAULT_WECHAT_SEED,
  DEFAULT_CODE2SESSION_PER_MINUTE,
} from './wechat/server';
export { NO_WECHAT_FAULTS } from './wechat/faults';
export type { MintedCode, SentMessage, WechatFaults, WechatHandle, WechatOptions } from './wechat/types';
export { hasSeededReports, seededVisits, REPORT_WINDOW_DAYS } from './reports/seed';
export type { LabResult, ReportAttachment, ReportCategory, SimReport } from './reports/types';
export {
  REPORT_NOT_FOUND_CODE,
  TRADE_EXAM_DETAIL,
  TRADE_EXAM_LIST,
  TRADE_LAB_DETAIL,
  TRADE_LAB_LIST,
} from './hospitals/his/reports';
export {
  DIAGNOSTIC_SECTION_SYSTEM,
  INTERPRETATION_SYSTEM,
  LOINC_SYSTEM,
  UCUM_SYSTEM,
} from './hospitals/fhir/reports';
export type { ReportIndexItem, ReportIndexType } from './regional/report-index';
