import { z } from 'zod';
import { ANALYTES, type AnalyteKey } from '../domain/analytes';
import { IsoDateTime } from './common';
import { ReportDetail, ReportSummary, ReportType } from './reports';
import { CalendarDate } from './slots';

/**
 * The resident's report API (issue 7): lists merged across hospitals with a status per hospital,
 * one report with its 互认 mark, a trend of one analyte, the records consent and the access log.
 */

/** `GET /patients/:id/reports`: Beijing dates, inclusive; strict, so a stray parameter is a 400. */
export const ReportListQuery = z
  .object({
    type: ReportType.optional(),
    from: CalendarDate.optional(),
    to: CalendarDate.optional(),
  })
  .strict()
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'must not be after to', path: ['from'] });
export type ReportListQuery = z.infer<typeof ReportListQuery>;

/**
 * How one hospital answered this request: `ok` (fresh, or cached within the TTL, every record
 * read), `partial` (answered, but some of its records could not be read: `skippedCount`),
 * `timeout` (not within the deadline), `error` (refused or unreadable), `stale` (failed now, so
 * its older cached reports are shown).
 */
export const ReportSourceStatus = z.object({
  hospitalId: z.string(),
  hospitalName: z.string(),
  status: z.enum(['ok', 'partial', 'timeout', 'error', 'stale']),
  reportCount: z.number().int().min(0).optional(),
  /** Reports or results the hospital sent that could not be read (or were about someone else). */
  skippedCount: z.number().int().min(0).optional(),
  /** Reports the hospital withdrew (cancelled, entered-in-error): counted, never shown. */
  withdrawnCount: z.number().int().min(0).optional(),
  /** When the reports shown were fetched (ok and stale). */
  asOf: IsoDateTime.optional(),
  message: z.string().optional(),
});
export type ReportSourceStatus = z.infer<typeof ReportSourceStatus>;

/** A report as the API shows it: `id` is opaque and only works for the patient it was listed for. */
const Shown = {
  hospitalName: z.string(),
  /** 互认: the hospital is on the city's mutual-recognition list, so others accept the result. */
  mutualRecognition: z.boolean(),
};
export const ReportListItem = ReportSummary.extend(Shown);
export type ReportListItem = z.infer<typeof ReportListItem>;
export const ReportView = ReportDetail.extend(Shown);
export type ReportView = z.infer<typeof ReportView>;

export const ReportListResponse = z.object({
  items: z.array(ReportListItem),
  sources: z.array(ReportSourceStatus),
  /** true when some hospital is not `ok`: the list may be incomplete. */
  partial: z.boolean(),
  deadlineMs: z.number().int(),
  elapsedMs: z.number().int(),
});
export type ReportListResponse = z.infer<typeof ReportListResponse>;

export const ReportViewResponse = z.object({ report: ReportView });
export type ReportViewResponse = z.infer<typeof ReportViewResponse>;

const LOINC_TO_ANALYTE = new Map(
  (Object.keys(ANALYTES) as AnalyteKey[]).flatMap((k) => ANALYTES[k].loinc.map((l) => [l, k] as const)),
);
/** An analyte key (`glucose`) or one of its LOINC codes (`2345-7`), to our key; null when unknown. */
export function analyteOfCode(code: string): AnalyteKey | null {
  if (Object.hasOwn(ANALYTES, code)) return code as AnalyteKey;
  return LOINC_TO_ANALYTE.get(code) ?? null;
}

export const TrendQuery = z
  .object({
    code: z
      .string()
      .refine((c) => analyteOfCode(c) !== null, 'expected an analyte key (glucose) or its LOINC code'),
  })
  .strict();
export type TrendQuery = z.infer<typeof TrendQuery>;

export const TrendPoint = z.object({
  /** When the sample was reported. */
  at: IsoDateTime,
  /** In the analyte's canonical unit (`unit` of the answer). */
  value: z.number(),
  flag: z.enum(['H', 'L', 'N']).nullable(),
  hospitalId: z.string(),
  hospitalName: z.string(),
  reportId: z.string(),
  /** As the hospital printed it. */
  original: z.object({ value: z.string(), unit: z.string().optional() }),
});
export type TrendPoint = z.infer<typeof TrendPoint>;

export const TrendResponse = z.object({
  analyte: z.string(),
  name: z.string(),
  /** UCUM code of the canonical unit, and how it is shown. */
  unit: z.string(),
  unitLabel: z.string(),
  points: z.array(TrendPoint),
  /** Results of this analyte that could not be put on the chart (no number, no convertible unit). */
  skipped: z.array(z.object({ reportId: z.string(), hospitalId: z.string(), reason: z.string() })),
  sources: z.array(ReportSourceStatus),
  partial: z.boolean(),
});
export type TrendResponse = z.infer<typeof TrendResponse>;

/** 共享调阅 consent: the notice version the resident accepted for this patient. */
export const RecordsConsentInput = z.object({ version: z.string().min(1).max(32) }).strict();
export type RecordsConsentInput = z.infer<typeof RecordsConsentInput>;
export const RecordsConsentResponse = z.object({
  currentVersion: z.string(),
  consent: z.object({ version: z.string(), acceptedAt: IsoDateTime }).nullable(),
});
export type RecordsConsentResponse = z.infer<typeof RecordsConsentResponse>;

export const AccessAction = z.enum(['list', 'view', 'export', 'trend']);
export type AccessAction = z.infer<typeof AccessAction>;
export const AccessLogEntry = z.object({
  action: AccessAction,
  at: IsoDateTime,
  reportId: z.string().optional(),
  hospitalId: z.string().optional(),
  /** What was asked: the list filters or the trend's code. */
  detail: z.string().optional(),
});
export type AccessLogEntry = z.infer<typeof AccessLogEntry>;
export const AccessLogResponse = z.object({ items: z.array(AccessLogEntry) });
export type AccessLogResponse = z.infer<typeof AccessLogResponse>;
