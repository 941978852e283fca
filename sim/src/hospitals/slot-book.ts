import type { Seed } from '../lib/prng';
import { addDays, beijingDate, beijingMs, isoBeijing } from './beijing-time';
import {
  generateSlots,
  planFeed,
  RELEASE_LEAD_DAYS,
  WINDOW_DAYS,
  type BaseSlot,
  type FeedPlan,
} from './generate-slots';
import { rushSlots, type RushSpec } from './rush-session';
import type { FeedSlot } from './types';

/** A change a test asked for that the slots cannot take (e.g. taking a full period). */
export class SlotChangeError extends Error {
  constructor(
    readonly status: 404 | 409,
    message: string,
  ) {
    super(message);
  }
}

interface Overlay {
  /** Taken minus freed since the seed. */
  taken: number;
  cancelled: boolean;
  mutations: number;
  changedAt: number;
}

/**
 * The hospital's 号源: seeded periods for the 8-day window starting at today's Beijing date,
 * plus the changes tests made. Changes are kept by source id, so they survive the window
 * moving at midnight; periods that leave the window disappear from the feed.
 */
export class SlotBook {
  readonly plan: FeedPlan;
  private windowStart = '';
  private base: BaseSlot[] = [];
  private byId = new Map<string, BaseSlot>();
  private overlay = new Map<string, Overlay>();
  private rush: { spec: RushSpec; publishedAtMs: number } | undefined;

  constructor(
    readonly hospitalId: string,
    private readonly seed: Seed,
    private readonly now: () => Date,
  ) {
    this.plan = planFeed(hospitalId, seed);
  }

  reset(): void {
    this.overlay.clear();
    if (this.rush) this.windowStart = '';
    this.rush = undefined;
  }

  /**
   * Replaces one doctor's session by the rush session of `spec` (see RushSpec); returns its
   * periods. Changes made earlier to periods of that session are forgotten.
   */
  setRush(spec: RushSpec): FeedSlot[] {
    const nowMs = this.now().getTime();
    const periods = rushSlots(this.plan, spec, nowMs, nowMs);
    for (const p of periods) this.overlay.delete(p.sourceSlotId);
    this.rush = { spec, publishedAtMs: nowMs };
    this.windowStart = '';
    const ids = new Set(periods.map((p) => p.sourceSlotId));
    return this.list().filter((s) => ids.has(s.sourceSlotId));
  }

  private ensureWindow(): number {
    const nowMs = this.now().getTime();
    const today = beijingDate(nowMs);
    if (today !== this.windowStart) {
      const dates = Array.from({ length: WINDOW_DAYS }, (_, i) => addDays(today, i));
      this.base = this.withRush(generateSlots(this.plan, this.seed, dates), nowMs);
      this.byId = new Map(this.base.map((s) => [s.sourceSlotId, s]));
      this.windowStart = today;
    }
    return nowMs;
  }

  private withRush(seeded: BaseSlot[], nowMs: number): BaseSlot[] {
    if (!this.rush) return seeded;
    let rush: BaseSlot[];
    try {
      rush = rushSlots(this.plan, this.rush.spec, nowMs, this.rush.publishedAtMs);
    } catch {
      return seeded; // the session has left the window (a day later)
    }
    const session = rush[0]?.sessionId;
    const ids = new Set(rush.map((r) => r.sourceSlotId));
    const kept = seeded.filter((s) => s.sessionId !== session && !ids.has(s.sourceSlotId));
    return [...kept, ...rush].sort(
      (a, b) => a.startMs - b.startMs || (a.sourceSlotId < b.sourceSlotId ? -1 : 1),
    );
  }

