import type { Config } from '../../config';
import type { Logger } from '../../lib/logger';
import type { ReportModels } from '../../models/reports';
import { createReportSource } from '../../upstreams/hospitals/create-report-source';
import type { ReportSource } from '../../upstreams/hospitals/common/report-source';
import { ReportAccessLog } from './access-log';
import { HospitalReports } from './hospital-reports';
import type { HospitalNames, ReportIndex, ReportPatients } from './ports';
import { RecordsConsent } from './records-consent';
import { ReportHospitals } from './report-hospitals';
import { ReportService } from './report-service';

export interface ReportPorts {
  models: ReportModels;
  patients: ReportPatients;
  index: ReportIndex;
  names: HospitalNames;
}

/** One report adapter per registry hospital that serves reports (SMART feeds serve none). */
function reportSources(config: Config, logger: Logger): Map<string, ReportSource> {
  const sources = new Map<string, ReportSource>();
  for (const entry of config.hospitalRegistry.hospitals) {
    const source = createReportSource({
      ...entry,
      timeoutMs: entry.timeoutMs ?? config.feeds.timeoutMs,
      // A report about another person is never shown; the hospital and report id are logged.
      onSecurityEvent: (e) =>
        logger.warn({ ...e, hospitalId: entry.id }, 'report for another patient refused'),
    });
    if (source) sources.set(entry.id, source);
  }
  return sources;
}

export function startReports(config: Config, ports: ReportPorts, logger: Logger): ReportService {
  const { reports } = config;
  const sources = reportSources(config, logger);
  return new ReportService({
    patients: ports.patients,
    consent: new RecordsConsent(ports.models, reports.consentVersion),
    index: new ReportHospitals(
      ports.index,
      [...sources.keys()],
      reports.cacheTtlMs,
      logger.child({ job: 'reports' }),
    ),
    // Counts and `Type/id: reason` samples only: no names, ID numbers or phones reach the log.
    hospitals: new HospitalReports(sources, reports.cacheTtlMs, Date.now, (hospitalId, skipped, withdrawn) =>
      logger.warn(
        { hospitalId, skippedCount: skipped.count, samples: skipped.samples, withdrawnCount: withdrawn },
        'reports partly unreadable',
      ),
    ),
    names: ports.names,
    accessLog: new ReportAccessLog(ports.models),
    deadlineMs: reports.deadlineMs,
    mutualRecognition: new Set(reports.mutualRecognition),
  });
}
