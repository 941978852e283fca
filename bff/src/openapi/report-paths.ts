import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import {
  AccessLogResponse,
  RecordsConsentInput,
  RecordsConsentResponse,
  ReportExportQuery,
  ReportListQuery,
  ReportListResponse,
  ReportViewResponse,
  TrendQuery,
  TrendResponse,
} from '@jiankang/shared';

type Named = <T extends z.ZodType>(name: string, schema: T) => T;

const json = (schema: z.ZodType, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

/** 检验/检查报告 (issue 7): the merged list, one report, the trend, consent and access log. */
export function registerReportPaths(registry: OpenAPIRegistry, named: Named, Error: z.ZodType): void {
  const security = [{ bearerAuth: [] }];
  const params = z.object({
    id: z.string().openapi({ param: { name: 'id', in: 'path' }, example: 'pt_3Jx9Qw0ZkLmN8sTu' }),
  });
  const base = '/api/v1/patients/{id}';
  const resident = {
    401: json(Error, '`UNAUTHENTICATED` or `TOKEN_EXPIRED`'),
    403: json(
      Error,
      '`CONSENT_REQUIRED` (privacy notice) or `RECORDS_CONSENT_REQUIRED` (共享调阅, per patient)',
    ),
  };
  const patientMissing = json(Error, '`PATIENT_NOT_FOUND` (also another account’s patient)');
  const Consent = json(
    named('RecordsConsentResponse', RecordsConsentResponse),
    'The notice in force and the acceptance',
  );

  registry.registerPath({
    method: 'get',
    path: `${base}/reports`,
    summary: 'The patient’s lab and imaging reports from every hospital, newest first',
    description:
      'Looks up the regional report index, asks each hospital within `reports.deadlineMs` and merges. `sources` names how each hospital answered: `ok`, `timeout`, `error`, or `stale` (failed now; its older cached reports are shown). Report ids are opaque and only work for this patient.',
    security,
    request: { params, query: ReportListQuery },
    responses: {
      200: json(named('ReportListResponse', ReportListResponse), 'The merged list and per-hospital status'),
      400: json(Error, '`VALIDATION_FAILED` naming `type`, `from` (also when after `to`) or `to`'),
      ...resident,
      404: patientMissing,
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/reports/{reportId}',
    summary:
      'One report: items with values, units, ranges and flags (computed where the hospital sends none), 互认 mark',
    security,
    request: {
      params: z.object({ reportId: z.string().openapi({ param: { name: 'reportId', in: 'path' } }) }),
    },
    responses: {
      200: json(
        named('ReportViewResponse', ReportViewResponse),
        'The report; what could not be read is in `problems`',
      ),
      ...resident,
      404: json(Error, '`REPORT_NOT_FOUND` (also another account’s report)'),
      502: json(Error, '`UPSTREAM_UNAVAILABLE`: the hospital did not answer and nothing is cached'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: `${base}/observations/trend`,
    summary: 'One analyte across hospitals and years, in its canonical unit (e.g. glucose in mmol/L)',
    security,
    request: { params, query: TrendQuery },
    responses: {
      200: json(
        named('TrendResponse', TrendResponse),
        'Points oldest first, each with its hospital and original value',
      ),
      400: json(Error, '`VALIDATION_FAILED` naming `code` (an analyte key or LOINC code we know)'),
      ...resident,
      404: patientMissing,
    },
  });
  registry.registerPath({
    method: 'get',
    path: `${base}/reports/consent`,
    summary: 'Whether the 共享调阅 notice in force was accepted for this patient',
    security,
    request: { params },
    responses: { 200: Consent, ...resident, 404: patientMissing },
  });
  registry.registerPath({
    method: 'post',
    path: `${base}/reports/consent`,
    summary: 'Accept the 共享调阅 notice for this patient (201; 200 when already accepted)',
    security,
    request: {
      params,
      body: {
        content: { 'application/json': { schema: named('RecordsConsentInput', RecordsConsentInput) } },
      },
    },
    responses: {
      200: Consent,
      201: Consent,
      400: json(Error, '`VALIDATION_FAILED` (`version` is not the notice in force)'),
      ...resident,
      404: patientMissing,
    },
  });
  registry.registerPath({
    method: 'get',
    path: `${base}/reports/access-log`,
    summary: 'Every list, view, trend and export of this patient’s reports, newest first (100)',
    security,
    request: { params },
    responses: {
      200: json(named('AccessLogResponse', AccessLogResponse), 'The entries'),
      ...resident,
      404: patientMissing,
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/reports/{reportId}/export',
    summary: 'One report as a PDF (Chinese text, the patient named in full) or a FHIR R4 Bundle',
    description:
      'The same access rules as reading the report; each export is written to the access log. The PDF is the resident’s own copy (完整姓名); the FHIR answer is a `collection` Bundle of Patient, Organization, DiagnosticReport and Observations.',
    security,
    request: {
      params: z.object({ reportId: z.string().openapi({ param: { name: 'reportId', in: 'path' } }) }),
      query: ReportExportQuery,
    },
    responses: {
      200: {
        description: 'The file, with Content-Disposition naming it',
        content: {
          'application/pdf': { schema: z.string().openapi({ format: 'binary' }) },
          'application/fhir+json': { schema: z.object({ resourceType: z.literal('Bundle') }).passthrough() },
        },
      },
      400: json(Error, '`VALIDATION_FAILED` naming `format` (pdf or fhir)'),
      ...resident,
      404: json(Error, '`REPORT_NOT_FOUND` (also another account’s report)'),
      503: json(Error, '`NOT_READY`: the server has no CJK font to print the PDF'),
    },
  });
}
