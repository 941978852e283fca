import { findHospitalEntry } from '../hospitals/generate-slots';
import type { Seed } from '../lib/prng';
import type { HospitalEntry } from '../regional/types';
import { EXPLICIT_REPORTS, type ExplicitReports } from './explicit';
import { seededReport } from './generate';
import { reportProfile, type ReportProfile } from './profiles';
import { reportFromSpec } from './report-spec';
import { parseSeededReportId, seededVisits } from './seed';
import type { SimReport } from './types';

/** Newest first (by collection / exam time), then by id, the order every report list uses. */
export const newestFirst = (a: SimReport, b: SimReport) =>
  Date.parse(b.effective) - Date.parse(a.effective) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * One hospital's reports: the seeded ones of any person (./seed.ts), regenerated on demand,
 * plus those tests registered. Nothing is stored for seeded people, so every master id works.
 */
export class ReportBook {
  readonly profile: ReportProfile;
  private staffCache?: HospitalEntry;

  constructor(
    readonly hospitalId: string,
    private readonly seed: Seed,
    /** The feed's clock: what "the last three years" and "yesterday" are measured from. */
    readonly now: () => Date,
    private readonly explicit: ExplicitReports = EXPLICIT_REPORTS,
  ) {
    this.profile = reportProfile(hospitalId);
  }

  private get staff(): HospitalEntry {
    this.staffCache ??= findHospitalEntry(this.hospitalId, this.seed);
    return this.staffCache;
  }

  /** Every report the hospital holds for the person, newest first. */
  forPerson(masterId: string): SimReport[] {
    const context = {
      seed: this.seed,
      hospitalId: this.hospitalId,
      masterId,
      profile: this.profile,
      staff: this.staff,
    };
    const seeded = seededVisits(this.seed, this.hospitalId, masterId, this.now().getTime()).map((v) =>
      seededReport(v, context),
    );
    return [...seeded, ...this.explicit.list(this.seed, this.hospitalId, masterId)].sort(newestFirst);
  }

  get(id: string): SimReport | undefined {
    const registered = this.explicit.get(this.seed, this.hospitalId, id);
    if (registered) return registered;
    const named = parseSeededReportId(id);
    return named && this.forPerson(named.masterId).find((r) => r.id === id);
  }

  /** Registers a test's report (see ./report-spec.ts); a report with the same id is replaced. */
  add(spec: unknown): { report: SimReport; created: boolean } {
    const report = reportFromSpec(spec, this.hospitalId, this.now().getTime(), () => this.explicit.nextId());
    return { report, created: this.explicit.put(this.seed, report) };
  }

  /** Forgets the registered reports; the seeded ones are the seed's and stay. */
  reset(): void {
    this.explicit.clear(this.seed, this.hospitalId);
  }
}
