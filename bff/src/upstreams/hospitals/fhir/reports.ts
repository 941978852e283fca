import type { AxiosInstance } from 'axios';
import { ReportStatus, toBeijingIso, type ReportDetail, type ReportItem } from '@jiankang/shared';
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
import { SkipCounter, sampleName, zodReason } from '../common/skipped';
import { parseInstant } from '../common/time';
import {
  DEFAULT_MAX_ATTACHMENT_BYTES,
  DEFAULT_REPORT_BODY_BYTES,
  MAX_ITEMS_PER_REPORT,
  abnormalCount,
  attachmentOf,
  itemProblems,
  reportId,
  reportUpstream,
  summaryOf,
  type ReportList,
  type ReportQuery,
  type ReportSource,
  type ReportSourceConfig,
} from '../common/report-source';
import { observationItem } from './observation-item';
import type { Demographics } from './reference-range-choice';
import {
  Bundle,
  DiagnosticReport,
  Observation,
  Patient,
  SOURCE_ID,
  codeIn,
  conceptText,
  type Attachment,
} from './report-resources';
import { reportTypeOf } from './report-type';

const FHIR_JSON = /^application\/(fhir\+)?json\b/i;
const EMPI_SYSTEM = 'urn:jiankang:empi';
const LOINC = 'http://loinc.org';
const FINDINGS_LOINC = '18782-3';
const DEFAULT_PAGE_SIZE = 50;
/** Observations asked for by `_id` in one search when a report only references them. */
const OBSERVATION_BATCH = 50;
const DEFAULT_MAX_PAGES = 20;
/** Withdrawn by the hospital (R4 DiagnosticReport/Observation.status): counted, never shown. */
const WITHDRAWN = new Set(['cancelled', 'entered-in-error']);
/** Resources a report search may carry besides reports and results, none of them a record of ours. */
const NOT_RECORDS = new Set(['OperationOutcome', 'Patient', 'Specimen', 'Practitioner', 'Organization']);

/** The hospital's Patients for our person: `Patient/id` → sex and birth date, for reference ranges. */
type Patients = Map<string, Demographics>;

/** `Observation/x` from a relative or absolute reference (`https://…/fhir/Observation/x`). */
const observationKey = (reference: string) => reference.replace(/^.*\/(Observation\/[^/]+)$/, '$1');
const patientKey = (reference: string | undefined) => reference?.replace(/^.*\/(Patient\/[^/]+)$/, '$1');
const typeOf = (raw: unknown) => (raw as { resourceType?: unknown } | null)?.resourceType;

/** Observations read in one request, and those that could not be, by key, with their reason. */
interface Results {
  found: Map<string, Observation>;
  unreadable: Map<string, string>;
}
const noResults = (): Results => ({ found: new Map(), unreadable: new Map() });

function demographicsOf(p: { gender?: string; birthDate?: string }): Demographics {
  return {
    ...((p.gender === 'male' || p.gender === 'female') && { sex: p.gender }),
    ...(p.birthDate && { birthDate: p.birthDate }),
  };
}

/** 检查所见 from the narrative `<p><b>检查所见：</b>…</p>`, where a hospital puts it there. */
function narrativeFindings(div: string | undefined): string | undefined {
  const m = div && /<b>检查所见：<\/b>([^<]*)<\/p>/.exec(div);
  if (!m?.[1]) return undefined;
  const entities: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
  return m[1].replace(/&(lt|gt|amp|quot|apos);/g, (_, e: string) => entities[e] ?? '');
}

