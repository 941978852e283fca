import type { ReportAccessLog } from './access-log';
import type { HospitalReports } from './hospital-reports';
import type { HospitalNames, ReportPatients } from './ports';
import type { RecordsConsent } from './records-consent';
import type { ReportHospitals } from './report-hospitals';

/** What the report use cases need; built once in start-reports.ts. */
export interface ReportDeps {
  patients: ReportPatients;
  consent: RecordsConsent;
  index: ReportHospitals;
  hospitals: HospitalReports;
  names: HospitalNames;
  accessLog: ReportAccessLog;
  /** The whole budget of a list or trend (config reports.deadlineMs). */
  deadlineMs: number;
  /** 互认 hospitals (config reports.mutualRecognition). */
  mutualRecognition: ReadonlySet<string>;
}
