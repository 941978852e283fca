import type { ReportDetail, SkippedRecords } from '@jiankang/shared';
import type { ReportList, ReportQuery, ReportSource } from '../../upstreams/hospitals/common/report-source';
import { AnswerCache } from './answer-cache';
import { within } from './deadline';

export type SourceStatus = 'ok' | 'timeout' | 'error' | 'stale';

/** What one hospital gave this request: a value (fresh, cached or stale) or a named failure. */
export interface HospitalAnswer<T> {
  status: SourceStatus;
  value?: T;
  asOf?: Date;
  message?: string;
}

/**
 * Each hospital's report lists and reports, asked within a deadline and cached. A shared
 * in-flight call is not aborted by one caller's deadline (another request may still wait on it),
 * so a hung hospital's call ends by its own request timeout.
 */
/** Told once per fresh listing that dropped records (never on a cache hit), for the warn log. */
export type OnSkipped = (hospitalId: string, skipped: SkippedRecords, withdrawn: number) => void;

export class HospitalReports {
  private readonly lists: AnswerCache<ReportList>;
  private readonly details: AnswerCache<ReportDetail | null>;

  constructor(
    private readonly sources: ReadonlyMap<string, ReportSource>,
    ttlMs: number,
    now: () => number = Date.now,
    private readonly onSkipped?: OnSkipped,
  ) {
    this.lists = new AnswerCache(ttlMs, 20_000, now);
    this.details = new AnswerCache(ttlMs, 20_000, now);
  }

  has(hospitalId: string): boolean {
    return this.sources.has(hospitalId);
  }

  list(
    hospitalId: string,
    masterId: string,
    q: ReportQuery,
    deadlineAt: number,
  ): Promise<HospitalAnswer<ReportList>> {
    const key = [hospitalId, masterId, q.type ?? '', q.from ?? '', q.to ?? ''].join('|');
    return this.ask(this.lists, key, hospitalId, deadlineAt, async (s) => {
      const list = await s.list(masterId, q);
      if (list.skipped.count > 0 || list.withdrawn > 0)
        this.onSkipped?.(hospitalId, list.skipped, list.withdrawn);
      return list;
    });
  }

  /** One report; `value: null` when the hospital has none by that number for this person. */
  detail(
    hospitalId: string,
    masterId: string,
    sourceId: string,
    deadlineAt: number,
  ): Promise<HospitalAnswer<ReportDetail | null>> {
    const key = [hospitalId, masterId, sourceId].join('|');
    return this.ask(this.details, key, hospitalId, deadlineAt, (s) => s.get(masterId, sourceId));
  }

  private async ask<T>(
    cache: AnswerCache<T>,
    key: string,
    hospitalId: string,
    deadlineAt: number,
    fetch: (source: ReportSource) => Promise<T>,
  ): Promise<HospitalAnswer<T>> {
    const source = this.sources.get(hospitalId);
    if (!source) return { status: 'error', message: 'no report connection to this hospital' };
    const hit = cache.fresh(key);
    if (hit) return { status: 'ok', value: hit.value, asOf: new Date(hit.at) };
    // Not aborted at the deadline: the call may be shared, and its answer still fills the cache.
    const outcome = await within(deadlineAt, () => cache.load(key, () => fetch(source)));
    if (outcome.ok) return { status: 'ok', value: outcome.value, asOf: new Date() };
    const old = cache.last(key);
    if (old) return { status: 'stale', value: old.value, asOf: new Date(old.at), message: outcome.message };
    return { status: outcome.timeout ? 'timeout' : 'error', message: outcome.message };
  }
}