/**
 * A FHIR R4 hospital as real servers answer: the person's Patient found by `Patient?identifier=`,
 * reports by `DiagnosticReport?subject=` with `_include`d results, referenced results read in
 * `_id` batches. Every report or result it cannot read, or that is about someone else, is counted.
 */
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

  async list(masterId: string, q: ReportQuery, signal?: AbortSignal): Promise<ReportList> {
    const skipped = new SkipCounter();
    let withdrawn = 0;
    const patients = await this.patientsOf(masterId, signal);
    if (patients?.size === 0) return { reports: [], skipped: skipped.result(), withdrawn };
    const common = new URLSearchParams({
      _include: 'DiagnosticReport:result',
      _count: String(this.config.pageSize ?? DEFAULT_PAGE_SIZE),
    });
    if (q.from) common.append('date', `ge${q.from}`);
    if (q.to) common.append('date', `le${q.to}`);
    // No category: the sections are many (HM, CH, MB …) and we file them ourselves (report-type.ts).
    const searches = (patients ? [...patients.keys()] : [null]).map((ref) => {
      const params = new URLSearchParams(common);
      if (ref) params.set('subject', ref);
      else params.set('patient.identifier', `${EMPI_SYSTEM}|${masterId}`);
      return this.search(`${this.base}/DiagnosticReport?${params}`, signal);
    });
    const resources = (await Promise.all(searches)).flat();
    const results = noResults();
    const reports = new Map<string, DiagnosticReport>();
    for (const raw of resources) {
      const type = typeOf(raw);
      if (type === 'Observation') this.keepObservation(raw, results);
      else if (type === 'DiagnosticReport') {
        const report = DiagnosticReport.safeParse(raw);
        if (report.success) reports.set(report.data.id, report.data);
        else skipped.add(`${sampleName('DiagnosticReport', raw)}: ${zodReason(report.error)}`);
      } else if (typeof type !== 'string' || !NOT_RECORDS.has(type))
        skipped.add(`${sampleName(String(type ?? 'entry'), raw)}: not a report or a result`);
    }
    const mine: DiagnosticReport[] = [];
    for (const report of reports.values()) {
      if (!this.owns(report, masterId, patients))
        skipped.add(`DiagnosticReport/${report.id}: subject is not the patient asked for`);
      else if (WITHDRAWN.has(report.status ?? '')) withdrawn += 1;
      else mine.push(report);
    }
    await this.readReferenced(mine, results, signal);
    const out: ReportList['reports'] = [];
    for (const report of mine) {
      const read = this.detailOf(report, results, this.whoOf(report, patients));
      for (const reason of read.unread) skipped.add(reason);
      withdrawn += read.withdrawn;
      if (!read.detail) continue;
      if (!q.type || read.detail.type === q.type) out.push(summaryOf(read.detail));
    }
    out.sort((a, b) => Date.parse(b.issuedAt) - Date.parse(a.issuedAt) || a.id.localeCompare(b.id));
    return { reports: out, skipped: skipped.result(), withdrawn };
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
    const patients = await this.patientsOf(masterId, signal);
    if (!this.owns(report.data, masterId, patients) || WITHDRAWN.has(report.data.status ?? '')) return null;
    const results = noResults();
    await this.readReferenced([report.data], results, signal);
    const read = this.detailOf(report.data, results, this.whoOf(report.data, patients));
    if (!read.detail)
      throw new UpstreamError(this.upstream, 'malformed', read.unread[0] ?? 'unreadable', false);
    return read.detail;
  }

  /**
   * The hospital's Patients for our person (`Patient?identifier=` on the EMPI number), or null when
   * the server has no Patient search (then the chained search is used).
   */
  private async patientsOf(masterId: string, signal?: AbortSignal): Promise<Patients | null> {
    const params = new URLSearchParams({ identifier: `${EMPI_SYSTEM}|${masterId}` });
    let found: unknown[];
    try {
      found = await this.search(`${this.base}/Patient?${params}`, signal);
    } catch (err) {
      if (err instanceof UpstreamError && (err.status === 400 || err.status === 404)) return null;
      throw err;
    }
    const out: Patients = new Map();
    for (const r of found) {
      const p = Patient.safeParse(r);
      if (p.success && p.data.identifier.some((i) => i.system === EMPI_SYSTEM && i.value === masterId))
        out.set(`Patient/${p.data.id}`, demographicsOf(p.data));
    }
    return out;
  }

  private whoOf(r: DiagnosticReport, patients: Patients | null): Demographics {
    return patients?.get(patientKey(r.subject?.reference) ?? '') ?? {};
  }

  /**
   * Whether a report is about our person: its subject is one of the hospital's Patients found for
   * them, or carries our EMPI number. Anything else never reaches a resident (ids are guessable,
   * and a server that answers for the wrong person is a security event).
   */
  private owns(r: DiagnosticReport, masterId: string, patients: Patients | null): boolean {
    const subject = r.subject;
    const ref = patientKey(subject?.reference);
    const owned =
      (subject?.identifier?.system === EMPI_SYSTEM && subject.identifier.value === masterId) ||
      (ref !== undefined && (patients?.has(ref) ?? false));
    if (!owned) this.config.onSecurityEvent?.({ event: 'report_subject_mismatch', reportId: r.id });
    return owned;
  }

  private keepObservation(raw: unknown, results: Results, key?: string): void {
    const o = Observation.safeParse(raw);
    if (o.success) results.found.set(key ?? `Observation/${o.data.id}`, o.data);
    else {
      results.unreadable.set(key ?? sampleName('Observation', raw), zodReason(o.error));
    }
  }

  /** Observations the reports only reference, fetched by `_id` in batches (not one read each). */
  private async readReferenced(reports: DiagnosticReport[], results: Results, signal?: AbortSignal) {
    const wanted = new Set<string>();
    for (const r of reports)
      for (const ref of r.result.slice(0, MAX_ITEMS_PER_REPORT)) {
        const key = observationKey(ref.reference);
        if (key.startsWith('Observation/') && !results.found.has(key) && !results.unreadable.has(key))
          wanted.add(key.slice(12));
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
      for (const f of found) if (typeOf(f) === 'Observation') this.keepObservation(f, results);
    }
  }

  /**
   * Each result of a report: contained (`#id`), `_include`d or read. Returns the readable ones, the
   * reasons of those that could not be read (or were about another patient) and the withdrawn count.
   */
  private resultsOf(r: DiagnosticReport, results: Results) {
    const contained = noResults();
    for (const c of r.contained)
      if (typeOf(c) === 'Observation') {
        const id = (c as { id?: unknown }).id;
        this.keepObservation(c, contained, typeof id === 'string' ? `#${id}` : undefined);
      }
    const subject = patientKey(r.subject?.reference);
    const read: Observation[] = [];
    const unread: string[] = [];
    let withdrawn = 0;
    for (const { reference } of r.result.slice(0, MAX_ITEMS_PER_REPORT)) {
      const key = reference.startsWith('#') ? reference : observationKey(reference);
      const where = reference.startsWith('#') ? contained : results;
      const o = where.found.get(key);
      const name = reference.startsWith('#') ? `DiagnosticReport/${r.id}/Observation/${key}` : key;
      if (!o) unread.push(`${name}: ${where.unreadable.get(key) ?? 'referenced but not found'}`);
      else if (WITHDRAWN.has(o.status ?? '')) withdrawn += 1;
      else if (o.subject?.reference && subject && patientKey(o.subject.reference) !== subject) {
        this.config.onSecurityEvent?.({ event: 'report_subject_mismatch', reportId: r.id });
        unread.push(`${name}: subject is not the report's patient`);
      } else read.push(o);
    }
    return { read, unread, withdrawn };
  }

  /** Our report from a DiagnosticReport; `detail` absent when the report itself cannot be shown. */
  private detailOf(r: DiagnosticReport, results: Results, who: Demographics) {
    const { read, unread, withdrawn } = this.resultsOf(r, results);
    const effective = parseInstant(
      r.effectiveDateTime ?? r.effectivePeriod?.start ?? r.effectivePeriod?.end ?? '',
    );
    const issued = parseInstant(r.issued ?? '') ?? effective;
    if (!issued) return { unread: [`DiagnosticReport/${r.id}: no issued or effective date`], withdrawn };
    const type = reportTypeOf(r);
    const problems: string[] = [];
    if (unread.length > 0) problems.push(`${unread.length} result(s) could not be read`);
    const findingsObs = read.find((o) => codeIn(o.code, LOINC) === FINDINGS_LOINC);
    const items: ReportItem[] =
      type === 'lab'
        ? read.filter((o) => o !== findingsObs).map((o) => observationItem(o, who, effective ?? issued))
        : [];
    problems.push(...itemProblems(items));
    const findings = findingsObs?.valueString ?? narrativeFindings(r.text?.div);
    // Our optional enrichment; R4 has no field for the ordering department.
    const department = r.extension.find((e) => e.url.endsWith('/report-department'))?.valueString;
    const performer = r.performer
      .map((p) => p.display)
      .filter(Boolean)
      .join('、');
    const conclusionCodes = r.conclusionCode.map(conceptText).filter((t): t is string => !!t);
    const status = ReportStatus.safeParse(r.status);
    const attachment = this.attachment(r.presentedForm.find((f) => f.data || f.url));
    if (attachment?.problem) problems.push(attachment.problem);
    const detail: ReportDetail = {
      id: reportId(this.hospitalId, r.id),
      hospitalId: this.hospitalId,
      type,
      title: conceptText(r.code) ?? (type === 'lab' ? '检验报告' : '检查报告'),
      issuedAt: toBeijingIso(issued),
      ...(department && { department }),
      ...(r.status !== undefined && { status: status.success ? status.data : 'unknown' }),
      abnormalCount: abnormalCount(items),
      problems,
      items,
      ...(findings && { findings }),
      ...(r.conclusion && { conclusion: r.conclusion }),
      ...(conclusionCodes.length > 0 && { conclusionCodes }),
      ...(performer && { performer }),
      ...(effective && { effectiveAt: toBeijingIso(effective) }),
      ...(attachment && { attachment }),
    };
    return { detail, unread, withdrawn };
  }

  /** Sized from `size` or the inline data; a URL is not fetched here, only checked to stay on the server. */
  private attachment(form: Attachment | undefined) {
    if (!form) return undefined;
    const size = form.size ?? (form.data ? Buffer.byteLength(form.data, 'base64') : undefined);
    const info = attachmentOf(form.contentType, size, this.cap);
    if (form.url && !form.data) {
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
