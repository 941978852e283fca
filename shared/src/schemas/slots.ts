import { z } from 'zod';
import { isCalendarDate } from '../domain/beijing-time';
import { DistrictCodeSchema, DoctorTitleSchema } from './directory';
import { IsoDateTime, intParam } from './common';

/** A Beijing calendar date, YYYY-MM-DD, that exists ("2026-02-30" does not). */
export const CalendarDate = z.string().refine(isCalendarDate, 'expected a real date as YYYY-MM-DD');

/** How far ahead a resident may look; hospitals release at most a few weeks ahead. */
export const MAX_DAYS_AHEAD = 90;

export const FeedKindSchema = z.enum(['fhir', 'smart-scheduling-links', 'his-xml']);
export type FeedKind = z.infer<typeof FeedKindSchema>;

/**
 * available: can be booked; full: 约满; cancelled: 停诊; not_released: visible, bookable from
 * `releaseAt` (放号时间).
 */
export const SlotStatusSchema = z.enum(['available', 'full', 'cancelled', 'not_released']);
export type SlotStatus = z.infer<typeof SlotStatusSchema>;

/** partial: the last read worked but dropped unreadable records or files (see feeds/status). */
export const SourceStatusSchema = z.enum(['ok', 'partial', 'stale', 'error', 'circuit_open']);
export type SourceStatus = z.infer<typeof SourceStatusSchema>;

/** Where a hospital's slots came from and how current they are. */
export const SourceFreshness = z.object({
  hospitalId: z.string(),
  status: SourceStatusSchema,
  asOf: IsoDateTime.nullable(),
  lagSeconds: z.number().int().min(0).nullable(),
});
export type SourceFreshness = z.infer<typeof SourceFreshness>;

/**
 * here: booked through this app; external: the hospital takes bookings only on its own page or by
 * phone (a SMART Scheduling Links publisher), so the resident is sent there.
 */
export const BookingModeSchema = z.enum(['here', 'external']);
export type BookingMode = z.infer<typeof BookingModeSchema>;

export const SlotBooking = z.object({
  mode: BookingModeSchema,
  link: z.string().url().nullable().describe('The hospital’s booking page for this slot'),
  phone: z.string().nullable().describe('The number to call to book it'),
});
export type SlotBooking = z.infer<typeof SlotBooking>;

/** The name a service-level schedule (no doctor named) is shown under when the feed gives none. */
export const DEFAULT_SERVICE_NAME = '普通门诊';
/** The heading of a hospital's service-level schedules that belong to no department. */
export const SERVICE_SCHEDULES_NAME = '门诊服务';

export const Slot = z.object({
  id: z.string().describe('Stable across syncs: hospital id + the source system’s own id'),
  hospitalId: z.string(),
  departmentId: z
    .string()
    .nullable()
    .describe('null: the feed names no department (a service-level schedule)'),
  departmentCode: z.string().nullable().describe('Standard 诊疗科目 code, when the feed gives one'),
  doctorId: z.string().nullable().describe('null: a service-level schedule, shown by serviceName'),
  doctorName: z.string().nullable(),
  doctorTitle: DoctorTitleSchema.nullable().describe('null when the directory does not list the doctor'),
  serviceName: z.string().describe('The doctor’s name, or the service (普通门诊) when no doctor is named'),
  location: z
    .object({ id: z.string(), name: z.string(), address: z.string().nullable() })
    .nullable()
    .describe('The campus or site the feed names'),
  date: CalendarDate.describe('Beijing date of the start'),
  start: IsoDateTime,
  end: IsoDateTime,
  capacity: z.number().int().min(0),
  remaining: z.number().int().min(0),
  status: SlotStatusSchema,
  feeFen: z
    .number()
    .int()
    .min(0)
    .nullable()
    .describe('Registration fee in fen (1/100 yuan); null when the hospital does not publish it'),
  releaseAt: IsoDateTime.optional(),
  booking: SlotBooking,
  source: z.object({ kind: FeedKindSchema, fetchedAt: IsoDateTime }),
});
export type Slot = z.infer<typeof Slot>;

export const ScheduleQuery = z
  .object({
    from: CalendarDate.optional().describe('Beijing date; default today'),
    days: intParam(1, 14, 7),
  })
  .strict();
export type ScheduleQuery = z.infer<typeof ScheduleQuery>;

export const EarliestQuery = z
  .object({
    dept: z.string().regex(/^[0-9]{2}(\.[0-9]{2})?$/, 'expected a standard department code like 03.04'),
    district: DistrictCodeSchema.optional(),
    from: CalendarDate.optional(),
    limit: intParam(1, 50, 10),
    live: z.enum(['true', 'false']).optional(),
  })
  .strict();
export type EarliestQuery = z.infer<typeof EarliestQuery>;

/** A source's freshness as shown next to one result. */
export const SlotFreshness = SourceFreshness.omit({ hospitalId: true });
export type SlotFreshness = z.infer<typeof SlotFreshness>;

/** What a `live=true` refresh got from one hospital within the deadline. */
export const LiveOutcomeSchema = z.enum(['refreshed', 'failed', 'timeout', 'skipped']);
export type LiveOutcome = z.infer<typeof LiveOutcomeSchema>;

