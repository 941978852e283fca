import type { AxiosInstance } from 'axios';
import { z } from 'zod';
import { toBeijingIso, type ReportDetail, type ReportItem, type ReportSummary } from '@jiankang/shared';
import { UpstreamError } from '../../../lib/upstream-error';
import {
  createFeedHttp,
  expectContentType,
  parseJsonBody,
  sameOriginUrl,
  sendRaw,
  statusError,
  type FeedResponse,
} from '../common/http';
import { zodReason } from '../common/skipped';
import { parseInstant } from '../common/time';
import {
  DEFAULT_MAX_ATTACHMENT_BYTES,
  DEFAULT_REPORT_BODY_BYTES,
  MAX_ITEMS_PER_REPORT,
  abnormalCount,
  attachmentOf,
  itemProblems,
  labItem,
  reportId,
  reportUpstream,
  summaryOf,
  type ReportQuery,
  type ReportSource,
  type ReportSourceConfig,
} from '../common/report-source';

const FHIR_JSON = /^application\/(fhir\+)?json\b/i;
const EMPI_SYSTEM = 'urn:jiankang:empi';
const LOINC = 'http://loinc.org';
const SECTION = 'http://terminology.hl7.org/CodeSystem/v2-0074';
const LAB_ITEM = /^urn:jiankang:hospital-lab-item:/;
const FINDINGS_LOINC = '18782-3';
const SOURCE_ID = /^[A-Za-z0-9.-]{1,64}$/;
const DEFAULT_PAGE_SIZE = 50;
/** Observations asked for by `_id` in one search when a report only references them. */
const OBSERVATION_BATCH = 50;
/**
 * v2-0074 diagnostic service sections filed as 检查 (imaging and other exams); every other section
 * (LAB, HM, CH, MB, SR, BG …) is a 检验 report.
 */
const EXAM_SECTIONS = new Set([
  'RAD',
  'CT',
  'CUS',
  'NMR',
  'NMS',
  'OUS',
  'RUS',
  'VUS',
  'XRC',
  'EC',
  'CG',
  'CTH',
]);
const DEFAULT_MAX_PAGES = 20;

// Only the fields we read; everything is optional so one odd field costs a note, not the report.
const Coding = z.object({
  system: z.string().optional(),
  code: z.string().optional(),
  display: z.string().optional(),
});
const Concept = z.object({ coding: z.array(Coding).default([]), text: z.string().optional() });
const Quantity = z.object({
  value: z.number().optional(),
  unit: z.string().optional(),
  code: z.string().optional(),
});
const Observation = z.object({
  resourceType: z.literal('Observation'),
  id: z.string(),
  code: Concept.optional(),
  valueQuantity: Quantity.optional(),
  valueString: z.string().optional(),
  dataAbsentReason: Concept.optional(),
  interpretation: z.array(Concept).default([]),
  referenceRange: z
    .array(z.object({ low: Quantity.optional(), high: Quantity.optional(), text: z.string().optional() }))
    .default([]),
});
type Observation = z.infer<typeof Observation>;
const DiagnosticReport = z.object({
  resourceType: z.literal('DiagnosticReport'),
  id: z.string().regex(SOURCE_ID),
  extension: z.array(z.object({ url: z.string(), valueString: z.string().optional() })).default([]),
  category: z.array(Concept).default([]),
  code: Concept.optional(),
  subject: z
    .object({
      reference: z.string().optional(),
      identifier: z.object({ system: z.string().optional(), value: z.string().optional() }).optional(),
    })
    .optional(),
  contained: z.array(z.unknown()).default([]),
  effectiveDateTime: z.string().optional(),
  issued: z.string().optional(),
  text: z.object({ div: z.string() }).optional(),
  result: z.array(z.object({ reference: z.string() })).default([]),
  conclusion: z.string().optional(),
  presentedForm: z
    .array(
      z.object({
        contentType: z.string().optional(),
        size: z.number().int().min(0).optional(),
        data: z.string().optional(),
        url: z.string().optional(),
      }),
    )
    .default([]),
});
type DiagnosticReport = z.infer<typeof DiagnosticReport>;
const Patient = z.object({
  resourceType: z.literal('Patient'),
  id: z.string().regex(SOURCE_ID),
  identifier: z.array(z.object({ system: z.string().optional(), value: z.string().optional() })).default([]),
});
const Bundle = z.object({
  resourceType: z.literal('Bundle'),
  link: z.array(z.object({ relation: z.string(), url: z.string() })).default([]),
  entry: z.array(z.object({ resource: z.unknown() })).default([]),
});

