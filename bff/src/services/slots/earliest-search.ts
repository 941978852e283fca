import { LRUCache } from 'lru-cache';
import type {
  EarliestItem,
  EarliestQuery,
  EarliestResponse,
  HospitalDetail,
  LiveOutcome,
  SourceReport,
} from '@jiankang/shared';
import { fromBeijing } from '@jiankang/shared/domain';
import type { IndexedSlot } from '../../models/slots';
import type { DirectoryStore } from '../directory-store';
import type { SlotSync } from '../slot-sync';
import { sourceOf, type FeedFreshness } from './feed-freshness';
import { firstAtOrAfter, type SlotIndex } from './slot-index';
import { resolveWindow } from './slot-query';
import { statusAt, toSlot, type SlotFacts } from './slot-view';

type Found = Omit<EarliestItem, 'freshness'>;

export interface EarliestSearchOptions {
  /** The whole budget of a live=true search, refresh and answer together. */
  liveDeadlineMs: number;
  now?: () => Date;
}

/**
 * The earliest bookable 分时段 periods for a department across the city, from the local store.
 * live=true first asks the hospitals for changes, but only for as long as the deadline allows:
 * whatever has not answered by then is reported as `timeout` and its stored slots are used.
 */
export class EarliestSearch {
  /**
   * Serialised answers of plain (not live) searches, keyed on everything they depend on: the
   * slot index's generation, the feed states' read stamp (moves each second) and the query. A
   * city-wide burst for one department costs one computation per second.
   */
  private readonly answers = new LRUCache<string, string>({ max: 1_000, ttl: 1_000 });
  private readonly now: () => Date;
  private readonly deadlineMs: number;

  constructor(
    private readonly index: SlotIndex,
    private readonly store: DirectoryStore,
    private readonly freshness: FeedFreshness,
    private readonly sync: SlotSync,
    opts: EarliestSearchOptions,
  ) {
    this.now = opts.now ?? (() => new Date());
    this.deadlineMs = opts.liveDeadlineMs;
  }

  /** The answer as JSON text; plain searches are served from the short-lived cache. */
  async searchJson(query: EarliestQuery): Promise<string> {
    if (query.live === 'true') return JSON.stringify(await this.search(query));
    await this.freshness.byHospital();
    const key = [
      this.index.generation,
      this.freshness.stamp,
      query.dept,
      query.district,
      query.from,
      query.limit,
    ].join('|');
    let json = this.answers.get(key);
    if (json === undefined) {
      json = JSON.stringify(await this.search(query));
      this.answers.set(key, json);
    }
    return json;
  }

  async search(query: EarliestQuery): Promise<EarliestResponse> {
    const startedAt = Date.now();
    const now = this.now();
    const from = resolveWindow(query.from, now);
    const hospitals = this.candidates(query);
    const live = query.live === 'true' ? await this.refresh(hospitals, startedAt) : null;

    const items = await this.withFacts(this.collect(hospitals, query.dept, from, query.limit));

    const statuses = await this.freshness.byHospital();
    const sources: SourceReport[] = hospitals.map((h) => ({
      ...sourceOf(h.id, statuses.get(h.id)),
      hospitalName: h.name,
      ...(live && { live: live.get(h.id) ?? 'skipped' }),
    }));
    const bySource = new Map(sources.map((s) => [s.hospitalId, s]));
    return {
      dept: query.dept,
      from,
      items: items.map((item) => {
        const { status, asOf, lagSeconds } = bySource.get(item.slot.hospitalId) as SourceReport;
        return { ...item, freshness: { status, asOf, lagSeconds } };
      }),
      sources,
      live: live && {
        deadlineMs: this.deadlineMs,
        elapsedMs: Date.now() - startedAt,
        partial: [...live.values()].some((o) => o !== 'refreshed'),
      },
      asOf: now.toISOString(),
    };
  }