export const SourceReport = SourceFreshness.extend({
  hospitalName: z.string(),
  live: LiveOutcomeSchema.optional().describe('Only when live=true was asked'),
});
export type SourceReport = z.infer<typeof SourceReport>;

/** One 分时段 period inside a schedule. */
export const SchedulePeriod = Slot.pick({
  id: true,
  start: true,
  end: true,
  capacity: true,
  remaining: true,
  status: true,
  feeFen: true,
  releaseAt: true,
  booking: true,
});
export type SchedulePeriod = z.infer<typeof SchedulePeriod>;

export const ScheduleDay = z.object({
  date: CalendarDate,
  /** Sum of `remaining` over bookable periods. */
  remaining: z.number().int().min(0),
  /** available when any period is, else full / cancelled (停诊) / not_released. */
  status: SlotStatusSchema,
  releaseAt: IsoDateTime.optional().describe('Earliest release among not-yet-released periods'),
  periods: z.array(SchedulePeriod),
});
export type ScheduleDay = z.infer<typeof ScheduleDay>;

export const ScheduleDoctor = z.object({
  doctorId: z.string().describe('The doctor’s id, or `service:<schedule>` for a service-level row'),
  kind: z.enum(['doctor', 'service']).describe('service: the feed names no doctor (普通门诊)'),
  name: z.string(),
  title: DoctorTitleSchema.nullable(),
  specialty: z.string(),
  /** Only the dates this doctor works in the window. */
  days: z.array(ScheduleDay),
});
export type ScheduleDoctor = z.infer<typeof ScheduleDoctor>;

export const ScheduleResponse = z.object({
  hospitalId: z.string(),
  hospitalName: z.string(),
  departmentId: z.string().nullable().describe('null for the hospital’s service-level schedules'),
  departmentName: z.string(),
  departmentCode: z.string().nullable(),
  /** Every date of the window, in order, for the date strip. */
  dates: z.array(CalendarDate),
  doctors: z.array(ScheduleDoctor),
  source: SourceFreshness,
});
export type ScheduleResponse = z.infer<typeof ScheduleResponse>;

export const SlotDetailResponse = Slot.extend({
  hospitalName: z.string(),
  departmentName: z.string(),
  freshness: SlotFreshness,
});
export type SlotDetailResponse = z.infer<typeof SlotDetailResponse>;

export const EarliestItem = z.object({
  slot: Slot,
  hospitalName: z.string(),
  district: DistrictCodeSchema,
  districtName: z.string(),
  departmentName: z.string(),
  freshness: SlotFreshness,
});
export type EarliestItem = z.infer<typeof EarliestItem>;

export const EarliestResponse = z.object({
  dept: z.string(),
  from: CalendarDate,
  items: z.array(EarliestItem).describe('Bookable periods, earliest first, one per doctor and session'),
  /** Every hospital that could have answered (the district's hospitals with this department). */
  sources: z.array(SourceReport),
  live: z
    .object({ deadlineMs: z.number().int(), elapsedMs: z.number().int(), partial: z.boolean() })
    .nullable()
    .describe('null unless live=true'),
  asOf: IsoDateTime,
});
export type EarliestResponse = z.infer<typeof EarliestResponse>;

export const FeedStatusItem = z.object({
  hospitalId: z.string(),
  hospitalName: z.string(),
  kind: FeedKindSchema,
  status: SourceStatusSchema,
  push: z.boolean().describe('The hospital also pushes slot events'),
  lastSuccessAt: IsoDateTime.nullable(),
  lastError: z.string().nullable(),
  consecutiveFailures: z.number().int().min(0),
  slotCount: z.number().int().min(0),
  lagSeconds: z.number().int().min(0).nullable(),
  skippedCount: z.number().int().min(0).describe('Records of the last read that could not be read'),
  skippedSamples: z.array(z.string()).describe('A few of their reasons, each naming the record'),
  problems: z
    .array(z.object({ url: z.string(), reason: z.string() }))
    .describe('Files or pages of the last read that could not be fetched or were refused'),
  pastCount: z.number().int().min(0).describe('Slots already over when fetched (dropped)'),
});
export type FeedStatusItem = z.infer<typeof FeedStatusItem>;

export const FeedStatusResponse = z.object({
  items: z.array(FeedStatusItem),
  asOf: IsoDateTime,
});
export type FeedStatusResponse = z.infer<typeof FeedStatusResponse>;

/** A place the hospital's feed publishes (SMART Scheduling Links Location). */
export const HospitalPlace = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  address: z.string().nullable(),
  phone: z.string().nullable(),
  url: z.string().nullable(),
  position: z.object({ lat: z.number(), lng: z.number() }).nullable(),
});
export type HospitalPlace = z.infer<typeof HospitalPlace>;

export const HospitalPlacesResponse = z.object({
  hospitalId: z.string(),
  bookingMode: BookingModeSchema,
  locations: z.array(HospitalPlace),
  hasServiceSchedules: z
    .boolean()
    .describe('The feed has schedules in no department: GET …/services/schedule lists them'),
});
export type HospitalPlacesResponse = z.infer<typeof HospitalPlacesResponse>;
