import type { Context, Middleware } from 'koa';
import type { ReportBook } from '../../reports/report-book';
import { MASTER_ID } from '../../reports/seed';
import type { SimReport } from '../../reports/types';
import { isoBeijing } from '../beijing-time';
import { originOf, sendCached } from '../http-cache';
import { EMPI_SYSTEM } from './appointments';
import { diagnosticReport, observationsOf, patientResource, reportCategory, reportCode } from './reports';
import { operationOutcome } from './resources';
import { FHIR_BASE, FHIR_JSON } from './routes';
import {
  dateFilter,
  encodePageToken,
  PAGE_PARAM,
  readCount,
  readPageToken,
  SearchError,
  tokenFilter,
} from './search';

const TYPES = new Set(['DiagnosticReport', 'Observation', 'Binary', 'Patient']);
/** Search by the hospital's Patient: `subject=Patient/<id>` or `patient=<id>`. */
const PATIENT_REFERENCE_PARAMS = ['subject', 'patient'];
/** The chained patient search, spelt the ways clients send it (R4 chain, R5 modifier, subject). */
const PATIENT_PARAMS = [
  'patient.identifier',
  'subject.identifier',
  'patient:identifier',
  'subject:identifier',
];
const INCLUDE_RESULTS = new Set(['DiagnosticReport:result', 'DiagnosticReport:result:Observation']);

interface Resource {
  resourceType: string;
  id: string;
}
type Coded = { coding: { system: string; code: string }[] };
const codings = (concepts: Coded[]) => concepts.flatMap((c) => c.coding);

function outcome(ctx: Context, status: number, code: string, message: string): void {
  ctx.status = status;
  ctx.set('Content-Type', FHIR_JSON);
  ctx.body = JSON.stringify(operationOutcome(code, message));
}

/**
 * The person a report search is about. A hospital refuses a report search without a patient
 * (a clinical system has no "everyone's reports" query); a foreign identifier system finds nobody.
 */