  /** Hospitals with a feed, in the district if one was asked, that have this department. */
  private candidates(query: EarliestQuery): HospitalDetail[] {
    this.store.requireData();
    return this.freshness
      .hospitalIds()
      .map((id) => this.store.hospital(id))
      .filter(
        (h): h is HospitalDetail =>
          h !== undefined &&
          (!query.district || h.district === query.district) &&
          h.departments.some((d) => d.code === query.dept),
      );
  }

  /**
   * Polls the hospitals at once and waits until the deadline minus a reserve for reading the
   * store; a poll still running then carries on in the background and lands for the next search.
   */
  private async refresh(hospitals: HospitalDetail[], startedAt: number): Promise<Map<string, LiveOutcome>> {
    const outcomes = new Map<string, LiveOutcome>(hospitals.map((h) => [h.id, 'timeout']));
    const reserve = Math.min(250, Math.floor(this.deadlineMs * 0.3));
    const waitMs = Math.max(0, this.deadlineMs - reserve - (Date.now() - startedAt));
    const polls = hospitals.map(async (h) => {
      const poller = this.sync.pollers.get(h.id);
      if (!poller) return outcomes.set(h.id, 'skipped');
      if (poller.circuit() === 'open') return outcomes.set(h.id, 'failed');
      const result = await poller.runOnce();
      return outcomes.set(h.id, result.ok ? 'refreshed' : 'failed');
    });
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled(polls),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, waitMs);
      }),
    ]);
    clearTimeout(timer);
    // Copy: a poll finishing after this point must not change what this answer reports.
    const settled = new Map(outcomes);
    this.freshness.invalidate();
    return settled;
  }

  /** The earliest bookable period of each doctor session, earliest first, at most `limit`. */
  private collect(
    hospitals: HospitalDetail[],
    dept: string,
    from: string,
    limit: number,
    now: Date = this.now(),
  ) {
    const windowStart = fromBeijing(from);
    const after = windowStart > now ? windowStart : now;
    // Pick on the stored documents first; only the `limit` that make the cut become API items.
    const picked: Array<{ doc: IndexedSlot; hospital: HospitalDetail; at: number }> = [];
    for (const hospital of hospitals) {
      // Per hospital, at most `limit` sessions can make the city-wide cut.
      const sessions = new Set<string>();
      const { docs, starts } = this.index.open(hospital.id, dept);
      for (let i = firstAtOrAfter(starts, after.getTime()); i < docs.length; i += 1) {
        if (sessions.size === limit) break;
        const doc = docs[i] as IndexedSlot;
        // Open periods are available, or not released yet (then statusAt decides by release time).
        if (sessions.has(doc.sessionId)) continue;
        if (doc.status !== 'available' && statusAt(doc, now) !== 'available') continue;
        sessions.add(doc.sessionId);
        picked.push({ doc, hospital, at: starts[i] as number });
      }
    }
    return {
      now,
      dept,
      picked: picked.sort((a, b) => a.at - b.at || a.doc._id.localeCompare(b.doc._id)).slice(0, limit),
    };
  }

  /** The chosen periods as API items, with each hospital's booking mode and places. */
  private async withFacts({ now, dept, picked }: ReturnType<EarliestSearch['collect']>): Promise<Found[]> {
    const facts = new Map<string, SlotFacts>();
    for (const id of new Set(picked.map((p) => p.hospital.id))) {
      facts.set(id, {
        bookingMode: this.freshness.bookingMode(id),
        locations: await this.freshness.locations(id),
      });
    }
    return picked.map(({ doc, hospital }) => {
      const department = hospital.departments.find((d) => d.id === doc.departmentId);
      const doctor = doc.departmentId
        ? this.store.doctors(doc.hospitalId, doc.departmentId).find((d) => d.id === doc.doctorId)
        : undefined;
      return {
        slot: toSlot(doc, doctor, now, facts.get(hospital.id)),
        hospitalName: hospital.name,
        district: hospital.district,
        districtName: hospital.districtName,
        departmentName: department?.name ?? dept,
      };
    });
  }
}
