import {
  ANALYTES,
  analyteOfCode,
  convert,
  unitLabel,
  type AnalyteKey,
  type ReportDetail,
  type TrendPoint,
  type TrendResponse,
} from '@jiankang/shared';
import { AppError } from '../../lib/app-error';
import type { ReportDeps } from './deps';
import { gatherReports } from './list-reports';
import { encodeReportRef, sourceIdOf } from './report-ref';
import { hospitalNameOf } from './report-view';

type Skipped = TrendResponse['skipped'][number];

/** The analyte's results in one report, in its canonical unit; what cannot be converted is named. */
function pointsOf(
  deps: ReportDeps,
  analyte: AnalyteKey,
  report: ReportDetail,
  reportId: string,
): { points: TrendPoint[]; skipped: Skipped[] } {
  const points: TrendPoint[] = [];
  const skipped: Skipped[] = [];
  const { hospitalId } = report;
  for (const item of report.items) {
    if (item.analyte !== analyte) continue;
    const skip = (reason: string) => skipped.push({ reportId, hospitalId, reason });
    if (item.numericValue === undefined) {
      skip(`no number in "${item.value}"`);
      continue;
    }
    if (!item.unit) {
      skip('no unit given');
      continue;
    }
    const value = convert(item.numericValue, item.unit, ANALYTES[analyte].unit, analyte);
    if (value === null) {
      skip(`unit ${item.unit} cannot be converted`);
      continue;
    }
    points.push({
      at: report.issuedAt,
      value: Math.round(value * 1000) / 1000,
      flag: item.flag,
      hospitalId,
      hospitalName: hospitalNameOf(deps, hospitalId),
      reportId,
      original: { value: item.value, unit: item.unit },
    });
  }
  return { points, skipped };
}

/**
 * `GET /patients/:id/observations/trend?code=`: one analyte across hospitals and years. The lab
 * reports are listed and read within one deadline (both cached), so a repeat fills in what a
 * slow hospital did not give the first time.
 */
export async function trend(
  deps: ReportDeps,
  accountId: string,
  patientId: string,
  code: string,
): Promise<TrendResponse> {
  const analyte = analyteOfCode(code);
  if (!analyte)
    throw new AppError('VALIDATION_FAILED', `Invalid query field 'code': unknown analyte`, { field: 'code' });
  const startedAt = Date.now();
  const patient = await deps.patients.forReports(accountId, patientId);
  await deps.consent.require(patient.patientId);
  const { reports, sources } = await gatherReports(deps, patient, { type: 'lab' }, startedAt);
  const deadlineAt = startedAt + deps.deadlineMs;
  const read = await Promise.all(
    reports.map(async ({ summary }) => {
      const sourceId = sourceIdOf(summary.id, summary.hospitalId);
      const reportId = encodeReportRef({ patientId, hospitalId: summary.hospitalId, sourceId });
      const answer = await deps.hospitals.detail(summary.hospitalId, patient.masterId, sourceId, deadlineAt);
      if (!answer.value)
        return {
          points: [],
          skipped: [
            { reportId, hospitalId: summary.hospitalId, reason: answer.message ?? 'report not found' },
          ],
          unread: true,
        };
      return { ...pointsOf(deps, analyte, answer.value, reportId), unread: false };
    }),
  );
  await deps.accessLog.append({ patientId, accountId, action: 'trend', detail: `code=${code}` });
  const points = read.flatMap((r) => r.points).sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const skipped = read.flatMap((r) => r.skipped);
  return {
    analyte,
    name: ANALYTES[analyte].name,
    unit: ANALYTES[analyte].unit,
    unitLabel: unitLabel(ANALYTES[analyte].unit),
    points,
    skipped,
    sources,
    // Unreadable reports may hold points; a result without a usable number never would.
    partial: sources.some((s) => s.status !== 'ok') || read.some((r) => r.unread),
  };
}
