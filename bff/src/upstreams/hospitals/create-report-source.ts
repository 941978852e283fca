import { FhirReportSource } from './fhir/reports';
import { HisReportSource } from './his-xml/reports';
import type { ReportSource, ReportSourceConfig } from './common/report-source';

/**
 * The report adapter for a registry entry. SMART Scheduling Links hospitals publish slots only,
 * so they have none: callers skip them rather than ask and fail.
 */
export function createReportSource(config: ReportSourceConfig): ReportSource | undefined {
  switch (config.adapter) {
    case 'fhir':
      return new FhirReportSource(config);
    case 'his-xml':
      return new HisReportSource(config);
    case 'smart-scheduling-links':
      return undefined;
  }
}
