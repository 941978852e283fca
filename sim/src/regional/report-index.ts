import type { Seed } from '../lib/prng';
import { EXPLICIT_REPORTS, type ExplicitReports } from '../reports/explicit';
import { reportSummary } from '../reports/summary';
import type { ReportCategory } from '../reports/types';

export type ReportIndexType = 'lab' | 'imaging' | 'all';
export const REPORT_INDEX_TYPES: readonly ReportIndexType[] = ['lab', 'imaging', 'all'];

/** One hospital that holds reports for the person (共享调阅: where to fetch them). */
export interface ReportIndexItem {
  orgCode: string;
  /** The hospital id in config/hospitals.json (the lowercase orgCode). */
  hospitalId: string;
  orgName?: string;
  reportCount: number;
  labCount?: number;
  imagingCount?: number;
  latestDate: string;
  latestIssued: string;
}

const CATEGORIES: Readonly<Record<ReportIndexType, readonly ReportCategory[]>> = {
  lab: ['lab'],
  imaging: ['imaging'],
  all: ['lab', 'imaging'],
};

/**
 * The platform's report index: for a master id, which hospitals hold reports and how many. It
 * stores nothing; it asks the same seeded rule and registry as the hospital simulators
 * (sim/src/reports), over the hospitals that serve reports plus any with registered reports.
 */
export class ReportIndex {
  constructor(
    private readonly seed: Seed,
    private readonly hospitals: readonly string[],
    private readonly explicit: ExplicitReports = EXPLICIT_REPORTS,
    private readonly now: () => Date = () => new Date(),
  ) {}

  lookup(
    masterId: string,
    type: ReportIndexType,
    orgName: (orgCode: string) => string | undefined,
  ): ReportIndexItem[] {
    const nowMs = this.now().getTime();
    const ids = [...new Set([...this.hospitals, ...this.explicit.hospitals(this.seed)])];
    const items: ReportIndexItem[] = [];
    for (const hospitalId of ids) {
      const s = reportSummary(this.seed, hospitalId, masterId, nowMs, CATEGORIES[type], this.explicit);
      if (s.count === 0 || !s.latestIssued || !s.latestDate) continue;
      const orgCode = hospitalId.toUpperCase();
      const name = orgName(orgCode);
      items.push({
        orgCode,
        hospitalId,
        ...(name !== undefined && { orgName: name }),
        reportCount: s.count,
        ...(type !== 'imaging' && { labCount: s.lab }),
        ...(type !== 'lab' && { imagingCount: s.imaging }),
        latestDate: s.latestDate,
        latestIssued: s.latestIssued,
      });
    }
    // Newest first, as a resident reads them; ties by orgCode so the order is stable.
    return items.sort(
      (a, b) => Date.parse(b.latestIssued) - Date.parse(a.latestIssued) || (a.orgCode < b.orgCode ? -1 : 1),
    );
  }
}
