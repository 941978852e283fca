import type {
  ReportListQuery,
  ReportListResponse,
  ReportSourceStatus,
  ReportSummary,
} from '@jiankang/shared';
import type { ReportDeps } from './deps';
import type { ReportList } from '../../upstreams/hospitals/common/report-source';
import type { HospitalAnswer } from './hospital-reports';
import type { ReportPatient } from './ports';
import { hospitalNameOf, listItem } from './report-view';

export interface Gathered {
  reports: Array<{ summary: ReportSummary; name?: string }>;
  sources: ReportSourceStatus[];
}

/**
 * The person's reports from every hospital the index names, within one deadline: the index gets
 * at most half of it, so a slow platform still leaves the hospitals time to answer.
 */
export async function gatherReports(
  deps: ReportDeps,
  patient: ReportPatient,
  query: ReportListQuery,
  startedAt: number,
): Promise<Gathered> {
  const deadlineAt = startedAt + deps.deadlineMs;
  const indexed = await deps.index.of(patient.masterId, query.type, startedAt + deps.deadlineMs / 2);
  const answers = await Promise.all(
    indexed.map(async (h) => ({
      h,
      answer: await deps.hospitals.list(h.hospitalId, patient.masterId, query, deadlineAt),
    })),
  );
  const reports = answers.flatMap(({ h, answer }) =>
    (answer.value?.reports ?? []).map((summary) => ({ summary, name: h.orgName })),
  );
  reports.sort(
    (a, b) =>
      Date.parse(b.summary.issuedAt) - Date.parse(a.summary.issuedAt) ||
      a.summary.id.localeCompare(b.summary.id),
  );
  return {
    reports,
    sources: answers.map(({ h, answer }) =>
      sourceStatus(hospitalNameOf(deps, h.hospitalId, h.orgName), h.hospitalId, answer),
    ),
  };
}

function sourceStatus(
  hospitalName: string,
  hospitalId: string,
  answer: HospitalAnswer<ReportList>,
): ReportSourceStatus {
  const skippedCount = answer.value?.skipped.count ?? 0;
  const withdrawnCount = answer.value?.withdrawn ?? 0;
  return {
    hospitalId,
    hospitalName,
    // A hospital whose records were dropped is never "ok": the resident is told some are missing.
    status: answer.status === 'ok' && skippedCount > 0 ? 'partial' : answer.status,
    ...(answer.value && { reportCount: answer.value.reports.length }),
    ...(skippedCount > 0 && { skippedCount }),
    ...(withdrawnCount > 0 && { withdrawnCount }),
    ...(answer.asOf && { asOf: answer.asOf.toISOString() }),
    ...(answer.message && { message: answer.message }),
  };
}

/** `GET /patients/:id/reports`: the merged list, newest first, and how each hospital answered. */
export async function listReports(
  deps: ReportDeps,
  accountId: string,
  patientId: string,
  query: ReportListQuery,
): Promise<ReportListResponse> {
  const startedAt = Date.now();
  const patient = await deps.patients.forReports(accountId, patientId);
  await deps.consent.require(patient.patientId);
  const { reports, sources } = await gatherReports(deps, patient, query, startedAt);
  await deps.accessLog.append({
    patientId,
    accountId,
    action: 'list',
    detail: new URLSearchParams(
      Object.entries(query).filter((e): e is [string, string] => e[1] !== undefined),
    ).toString(),
  });
  return {
    items: reports.map((r) => listItem(deps, patientId, r.summary, r.name)),
    sources,
    partial: sources.some((s) => s.status !== 'ok'),
    deadlineMs: deps.deadlineMs,
    elapsedMs: Date.now() - startedAt,
  };
}
