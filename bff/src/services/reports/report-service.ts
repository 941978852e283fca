import type {
  AccessLogResponse,
  ReportExportFormat,
  RecordsConsentResponse,
  ReportListQuery,
  ReportListResponse,
  ReportView,
  TrendResponse,
} from '@jiankang/shared';
import type { ReportDeps } from './deps';
import { exportFile, type ExportFile } from './export-file';
import { listReports } from './list-reports';
import { trend } from './trend';
import { reportForExport, viewReport, type ExportPatient } from './view-report';

/** The resident's lab and imaging reports (issue 7); what routes call. */
export class ReportService {
  constructor(private readonly deps: ReportDeps) {}

  list(accountId: string, patientId: string, query: ReportListQuery): Promise<ReportListResponse> {
    return listReports(this.deps, accountId, patientId, query);
  }

  get(accountId: string, reportId: string): Promise<ReportView> {
    return viewReport(this.deps, accountId, reportId);
  }

  trend(accountId: string, patientId: string, code: string): Promise<TrendResponse> {
    return trend(this.deps, accountId, patientId, code);
  }

  /**
   * For `GET /reports/:reportId/export`: the report (404 REPORT_NOT_FOUND as for a view), the
   * person to print, and the `export` access-log entry already written.
   */
  getReportForExport(
    accountId: string,
    reportId: string,
  ): Promise<{ detail: ReportView; patient: ExportPatient }> {
    return reportForExport(this.deps, accountId, reportId);
  }

  /** The PDF or FHIR file of one report; 503 NOT_READY when no CJK font is installed. */
  exportFile(accountId: string, reportId: string, format: ReportExportFormat): Promise<ExportFile> {
    return exportFile(this.deps, accountId, reportId, format);
  }

  async consent(accountId: string, patientId: string): Promise<RecordsConsentResponse> {
    const patient = await this.deps.patients.forReports(accountId, patientId);
    return this.deps.consent.state(patient.patientId);
  }

  async acceptConsent(
    accountId: string,
    patientId: string,
    version: string,
  ): Promise<{ created: boolean; state: RecordsConsentResponse }> {
    const patient = await this.deps.patients.forReports(accountId, patientId);
    return this.deps.consent.accept(accountId, patient.patientId, version);
  }

  async accessLog(accountId: string, patientId: string): Promise<AccessLogResponse> {
    const patient = await this.deps.patients.forReports(accountId, patientId);
    return { items: await this.deps.accessLog.list(patient.patientId) };
  }
}
