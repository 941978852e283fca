import { isoBeijing } from '../hospitals/beijing-time';
import { reportPdf } from './pdf';
import { MASTER_ID, parseSeededReportId } from './seed';
import type { LabResult, ReportAttachment, SimReport } from './types';

/**
 * Reads a test's report spec (the body of `POST /__admin/reports`) into a report, so a test can
 * plant exactly the awkward case it needs: an abnormal value, `"NaN"`, no unit, a range the BFF
 * cannot parse, a 5 MB PDF. Checks only what the renderers rely on; the message names the field.
 */
export class ReportSpecError extends Error {}

type Json = Record<string, unknown>;
const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;
const REPORT_ID = /^[A-Za-z0-9][A-Za-z0-9.-]{0,63}$/;

/** The fields that are set, so a report carries no `unit: undefined` keys. */
const defined = <T extends Json>(o: T) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const fail = (field: string, problem: string): never => {
  throw new ReportSpecError(`${field} ${problem}`);
};

function text(o: Json, field: string, at: string, required: true): string;
function text(o: Json, field: string, at: string, required?: false): string | undefined;
function text(o: Json, field: string, at: string, required = false): string | undefined {
  const v = o[field];
  if (v === undefined && !required) return undefined;
  if (typeof v !== 'string' || (required && v.trim() === ''))
    return fail(`${at}${field}`, 'must be a string');
  return v;
}

function num(o: Json, field: string, at: string): number | undefined {
  const v = o[field];
  if (v === undefined) return undefined;
  return typeof v === 'number' && Number.isFinite(v) ? v : fail(`${at}${field}`, 'must be a finite number');
}

function time(o: Json, field: string, fallbackMs: number): string {
  const v = o[field];
  if (v === undefined) return isoBeijing(fallbackMs);
  if (typeof v !== 'string' || Number.isNaN(Date.parse(v))) return fail(field, 'must be an ISO 8601 time');
  return isoBeijing(Date.parse(v));
}

function result(raw: unknown, i: number): LabResult {
  const at = `results[${i}].`;
  if (!isObject(raw)) return fail(`results[${i}]`, 'must be an object');
  const value = raw.value;
  if (typeof value !== 'string' && (typeof value !== 'number' || !Number.isFinite(value)))
    return fail(`${at}value`, 'must be a number or a string (send NaN as "NaN")');
  const decimals = num(raw, 'decimals', at);
  if (decimals !== undefined && !(Number.isInteger(decimals) && decimals >= 0 && decimals <= 6))
    return fail(`${at}decimals`, 'must be an integer from 0 to 6');
  const optional = defined({
    loinc: text(raw, 'loinc', at),
    decimals,
    unit: text(raw, 'unit', at),
    ucum: text(raw, 'ucum', at),
    low: num(raw, 'low', at),
    high: num(raw, 'high', at),
    range: text(raw, 'range', at),
    flag: text(raw, 'flag', at),
  });
  return {
    code: text(raw, 'code', at, true),
    name: text(raw, 'name', at, true),
    value,
    ...optional,
  };
}

function attachment(raw: unknown, id: string): ReportAttachment | undefined {
  if (raw === undefined) return undefined;
  if (!isObject(raw)) return fail('attachment', 'must be an object');
  const contentType = text(raw, 'contentType', 'attachment.') ?? 'application/pdf';
  const title = text(raw, 'title', 'attachment.') ?? `${id}.pdf`;
  const base64 = text(raw, 'dataBase64', 'attachment.');
  if (base64 !== undefined) return { contentType, title, data: Buffer.from(base64, 'base64') };
  const size = num(raw, 'sizeBytes', 'attachment.') ?? 0;
  if (!Number.isInteger(size) || size < 0 || size > MAX_ATTACHMENT_BYTES)
    return fail('attachment.sizeBytes', `must be an integer from 0 to ${MAX_ATTACHMENT_BYTES}`);
  return { contentType, title, data: reportPdf([`Report ${id}`, 'Registered by a test'], size) };
}

/** A report of hospital `hospitalId` from a spec; `newId` numbers one sent without an id. */
export function reportFromSpec(
  body: unknown,
  hospitalId: string,
  nowMs: number,
  newId: () => string,
): SimReport {
  if (!isObject(body)) return fail('body', 'must be a JSON object');
  const masterId = text(body, 'masterId', '', true);
  if (!MASTER_ID.test(masterId)) return fail('masterId', 'must be EMPI followed by 20 upper-case hex digits');
  const category = body.category;
  if (category !== 'lab' && category !== 'imaging') return fail('category', 'must be lab or imaging');
  const id = text(body, 'id', '') ?? newId();
  if (!REPORT_ID.test(id)) return fail('id', 'must be 1–64 of [A-Za-z0-9.-]');
  if (parseSeededReportId(id)) return fail('id', 'has the shape of a seeded report id; choose another');
  const status = body.status ?? 'final';
  if (status !== 'final' && status !== 'amended' && status !== 'preliminary')
    return fail('status', 'must be final, amended or preliminary');
  const rawResults = body.results ?? [];
  if (!Array.isArray(rawResults)) return fail('results', 'must be an array');
  const issued = time(body, 'issued', nowMs);
  const optional = defined({
    loinc: text(body, 'loinc', ''),
    specimen: text(body, 'specimen', ''),
    modality: text(body, 'modality', ''),
    bodySite: text(body, 'bodySite', ''),
    findings: text(body, 'findings', ''),
    conclusion: text(body, 'conclusion', ''),
    attachment: attachment(body.attachment, id),
  });
  return {
    id,
    hospitalId,
    masterId,
    category,
    code: text(body, 'code', '') ?? (category === 'lab' ? 'LAB' : 'EXAM'),
    title: text(body, 'title', '', true),
    status,
    effective: time(body, 'effective', Date.parse(issued) - 2 * 3_600_000),
    issued,
    deptName: text(body, 'deptName', '') ?? '内科门诊',
    doctorName: text(body, 'doctorName', '') ?? '',
    reviewer: text(body, 'reviewer', '') ?? '',
    results: rawResults.map(result),
    ...optional,
    source: 'admin',
  };
}
