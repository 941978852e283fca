import type { ReportType } from '@jiankang/shared';
import type { Logger } from '../../lib/logger';
import { AnswerCache } from './answer-cache';
import { within } from './deadline';
import type { ReportIndex } from './ports';

export interface IndexedHospital {
  hospitalId: string;
  orgName?: string;
}

/**
 * Which hospitals to ask for a person: the regional index, cached like the hospitals' answers.
 * When the platform fails, the last answer stands; with none, every hospital we can ask is
 * asked, so an index outage costs speed, not reports.
 */
export class ReportHospitals {
  private readonly cache: AnswerCache<IndexedHospital[]>;

  constructor(
    private readonly index: ReportIndex,
    private readonly all: readonly string[],
    ttlMs: number,
    private readonly log: Logger,
  ) {
    this.cache = new AnswerCache(ttlMs, 20_000);
  }

  async of(masterId: string, type: ReportType | undefined, deadlineAt: number): Promise<IndexedHospital[]> {
    const key = `${masterId}|${type ?? 'all'}`;
    const hit = this.cache.fresh(key);
    if (hit) return hit.value;
    const outcome = await within(deadlineAt, () =>
      this.cache.load(key, async () =>
        (await this.index.lookup(masterId, type))
          .filter((e) => e.reportCount > 0)
          .map((e) => ({ hospitalId: e.hospitalId, ...(e.orgName && { orgName: e.orgName }) })),
      ),
    );
    if (outcome.ok) return outcome.value;
    this.log.warn(
      { reason: outcome.message },
      'report index unavailable; using the last answer or every hospital',
    );
    return this.cache.last(key)?.value ?? this.all.map((hospitalId) => ({ hospitalId }));
  }
}