  private view(s: BaseSlot, nowMs: number): FeedSlot {
    const o = this.overlay.get(s.sourceSlotId);
    const released = nowMs >= s.releaseAtMs;
    const remaining = s.remaining - (o?.taken ?? 0);
    const cancelled = s.cancelled || (o?.cancelled ?? false);
    // Published at the midnight it enters the window; opening is itself an update a sync must see.
    const listed = s.publishedAtMs ?? beijingMs(addDays(s.date, -RELEASE_LEAD_DAYS));
    const published = released ? Math.max(s.releaseAtMs, listed) : listed;
    return {
      sourceSlotId: s.sourceSlotId,
      sessionId: s.sessionId,
      doctorCode: s.doctor.doctorCode,
      doctorName: s.doctor.doctorName,
      titleName: s.doctor.titleName,
      deptCode: s.dept.deptCode,
      deptName: s.dept.deptName,
      stdDeptCode: s.dept.stdDeptCode,
      campusCode: s.dept.campusCode,
      date: s.date,
      half: s.half,
      start: isoBeijing(s.startMs),
      end: isoBeijing(s.endMs),
      capacity: s.capacity,
      remaining: cancelled ? 0 : remaining,
      status: cancelled ? 'cancelled' : remaining > 0 ? 'free' : 'full',
      released,
      releaseAt: isoBeijing(s.releaseAtMs),
      feeFen: s.feeFen,
      version: (s.versionBase ?? 0) + 1 + (o?.mutations ?? 0) + (released ? 1 : 0),
      lastUpdated: isoBeijing(Math.max(published, o?.changedAt ?? 0), true),
    };
  }

  list(): FeedSlot[] {
    const nowMs = this.ensureWindow();
    return this.base.map((s) => this.view(s, nowMs));
  }

  get(sourceSlotId: string): FeedSlot | undefined {
    const nowMs = this.ensureWindow();
    const s = this.byId.get(sourceSlotId);
    return s && this.view(s, nowMs);
  }

  private touch(id: string, change: (o: Overlay) => void, nowMs: number): void {
    const o = this.overlay.get(id) ?? { taken: 0, cancelled: false, mutations: 0, changedAt: 0 };
    change(o);
    o.mutations += 1;
    o.changedAt = Math.max(nowMs, o.changedAt + 1);
    this.overlay.set(id, o);
  }

  /** Books n places; returns the changed slot. */
  take(sourceSlotId: string, n = 1): FeedSlot {
    const slot = this.mustGet(sourceSlotId, n);
    if (slot.status === 'cancelled')
      throw new SlotChangeError(409, `slot ${sourceSlotId} is cancelled (停诊)`);
    if (!slot.released)
      throw new SlotChangeError(409, `slot ${sourceSlotId} is not released until ${slot.releaseAt}`);
    if (slot.remaining < n)
      throw new SlotChangeError(409, `slot ${sourceSlotId} has only ${slot.remaining} left`);
    this.touch(sourceSlotId, (o) => void (o.taken += n), this.now().getTime());
    return this.get(sourceSlotId) as FeedSlot;
  }

  /** Gives n places back (a cancelled booking); returns the changed slot. */
  free(sourceSlotId: string, n = 1): FeedSlot {
    const slot = this.mustGet(sourceSlotId, n);
    if (slot.status === 'cancelled')
      throw new SlotChangeError(409, `slot ${sourceSlotId} is cancelled (停诊)`);
    if (slot.remaining + n > slot.capacity)
      throw new SlotChangeError(
        409,
        `slot ${sourceSlotId} would have more than its capacity ${slot.capacity}`,
      );
    this.touch(sourceSlotId, (o) => void (o.taken -= n), this.now().getTime());
    return this.get(sourceSlotId) as FeedSlot;
  }

  /** 停诊: every period of the session becomes unavailable; returns the periods that changed. */
  cancelSession(sessionId: string): FeedSlot[] {
    const nowMs = this.ensureWindow();
    const periods = this.base.filter((s) => s.sessionId === sessionId);
    if (periods.length === 0) throw new SlotChangeError(404, `no session ${sessionId}`);
    const changed = periods.filter((s) => this.view(s, nowMs).status !== 'cancelled');
    for (const s of changed) this.touch(s.sourceSlotId, (o) => void (o.cancelled = true), nowMs);
    return changed.map((s) => this.get(s.sourceSlotId) as FeedSlot);
  }

  private mustGet(sourceSlotId: string, n: number): FeedSlot {
    if (!Number.isInteger(n) || n < 1) throw new RangeError('n must be a positive integer');
    const slot = this.get(sourceSlotId);
    if (!slot) throw new SlotChangeError(404, `no slot ${sourceSlotId}`);
    return slot;
  }
}