/** `Observation/x` from a relative or absolute reference (`https://…/fhir/Observation/x`). */
const observationKey = (reference: string) => reference.replace(/^.*\/(Observation\/[^/]+)$/, '$1');

const codeIn = (c: z.infer<typeof Concept> | undefined, system: string | RegExp) =>
  c?.coding.find((x) => (typeof system === 'string' ? x.system === system : system.test(x.system ?? '')))
    ?.code;

/** Observation → our item: value, unit, range and flag as the hospital wrote them. */
function observationItem(o: Observation): ReportItem {
  const q = o.valueQuantity;
  const range = o.referenceRange[0];
  const interpretation = o.interpretation[0];
  const absent = o.dataAbsentReason;
  return labItem({
    code: codeIn(o.code, LAB_ITEM),
    loinc: codeIn(o.code, LOINC),
    name: o.code?.text ?? o.code?.coding.find((c) => c.display)?.display ?? o.id,
    value: q?.value !== undefined ? String(q.value) : o.valueString,
    absentReason: absent ? (absent.coding[0]?.code ?? absent.text ?? 'absent') : undefined,
    unit: q?.unit ?? q?.code,
    rangeText: range?.text,
    low: range?.low?.value,
    high: range?.high?.value,
    hospitalFlag: interpretation?.coding[0]?.code ?? interpretation?.text,
  });
}

/** 检查所见 from the narrative `<p><b>检查所见：</b>…</p>`, where a hospital puts it there. */
function narrativeFindings(div: string | undefined): string | undefined {
  const m = div && /<b>检查所见：<\/b>([^<]*)<\/p>/.exec(div);
  if (!m?.[1]) return undefined;
  const entities: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
  return m[1].replace(/&(lt|gt|amp|quot|apos);/g, (_, e: string) => entities[e] ?? '');
}

/** A FHIR R4 hospital: DiagnosticReport search with `_include`d results, read by id. */
export class FhirReportSource implements ReportSource {
  readonly hospitalId: string;
  private readonly http: AxiosInstance;
  private readonly upstream: string;
  private readonly base: string;
  private readonly cap: number;

  constructor(private readonly config: ReportSourceConfig) {
    this.hospitalId = config.id;
    this.upstream = reportUpstream(config.id);
    this.base = config.baseUrl.replace(/\/+$/, '');
    this.cap = config.maxAttachmentBytes ?? DEFAULT_MAX_ATTACHMENT_BYTES;
    this.http = createFeedHttp({ ...config, maxBodyBytes: config.maxBodyBytes ?? DEFAULT_REPORT_BODY_BYTES });
  }

  async list(masterId: string, q: ReportQuery, signal?: AbortSignal): Promise<ReportSummary[]> {
    const patients = await this.patientsOf(masterId, signal);
    if (patients?.length === 0) return [];
    const common = new URLSearchParams({
      _include: 'DiagnosticReport:result',
      _count: String(this.config.pageSize ?? DEFAULT_PAGE_SIZE),
    });
    if (q.from) common.append('date', `ge${q.from}`);
    if (q.to) common.append('date', `le${q.to}`);
    // The hospital's own Patient when it can be found; else the chained search on our EMPI number.
    const searches = (patients ?? [null]).map((ref) => {
      const params = new URLSearchParams(common);
      if (ref) params.set('subject', ref);
      else params.set('patient.identifier', `${EMPI_SYSTEM}|${masterId}`);
      return this.search(`${this.base}/DiagnosticReport?${params}`, signal);
    });
    const resources = (await Promise.all(searches)).flat();
    const observations = new Map<string, Observation>();
    for (const r of resources) {
      const o = Observation.safeParse(r);
      if (o.success) observations.set(`Observation/${o.data.id}`, o.data);
    }
    const reports: DiagnosticReport[] = [];
    for (const r of resources) {
      const report = DiagnosticReport.safeParse(r);
      if (report.success && this.owns(report.data, masterId, patients)) reports.push(report.data);
    }
    await this.readReferenced(reports, observations, signal);
    const out: ReportSummary[] = [];
    const seen = new Set<string>();
    for (const report of reports) {
      if (seen.has(report.id)) continue;
      seen.add(report.id);
      const detail = this.detailOf(report, this.resultsOf(report, observations));
      if (detail && (!q.type || detail.type === q.type)) out.push(summaryOf(detail));
    }
    return out;
  }

