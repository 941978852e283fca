import type { ReportDetail, ReportListItem, ReportSummary, ReportView } from '@jiankang/shared';
import type { ReportDeps } from './deps';
import { encodeReportRef, sourceIdOf } from './report-ref';

export const hospitalNameOf = (deps: ReportDeps, hospitalId: string, fallback?: string): string =>
  deps.names.hospital(hospitalId)?.name ?? fallback ?? hospitalId;

/** A summary as the API shows it: our opaque id, the hospital's name and its 互认 mark. */
export function listItem(
  deps: ReportDeps,
  patientId: string,
  s: ReportSummary,
  name?: string,
): ReportListItem {
  return {
    ...s,
    id: encodeReportRef({ patientId, hospitalId: s.hospitalId, sourceId: sourceIdOf(s.id, s.hospitalId) }),
    hospitalName: hospitalNameOf(deps, s.hospitalId, name),
    mutualRecognition: deps.mutualRecognition.has(s.hospitalId),
  };
}

export function reportView(deps: ReportDeps, patientId: string, d: ReportDetail): ReportView {
  return { ...d, ...listItem(deps, patientId, d) };
}
