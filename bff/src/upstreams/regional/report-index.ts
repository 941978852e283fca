import { z } from 'zod';
import type { ReportType } from '@jiankang/shared';
import type { RegionalClient } from './client';

const PATH = '/open/v1/report-index';

/** One hospital holding reports for a person (docs/upstreams/reports.md §1). */
export const ReportIndexEntry = z.object({
  /** The registry id: the key that picks the hospital's report adapter. */
  hospitalId: z.string().min(1),
  orgName: z.string().optional(),
  reportCount: z.number().int().min(0),
  labCount: z.number().int().min(0).optional(),
  imagingCount: z.number().int().min(0).optional(),
  /** Beijing date and instant of the newest report. */
  latestDate: z.string(),
  latestIssued: z.string(),
});
export type ReportIndexEntry = z.infer<typeof ReportIndexEntry>;

const IndexData = z.object({ items: z.array(ReportIndexEntry) });

/**
 * The regional platform's report index (共享调阅): which hospitals to ask, not what they hold.
 * A read through the signed client, so it shares its retries and circuit breaker.
 */
export class RegionalReportIndex {
  constructor(private readonly client: RegionalClient) {}

  /** Hospitals holding the person's reports, newest first; [] for a person nobody has. */
  async lookup(masterId: string, type?: ReportType): Promise<ReportIndexEntry[]> {
    const data = await this.client.get(PATH, { masterId, type: type ?? 'all' }, IndexData);
    return data.items;
  }
}
