import { validateResidentId, type ReportView } from '@jiankang/shared';
import { maskIdNumber } from '@jiankang/shared/domain';
import { AppError, isAppError } from '../../lib/app-error';
import type { ReportDeps } from './deps';
import type { ReportPatient } from './ports';
import { decodeReportRef, type ReportRef } from './report-ref';
import { hospitalNameOf, reportView } from './report-view';

const notFound = () => new AppError('REPORT_NOT_FOUND', '没有找到这份报告');

/** What the PDF / FHIR export prints about the person, beside the report. */
export interface ExportPatient {
  name: string;
  gender: 'male' | 'female' | 'unknown';
  /** YYYY-MM-DD, from a 居民身份证 number; absent for other documents. */
  birthDate?: string;
  masterId: string;
  idNumberMasked: string;
}

/**
 * One report of one of the account's patients, asked from its hospital within the deadline.
 * Every way of not being the caller's (a malformed id, another account's patient, a number the
 * hospital does not hold for this person) is the same 404, so ids cannot be probed.
 */
async function openReport(
  deps: ReportDeps,
  accountId: string,
  reportId: string,
): Promise<{ ref: ReportRef; patient: ReportPatient; report: ReportView }> {
  const ref = decodeReportRef(reportId);
  if (!ref || !deps.hospitals.has(ref.hospitalId)) throw notFound();
  const patient = await deps.patients.forReports(accountId, ref.patientId).catch((err: unknown) => {
    throw isAppError(err) && err.code === 'PATIENT_NOT_FOUND' ? notFound() : err;
  });
  await deps.consent.require(patient.patientId);
  const answer = await deps.hospitals.detail(
    ref.hospitalId,
    patient.masterId,
    ref.sourceId,
    Date.now() + deps.deadlineMs,
  );
  if (answer.value === null) throw notFound();
  if (answer.value === undefined)
    throw new AppError(
      'UPSTREAM_UNAVAILABLE',
      `${hospitalNameOf(deps, ref.hospitalId)}: ${answer.message ?? 'no answer'}`,
    );
  const report = reportView(deps, patient.patientId, answer.value);
  if (answer.status === 'stale' && answer.asOf)
    report.problems = [
      ...report.problems,
      `shown as read at ${answer.asOf.toISOString()}: the hospital did not answer now`,
    ];
  return { ref, patient, report };
}

/** `GET /reports/:reportId`. */
export async function viewReport(deps: ReportDeps, accountId: string, reportId: string): Promise<ReportView> {
  const { ref, report } = await openReport(deps, accountId, reportId);
  await deps.accessLog.append({
    patientId: ref.patientId,
    accountId,
    action: 'view',
    reportId,
    hospitalId: ref.hospitalId,
  });
  return report;
}

/**
 * For the export route (PDF / FHIR): the same checks as a view, the person to print, and an
 * `export` entry in the access log, so the route only renders.
 */
export async function reportForExport(
  deps: ReportDeps,
  accountId: string,
  reportId: string,
): Promise<{ detail: ReportView; patient: ExportPatient }> {
  const { ref, patient, report } = await openReport(deps, accountId, reportId);
  const resident = patient.idType === 'resident_id' ? validateResidentId(patient.idNumber) : undefined;
  await deps.accessLog.append({
    patientId: ref.patientId,
    accountId,
    action: 'export',
    reportId,
    hospitalId: ref.hospitalId,
  });
  return {
    detail: report,
    patient: {
      name: patient.name,
      gender: resident?.ok ? (resident.sex === 'M' ? 'male' : 'female') : 'unknown',
      ...(resident?.ok && { birthDate: resident.birthDate }),
      masterId: patient.masterId,
      idNumberMasked: maskIdNumber(patient.idNumber),
    },
  };
}