function patientOf(params: URLSearchParams): string | undefined {
  const byReference = PATIENT_REFERENCE_PARAMS.find((p) => params.has(p));
  if (byReference) {
    const id = (params.get(byReference) ?? '').replace(/^Patient\//, '');
    const m = /^pt-(empi[0-9a-f]{20})$/.exec(id);
    return m?.[1] ? m[1].toUpperCase() : undefined;
  }
  const name = PATIENT_PARAMS.find((p) => params.has(p));
  if (!name)
    throw new SearchError(
      `a patient is required: subject=Patient/<id> or patient.identifier=${EMPI_SYSTEM}|<EMPI master id>`,
    );
  const token = params.get(name) ?? '';
  const bar = token.indexOf('|');
  if (bar >= 0 && token.slice(0, bar) !== EMPI_SYSTEM) return undefined;
  const masterId = bar < 0 ? token : token.slice(bar + 1);
  return MASTER_ID.test(masterId) ? masterId : undefined;
}

/** The person's reports whose `effectiveDateTime` matches `date`, newest first. */
function personReports(reports: ReportBook, params: URLSearchParams): SimReport[] {
  const masterId = patientOf(params);
  const date = dateFilter(params, 'date');
  return (masterId ? reports.forPerson(masterId) : []).filter((r) => !date || date(Date.parse(r.effective)));
}

/** Observations by `_id` (ids are `${reportId}-${n}` or `${reportId}-F`), as reports of them. */
function observationsById(reports: ReportBook, ids: string[]): SimReport[] {
  const out = new Map<string, SimReport>();
  for (const id of ids) {
    const cut = id.lastIndexOf('-');
    const report = cut > 0 ? reports.get(id.slice(0, cut)) : undefined;
    if (report) out.set(report.id, report);
  }
  return [...out.values()];
}

/**
 * A searchset page of `matches` with self/next links, paged like the slot search (opaque
 * `_page_token`); only the page is rendered. `include` adds `_include`d resources of the page.
 */
function searchset<T>(
  ctx: Context,
  nowMs: number,
  params: URLSearchParams,
  matches: T[],
  render: (t: T) => Resource,
  include?: (t: T) => Resource[],
) {
  const count = readCount(params);
  const offset = readPageToken(params);
  const page = matches.slice(offset, offset + count);
  const base = `${originOf(ctx)}${ctx.path}`;
  const link = [{ relation: 'self', url: `${base}${ctx.querystring ? `?${ctx.querystring}` : ''}` }];
  if (offset + count < matches.length) {
    const next = new URLSearchParams(params);
    next.set(PAGE_PARAM, encodePageToken(offset + count));
    link.push({ relation: 'next', url: `${base}?${next.toString()}` });
  }
  const entry = (resource: Resource, mode: 'match' | 'include') => ({
    fullUrl: `${originOf(ctx)}${FHIR_BASE}/${resource.resourceType}/${resource.id}`,
    resource,
    search: { mode },
  });
  return {
    resourceType: 'Bundle',
    meta: { lastUpdated: isoBeijing(nowMs, true) },
    type: 'searchset',
    total: matches.length,
    link,
    entry: [
      ...page.map((t) => entry(render(t), 'match')),
      ...(include ? page.flatMap(include).map((r) => entry(r, 'include')) : []),
    ],
  };
}

/**
 * FHIR R4 DiagnosticReport and Observation (read; search by patient), and Binary for the report
 * PDFs of a hospital that serves them by URL. Mounted after the fault middleware, so the feed's
 * knobs (hang, 500, malformed …) apply to these routes as to the slot routes.
 */
export function fhirReportRoutes(
  reports: ReportBook,
  opts: { enrichments?: boolean; foreignReport?: () => boolean } = {},
): Middleware {
  const profile = reports.profile;
  const enrichments = opts.enrichments ?? false;
  const foreign = opts.foreignReport ?? (() => false);
  return async (ctx, next) => {
    if (!ctx.path.startsWith(`${FHIR_BASE}/`)) return next();
    const [type = '', id, ...extra] = ctx.path.slice(FHIR_BASE.length + 1).split('/');
    if (!TYPES.has(type)) return next();
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD')
      return outcome(ctx, 405, 'not-supported', `${ctx.method} is not supported; ${type} is read-only`);
    if (extra.length > 0) return outcome(ctx, 404, 'not-found', `no route for ${ctx.path}`);
    const params = new URLSearchParams(ctx.querystring);
    const render = (r: SimReport) =>
      diagnosticReport(r, profile, `${originOf(ctx)}${FHIR_BASE}`, enrichments);
    const send = (resource: unknown) => sendCached(ctx, JSON.stringify(resource), FHIR_JSON);
    try {
      if (type === 'Binary') {
        const file = id ? reports.get(id)?.attachment : undefined;
        if (!file) return outcome(ctx, 404, 'not-found', `Binary/${id ?? ''} is not known`);
        // A FHIR Binary read answers the file itself, or the Binary resource when FHIR JSON is asked for.
        if (/fhir\+json|application\/json/.test(ctx.get('Accept')))
          return send({
            resourceType: 'Binary',
            id,
            contentType: file.contentType,
            data: file.data.toString('base64'),
          });
        return sendCached(ctx, file.data, file.contentType);
      }
      if (type === 'Patient') {
        if (id) {
          const m = /^pt-(empi[0-9a-f]{20})$/.exec(id);
          const masterId = m?.[1]?.toUpperCase();
          return masterId && reports.forPerson(masterId).length > 0
            ? send(patientResource(masterId))
            : outcome(ctx, 404, 'not-found', `Patient/${id} is not known`);
        }
        const token = params.get('identifier');
        if (!token) throw new SearchError('identifier is required: <system>|<value>');
        const bar = token.indexOf('|');
        const masterId = bar < 0 ? token : token.slice(bar + 1);
        const known =
          (bar < 0 || token.slice(0, bar) === EMPI_SYSTEM) &&
          MASTER_ID.test(masterId) &&
          reports.forPerson(masterId).length > 0;
        const people = known ? [masterId] : [];
        return send(searchset(ctx, reports.now().getTime(), params, people, patientResource));
      }
      if (type === 'DiagnosticReport') {
        if (id) {
          const r = reports.get(id);
          return r ? send(render(r)) : outcome(ctx, 404, 'not-found', `DiagnosticReport/${id} is not known`);
        }
        const category = tokenFilter(params, 'category');
        const code = tokenFilter(params, 'code');
        const statuses = params.get('status')?.split(',');
        const matches = personReports(reports, params)
          .filter((r) => !category || category(codings(reportCategory(r))))
          .filter((r) => !code || code(codings([reportCode(r)])))
          .filter((r) => !statuses || statuses.includes(r.status));
        const include = params.getAll('_include').some((v) => INCLUDE_RESULTS.has(v));
        const results = include ? (r: SimReport) => observationsOf(r, profile) : undefined;
        const bundle = searchset(ctx, reports.now().getTime(), params, matches, render, results);
        const [first] = matches;
        if (foreign() && first) bundle.entry.push(foreignEntry(ctx, render(first)));
        return send(bundle);
      }
      if (id) {
        // Observation ids are `${reportId}-${n}` (n-th result) or `${reportId}-F` (imaging findings).
        const cut = id.lastIndexOf('-');
        const report = cut > 0 ? reports.get(id.slice(0, cut)) : undefined;
        const found = report && observationsOf(report, profile).find((o) => o.id === id);
        return found ? send(found) : outcome(ctx, 404, 'not-found', `Observation/${id} is not known`);
      }
      const code = tokenFilter(params, 'code');
      const category = tokenFilter(params, 'category');
      const ids = params.get('_id')?.split(',');
      const observations = (ids ? observationsById(reports, ids) : personReports(reports, params))
        .flatMap((r) => observationsOf(r, profile))
        .filter((o) => !code || code(codings([o.code])))
        .filter((o) => !category || category(codings(o.category)))
        .filter((o) => !ids || ids.includes(o.id));
      return send(searchset(ctx, reports.now().getTime(), params, observations, (o) => o));
    } catch (err) {
      if (err instanceof SearchError) return outcome(ctx, 400, 'invalid', err.message);
      throw err;
    }
  };
}

/** The `foreignReport` fault: a copy of a match that names another person as its subject. */
function foreignEntry(ctx: Context, report: Resource) {
  const resource = { ...report, id: `${report.id}-FOREIGN`, subject: { reference: FOREIGN_PATIENT } };
  return {
    fullUrl: `${originOf(ctx)}${FHIR_BASE}/DiagnosticReport/${resource.id}`,
    resource,
    search: { mode: 'match' as const },
  };
}
const FOREIGN_PATIENT = 'Patient/pt-empi00000000000000000000';
