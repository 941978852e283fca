import type { IdType, ReportType } from '@jiankang/shared';
import type { ReportIndexEntry } from '../../upstreams/regional/report-index';

/** The patient in clear, for the hospitals (master id) and the export (name, ID number). */
export interface ReportPatient {
  patientId: string;
  masterId: string;
  name: string;
  idType: IdType;
  idNumber: string;
}

/** Throws PATIENT_NOT_FOUND for a patient that is not the account's (patients/patient-service.ts). */
export interface ReportPatients {
  forReports(accountId: string, patientId: string): Promise<ReportPatient>;
}

/** The regional report index (共享调阅): which hospitals hold a person's reports. */
export interface ReportIndex {
  lookup(masterId: string, type?: ReportType): Promise<ReportIndexEntry[]>;
}

export interface HospitalNames {
  hospital(id: string): { name: string } | undefined;
}