  async get(masterId: string, sourceId: string, signal?: AbortSignal): Promise<ReportDetail | null> {
    if (!SOURCE_ID.test(sourceId)) return null;
    const raw = await this.read(`DiagnosticReport/${sourceId}`, signal);
    if (raw === null) return null;
    const report = DiagnosticReport.safeParse(raw);
    if (!report.success)
      throw new UpstreamError(
        this.upstream,
        'malformed',
        `DiagnosticReport: ${zodReason(report.error)}`,
        false,
      );
    const byIdentifier = report.data.subject?.identifier;
    const patients =
      byIdentifier?.system === EMPI_SYSTEM && byIdentifier.value === masterId
        ? null
        : await this.patientsOf(masterId, signal);
    if (!this.owns(report.data, masterId, patients)) return null;
    const observations = new Map<string, Observation>();
    await this.readReferenced([report.data], observations, signal);
    return this.detailOf(report.data, this.resultsOf(report.data, observations));
  }

  /**
   * The hospital's Patient references for our person (`Patient?identifier=` on the EMPI number),
   * or null when the server has no Patient search (then the chained search is used).
   */
  private async patientsOf(masterId: string, signal?: AbortSignal): Promise<string[] | null> {
    const params = new URLSearchParams({ identifier: `${EMPI_SYSTEM}|${masterId}` });
    let found: unknown[];
    try {
      found = await this.search(`${this.base}/Patient?${params}`, signal);
    } catch (err) {
      if (err instanceof UpstreamError && (err.status === 400 || err.status === 404)) return null;
      throw err;
    }
    const refs: string[] = [];
    for (const r of found) {
      const p = Patient.safeParse(r);
      if (p.success && p.data.identifier.some((i) => i.system === EMPI_SYSTEM && i.value === masterId))
        refs.push(`Patient/${p.data.id}`);
    }
    return refs;
  }

  /**
   * Whether a report is about our person: its subject is one of the hospital's Patients found for
   * them, or carries our EMPI number. Anything else never reaches a resident (ids are guessable,
   * and a server that answers for the wrong person is a security event).
   */
  private owns(r: DiagnosticReport, masterId: string, patients: string[] | null): boolean {
    const subject = r.subject;
    const ref = subject?.reference?.replace(/^.*\/(Patient\/[^/]+)$/, '$1');
    const owned =
      (subject?.identifier?.system === EMPI_SYSTEM && subject.identifier.value === masterId) ||
      (ref !== undefined && (patients ?? []).includes(ref));
    if (!owned) this.config.onSecurityEvent?.({ event: 'report_subject_mismatch', reportId: r.id });
    return owned;
  }

  /** Each result: contained (`#id`), `_include`d or read; undefined where none could be read. */
  private resultsOf(r: DiagnosticReport, observations: Map<string, Observation>) {
    const contained = new Map<string, Observation>();
    for (const c of r.contained) {
      const o = Observation.safeParse(c);
      if (o.success) contained.set(`#${o.data.id}`, o.data);
    }
    return r.result
      .slice(0, MAX_ITEMS_PER_REPORT)
      .map((ref) => contained.get(ref.reference) ?? observations.get(observationKey(ref.reference)));
  }

  /** Observations the reports only reference, fetched by `_id` in batches (not one read each). */
  private async readReferenced(
    reports: DiagnosticReport[],
    observations: Map<string, Observation>,
    signal?: AbortSignal,
  ): Promise<void> {
    const wanted = new Set<string>();
    for (const r of reports)
      for (const ref of r.result.slice(0, MAX_ITEMS_PER_REPORT)) {
        const key = observationKey(ref.reference);
        if (key.startsWith('Observation/') && !observations.has(key)) wanted.add(key.slice(12));
      }
    const ids = [...wanted].filter((id) => SOURCE_ID.test(id));
    for (let i = 0; i < ids.length; i += OBSERVATION_BATCH) {
      const batch = ids.slice(i, i + OBSERVATION_BATCH);
      const params = new URLSearchParams({ _id: batch.join(','), _count: String(batch.length) });
      let found: unknown[];
      try {
        found = await this.search(`${this.base}/Observation?${params}`, signal);
      } catch (err) {
        if (!(err instanceof UpstreamError && (err.status === 400 || err.status === 404))) throw err;
        // A server without `_id` search: read each one.
        found = await Promise.all(batch.map((id) => this.read(`Observation/${id}`, signal)));
      }
      for (const f of found) {
        const o = Observation.safeParse(f);
        if (o.success) observations.set(`Observation/${o.data.id}`, o.data);
      }
    }
  }

