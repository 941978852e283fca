import type {
  AccessLogEntry,
  AccessLogResponse,
  RecordsConsentResponse,
  ReportListResponse,
  ReportView,
  ReportViewResponse,
  TrendResponse,
} from '@jiankang/shared';
import { request } from './client';

/** 检查检验报告 of one of the account's patients, merged across hospitals by the BFF. */
const base = (patientId: string) => `/patients/${encodeURIComponent(patientId)}`;

export function listReports(
  patientId: string,
  query: { type?: 'lab' | 'imaging'; from?: string; to?: string } = {},
): Promise<ReportListResponse> {
  return request<ReportListResponse>(`${base(patientId)}/reports`, { auth: true, query });
}

export async function getReport(reportId: string): Promise<ReportView> {
  return (await request<ReportViewResponse>(`/reports/${encodeURIComponent(reportId)}`, { auth: true }))
    .report;
}

export function getTrend(patientId: string, code: string): Promise<TrendResponse> {
  return request<TrendResponse>(`${base(patientId)}/observations/trend`, { auth: true, query: { code } });
}

export function getRecordsConsent(patientId: string): Promise<RecordsConsentResponse> {
  return request<RecordsConsentResponse>(`${base(patientId)}/reports/consent`, { auth: true });
}

/** 共享调阅: the resident agrees that records from other hospitals are shown for this patient. */
export function acceptRecordsConsent(patientId: string, version: string): Promise<RecordsConsentResponse> {
  return request<RecordsConsentResponse>(`${base(patientId)}/reports/consent`, {
    method: 'POST',
    body: { version },
    auth: true,
  });
}

export async function listAccessLog(patientId: string): Promise<AccessLogEntry[]> {
  return (await request<AccessLogResponse>(`${base(patientId)}/reports/access-log`, { auth: true })).items;
}

/** The path of an export, for the platform's download (it adds the bearer token). */
export const exportPath = (reportId: string, format: 'pdf' | 'fhir') =>
  `/reports/${encodeURIComponent(reportId)}/export?format=${format}`;
