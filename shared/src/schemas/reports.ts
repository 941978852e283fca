import { z } from 'zod';
import { IsoDateTime } from './common';

/**
 * The merged lab (检验) / imaging (检查) report model: what the BFF makes of FHIR DiagnosticReports
 * and HIS 3001–3004 trades alike. Something a hospital sent that we could not read becomes a
 * `problems` note on the report or item, so a resident still sees the rest of the report.
 */
export const ReportType = z.enum(['lab', 'imaging']);
export type ReportType = z.infer<typeof ReportType>;

export const ReportFlag = z.enum(['H', 'L', 'N']).nullable();

/**
 * Where the report is in its life (FHIR DiagnosticReport.status). `preliminary`, `registered` and
 * `partial` are shown marked 初步报告; `amended` / `corrected` / `appended` as 已更正. Withdrawn
 * reports (`cancelled`, `entered-in-error`) are never shown. Absent: the hospital does not say (HIS).
 */
export const ReportStatus = z.enum([
  'registered',
  'partial',
  'preliminary',
  'final',
  'amended',
  'corrected',
  'appended',
  'unknown',
]);
export type ReportStatus = z.infer<typeof ReportStatus>;

export const ReportSummary = z.object({
  /** `${hospitalId}:${sourceId}`: stable, as the hospital's report number never changes. */
  id: z.string().min(1),
  hospitalId: z.string().min(1),
  type: ReportType,
  title: z.string(),
  issuedAt: IsoDateTime,
  department: z.string().optional(),
  status: ReportStatus.optional(),
  /** Items flagged H or L (0 for imaging, which has no items). */
  abnormalCount: z.number().int().min(0),
  problems: z.array(z.string()),
});
export type ReportSummary = z.infer<typeof ReportSummary>;

export const ReportItem = z.object({
  /** The hospital's own item code (GLU, TC). */
  code: z.string().optional(),
  loinc: z.string().optional(),
  /** Our analyte key (shared/domain/analytes), for trends across hospitals. */
  analyte: z.string().optional(),
  name: z.string(),
  /** As the hospital printed it (`5.55`, `阴性`); empty when there is none. */
  value: z.string(),
  numericValue: z.number().optional(),
  unit: z.string().optional(),
  range: z.object({ low: z.number().optional(), high: z.number().optional(), text: z.string() }).optional(),
  flag: ReportFlag,
  /**
   * The hospital's interpretation in words where it says more than H/L/N or no direction at all
   * (v3-ObservationInterpretation HH → 危急值偏高, A → 异常, POS → 阳性).
   */
  interpretation: z.string().optional(),
  /** Whose flag: the hospital's own, ours from the range, or none (no number, no range). */
  flagSource: z.enum(['hospital', 'computed']).nullable(),
  problems: z.array(z.string()),
});
export type ReportItem = z.infer<typeof ReportItem>;

export const ReportAttachment = z.object({
  contentType: z.string(),
  sizeBytes: z.number().int().min(0),
  /** false when the BFF will not serve it (too large, unreadable); `problem` says why. */
  available: z.boolean(),
  problem: z.string().optional(),
});
export type ReportAttachment = z.infer<typeof ReportAttachment>;

export const ReportDetail = ReportSummary.extend({
  items: z.array(ReportItem),
  /** 影像所见. */
  findings: z.string().optional(),
  /** 诊断意见 / 检查结论. */
  conclusion: z.string().optional(),
  /** Coded conclusions (FHIR conclusionCode), as the hospital names them. */
  conclusionCodes: z.array(z.string()).optional(),
  /** Who did the test or exam (FHIR performer: 检验科, 放射科, a doctor). */
  performer: z.string().optional(),
  /** When the specimen was taken or the exam done (FHIR effective[x]; a Period's start). */
  effectiveAt: IsoDateTime.optional(),
  attachment: ReportAttachment.optional(),
});
export type ReportDetail = z.infer<typeof ReportDetail>;