  /** Our report from a DiagnosticReport and its results (undefined where one could not be read). */
  private detailOf(r: DiagnosticReport, results: (Observation | undefined)[]): ReportDetail | null {
    const issued = parseInstant(r.issued ?? '') ?? parseInstant(r.effectiveDateTime ?? '');
    if (!issued) return null;
    const sections = r.category.flatMap((c) => c.coding.filter((x) => x.system === SECTION));
    const type = sections.some((x) => EXAM_SECTIONS.has(x.code ?? '')) ? 'imaging' : 'lab';
    const problems: string[] = [];
    const missing = results.filter((o) => o === undefined).length;
    if (missing > 0) problems.push(`${missing} result(s) could not be read`);
    const findingsObs = results.find((o) => codeIn(o?.code, LOINC) === FINDINGS_LOINC);
    const items = type === 'lab' ? results.filter((o) => o !== undefined).map(observationItem) : [];
    problems.push(...itemProblems(items));
    const findings = findingsObs?.valueString ?? narrativeFindings(r.text?.div);
    const department = r.extension.find((e) => e.url.endsWith('/report-department'))?.valueString;
    const attachment = this.attachment(r.presentedForm[0]);
    if (attachment?.problem) problems.push(attachment.problem);
    return {
      id: reportId(this.hospitalId, r.id),
      hospitalId: this.hospitalId,
      type,
      title:
        r.code?.text ??
        r.code?.coding.find((c) => c.display)?.display ??
        (type === 'lab' ? '检验报告' : '检查报告'),
      issuedAt: toBeijingIso(issued),
      ...(department && { department }),
      abnormalCount: abnormalCount(items),
      problems,
      items,
      ...(findings && { findings }),
      ...(r.conclusion && { conclusion: r.conclusion }),
      ...(attachment && { attachment }),
    };
  }

  /** Sized from `size` or the inline data; a URL is not fetched here, only checked to stay on the server. */
  private attachment(form: DiagnosticReport['presentedForm'][number] | undefined) {
    if (!form || (!form.data && !form.url)) return undefined;
    const size = form.size ?? (form.data ? Buffer.byteLength(form.data, 'base64') : undefined);
    const info = attachmentOf(form.contentType, size, this.cap);
    if (info.available && form.url) {
      try {
        sameOriginUrl(this.upstream, this.base, form.url);
      } catch {
        return { ...info, available: false, problem: 'attachment link leaves the hospital server' };
      }
    }
    return info;
  }

  /** Every entry of a search, following `next` on the server's own origin, at most maxPages pages. */
  private async search(url: string, signal?: AbortSignal): Promise<unknown[]> {
    const maxPages = this.config.maxPages ?? DEFAULT_MAX_PAGES;
    const out: unknown[] = [];
    for (let next: string | undefined = url, pages = 0; next; pages += 1) {
      if (pages >= maxPages)
        throw new UpstreamError(this.upstream, 'malformed', `search has more than ${maxPages} pages`, false);
      const res = await this.send(sameOriginUrl(this.upstream, this.base, next), signal);
      if (res.status !== 200) throw statusError(this.upstream, res);
      const bundle = Bundle.safeParse(this.json(res));
      if (!bundle.success)
        throw new UpstreamError(
          this.upstream,
          'malformed',
          `not a Bundle (${zodReason(bundle.error)})`,
          false,
        );
      out.push(...bundle.data.entry.map((e) => e.resource));
      next = bundle.data.link.find((l) => l.relation === 'next')?.url;
    }
    return out;
  }

  /** One resource by `Type/id`; null on 404. */
  private async read(path: string, signal?: AbortSignal): Promise<unknown> {
    const res = await this.send(`${this.base}/${path}`, signal);
    if (res.status === 404) return null;
    if (res.status !== 200) throw statusError(this.upstream, res);
    return this.json(res);
  }

  private send(url: string, signal?: AbortSignal): Promise<FeedResponse> {
    return sendRaw(this.http, this.upstream, {
      method: 'GET',
      url,
      headers: { Accept: 'application/fhir+json' },
      signal,
    });
  }

  private json(res: FeedResponse): unknown {
    expectContentType(this.upstream, res, FHIR_JSON);
    return parseJsonBody(this.upstream, res);
  }
}
