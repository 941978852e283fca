import {
  analyteFor,
  flagFor,
  interpretationWords,
  parseReferenceRange,
  readFlag,
  resultNumber,
  type ReportAttachment,
  type ReportDetail,
  type ReportItem,
  type ReportSummary,
  type ReferenceRange,
  type ReportType,
  type SkippedRecords,
} from '@jiankang/shared';
import type { FeedAdapterConfig } from './feed-adapter';

/** Beijing calendar dates (yyyy-MM-dd), inclusive, on the collection / exam date. */
export interface ReportQuery {
  type?: ReportType;
  from?: string;
  to?: string;
}

/**
 * One listing: the reports read, and what was not. `skipped` counts every report or result the
 * hospital sent that could not be read or was about someone else, with a few `Type/id: reason`
 * samples (no personal data); `withdrawn` the reports the hospital itself withdrew (cancelled,
 * entered-in-error), counted but never shown and no fault of the hospital's feed.
 */
export interface ReportList {
  reports: ReportSummary[];
  skipped: SkippedRecords;
  withdrawn: number;
}

export const NOTHING_SKIPPED: SkippedRecords = { count: 0, samples: [] };

/**
 * One hospital's lab and imaging reports, whatever its protocol. Throws only UpstreamError; a
 * field the hospital wrote that we cannot read becomes a `problems` note, never a throw; a record
 * we cannot read at all is counted in `skipped`, never dropped silently.
 */
export interface ReportSource {
  readonly hospitalId: string;
  /** The person's reports, newest first. */
  list(masterId: string, q: ReportQuery, signal?: AbortSignal): Promise<ReportList>;
  /**
   * One report, or null when the hospital has none by that id *for this person*: the master id
   * is both an ownership check (ids are guessable) and what a HIS needs to find the report's
   * header (its detail trade 3002 carries items only).
   */
  get(masterId: string, sourceId: string, signal?: AbortSignal): Promise<ReportDetail | null>;
}

/** A hospital registry entry, plus the attachment cap. */
export interface ReportSourceConfig extends FeedAdapterConfig {
  /** Told (without personal data) when a hospital answers with a report about someone else. */
  onSecurityEvent?: (e: { event: 'report_subject_mismatch'; reportId: string }) => void;
  /** Largest PDF we offer to serve; default 2 MiB. */
  maxAttachmentBytes?: number;
}

export const DEFAULT_MAX_ATTACHMENT_BYTES = 2 * 1024 * 1024;
/**
 * Answers can carry a PDF inline (FHIR `presentedForm.data`, HIS BGWJ), base64 inflating it by a
 * third; a body cap below the simulators' 20 MiB ceiling still refuses an endless answer.
 */
export const DEFAULT_REPORT_BODY_BYTES = 32 * 1024 * 1024;
/** Results one report may carry before we stop reading (a runaway answer, not a real panel). */
export const MAX_ITEMS_PER_REPORT = 200;

export const reportUpstream = (hospitalId: string) => `reports:${hospitalId}`;
export const reportId = (hospitalId: string, sourceId: string) => `${hospitalId}:${sourceId}`;

/** A lab result as a hospital wrote it, before our reading rules. */
export interface RawLabResult {
  code?: string;
  loinc?: string;
  name: string;
  /** As printed; undefined or empty when the hospital sent none. */
  value?: string;
  /** Why there is no value, when the hospital said (FHIR dataAbsentReason). */
  absentReason?: string;
  unit?: string;
  rangeText?: string;
  low?: number;
  high?: number;
  /** The hospital's own flag (`↑`, `H`, interpretation code). */
  hospitalFlag?: string;
  /** Notes found while reading the record (a value type we cannot show, a range by sex or age). */
  problems?: string[];
}

const nonEmpty = (s: string | undefined) => (s && s.trim() !== '' ? s.trim() : undefined);

/**
 * The reference range from the printed text, else from the numbers the hospital kept; `bounds`
 * is null for a text that states no numbers (`阴性`), which is shown but flags nothing.
 */
function rangeOf(raw: RawLabResult): { bounds: ReferenceRange | null; text: string } | undefined {
  const text = nonEmpty(raw.rangeText);
  const parsed = parseReferenceRange(text);
  if (parsed) return { bounds: parsed, text: parsed.text };
  if (raw.low === undefined && raw.high === undefined) return text ? { bounds: null, text } : undefined;
  const bounds = { low: raw.low, high: raw.high, lowInclusive: true, highInclusive: true };
  const shown = text ?? `${raw.low ?? ''}-${raw.high ?? ''}`;
  return { bounds: { ...bounds, text: shown }, text: shown };
}

/** One result through the shared rules: number, unit, range, flag (the hospital's first, else ours). */
export function labItem(raw: RawLabResult): ReportItem {
  const problems: string[] = [...(raw.problems ?? [])];
  const value = nonEmpty(raw.value) ?? '';
  const numericValue = resultNumber(value);
  if (value === '') problems.push(`no result${raw.absentReason ? ` (${raw.absentReason})` : ''}`);
  else if (/^nan$/i.test(value)) problems.push('result is not a number (NaN)');
  const unit = nonEmpty(raw.unit);
  if (numericValue !== undefined && !unit) problems.push('no unit given');
  const range = rangeOf(raw);
  const computed = flagFor(numericValue, range?.bounds);
  const written = readFlag(raw.hospitalFlag);
  if (written && computed && written !== computed)
    problems.push(`hospital flag ${written} disagrees with the range (${computed})`);
  const flag = written ?? computed;
  const interpretation = interpretationWords(raw.hospitalFlag);
  const analyte = analyteFor({ loinc: raw.loinc, localCode: raw.code, name: raw.name });
  return {
    ...(raw.code && { code: raw.code }),
    ...(raw.loinc && { loinc: raw.loinc }),
    ...(analyte && { analyte }),
    name: raw.name,
    value,
    ...(numericValue !== undefined && { numericValue }),
    ...(unit && { unit }),
    ...(range && {
      range: {
        ...(range.bounds?.low !== undefined && { low: range.bounds.low }),
        ...(range.bounds?.high !== undefined && { high: range.bounds.high }),
        text: range.text,
      },
    }),
    flag,
    ...(interpretation && { interpretation }),
    flagSource: written ? 'hospital' : computed ? 'computed' : null,
    problems,
  };
}

export const abnormalCount = (items: readonly ReportItem[]) =>
  items.filter((i) => i.flag === 'H' || i.flag === 'L').length;

/** Item problems lifted onto the summary, so a list shows that something needs a closer look. */
export const itemProblems = (items: readonly ReportItem[]) =>
  items.flatMap((i) => i.problems.map((p) => `${i.name}: ${p}`));

/** What we can say about a PDF without downloading more than the cap. */
export function attachmentOf(
  contentType: string | undefined,
  sizeBytes: number | undefined,
  cap: number,
): ReportAttachment {
  const type = contentType || 'application/octet-stream';
  if (sizeBytes === undefined)
    return { contentType: type, sizeBytes: 0, available: false, problem: 'attachment size unknown' };
  if (sizeBytes > cap)
    return { contentType: type, sizeBytes, available: false, problem: 'attachment too large' };
  return { contentType: type, sizeBytes, available: true };
}

/** Summary of a detail: the list and the detail agree by construction. */
export function summaryOf(detail: ReportDetail): ReportSummary {
  const { id, hospitalId, type, title, issuedAt, department, status, abnormalCount: n, problems } = detail;
  return {
    id,
    hospitalId,
    type,
    title,
    issuedAt,
    ...(department && { department }),
    ...(status && { status }),
    abnormalCount: n,
    problems,
  };
}
