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

export const SourceStatusSchema = z.enum(['ok', 'stale', 'error', 'circuit_open']);
export type SourceStatus = z.infer<typeof SourceStatusSchema>;

/** Where a hospital's slots came from and how current they are. */
export const SourceFreshness = z.object({
  hospitalId: z.string(),
  status: SourceStatusSchema,
  asOf: IsoDateTime.nullable(),
  lagSeconds: z.number().int().min(0).nullable(),
});
export type SourceFreshness = z.infer<typeof SourceFreshness>;

export const Slot = z.object({
  id: z.string().describe('Stable across syncs: hospital id + the source system’s own id'),
  hospitalId: z.string(),
  departmentId: z.string(),
  departmentCode: z.string().describe('Standard 诊疗科目 code'),
  doctorId: z.string(),
  doctorName: z.string(),
  doctorTitle: DoctorTitleSchema,
  date: CalendarDate.describe('Beijing date of the start'),
  start: IsoDateTime,
  end: IsoDateTime,
  capacity: z.number().int().min(0),
  remaining: z.number().int().min(0),
  status: SlotStatusSchema,
  feeFen: z.number().int().min(0).describe('Registration fee in fen (1/100 yuan)'),
  releaseAt: IsoDateTime.optional(),
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
