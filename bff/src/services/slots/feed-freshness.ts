import type { BookingMode, FeedLocation, FeedStatusItem, SourceFreshness } from '@jiankang/shared';
import type { DirectoryStore } from '../directory-store';
import type { FeedStatus, SlotSync } from '../slot-sync';
import type { SlotIndex } from './slot-index';

/** Feed state changes at most once a poll; reading it once a second is plenty for every request. */
const TTL_MS = 1_000;

/**
 * Every registered hospital's feed health, read from the shared feed state (so every replica
 * agrees) and this process's circuit breakers, cached for a second so a burst of searches costs
 * one database read.
 */
export class FeedFreshness {
  private cached: { at: number; byId: Map<string, FeedStatus> } | undefined;
  private loading: Promise<Map<string, FeedStatus>> | undefined;
  private epoch = 0;

  constructor(
    private readonly sync: SlotSync,
    private readonly store: DirectoryStore,
    private readonly pushing: ReadonlySet<string>,
    private readonly index: SlotIndex,
    private readonly bookingModes: ReadonlyMap<string, BookingMode> = new Map(),
    private readonly now: () => number = Date.now,
  ) {}

  /** here unless the registry says the hospital books only on its own page or by phone. */
  bookingMode(hospitalId: string): BookingMode {
    return this.bookingModes.get(hospitalId) ?? 'here';
  }

  /** The places the hospital's feed publishes, by our location id. */
  async locations(hospitalId: string): Promise<Map<string, FeedLocation>> {
    const list = (await this.byHospital()).get(hospitalId)?.locations ?? [];
    return new Map(list.map((l) => [l.id, l]));
  }

  /** Moves whenever the feed states are read again (at most once a second). */
  get stamp(): number {
    return this.cached?.at ?? 0;
  }

  /** Hospital ids with a slot feed, in registry order. */
  hospitalIds(): string[] {
    return [...this.sync.pollers.keys()];
  }

  async byHospital(): Promise<Map<string, FeedStatus>> {
    if (this.cached && this.now() - this.cached.at < TTL_MS) return this.cached.byId;
    const reading = this.loading ?? this.load();
    // A copy a second old answers at once while the next is read: in a 放号 rush the database is
    // busy with bookings, and schedule reads must not queue behind it.
    if (!this.cached) return reading;
    reading.catch(() => undefined); // a failed refresh keeps the copy; the next request tries again
    return this.cached.byId;
  }

  private load(): Promise<Map<string, FeedStatus>> {
    const epoch = this.epoch;
    const loading = this.sync
      .status()
      .then((list) => {
        const byId = new Map(list.map((s) => [s.hospitalId, s]));
        // Another replica's writes reach this replica's slot index here, within a second.
        this.index.syncVersions(list.map((s) => ({ _id: s.hospitalId, slotsVersion: s.slotsVersion })));
        // A poll that finished while this read ran makes it old news: not cached.
        if (epoch === this.epoch) this.cached = { at: this.now(), byId };
        return byId;
      })
      .finally(() => {
        if (this.loading === loading) this.loading = undefined;
      });
    this.loading = loading;
    return loading;
  }

  /** Drops the cached copy (a poll stored its outcome; a live refresh ran). */
  invalidate(): void {
    this.epoch += 1;
    this.cached = undefined;
    this.loading = undefined;
  }

  async source(hospitalId: string): Promise<SourceFreshness> {
    return sourceOf(hospitalId, (await this.byHospital()).get(hospitalId));
  }

  async statusList(): Promise<FeedStatusItem[]> {
    const byId = await this.byHospital();
    return [...byId.values()].map(({ slotsVersion: _v, locations: _l, ...s }) => ({
      ...s,
      hospitalName: this.store.hospital(s.hospitalId)?.name ?? s.hospitalId,
      push: this.pushing.has(s.hospitalId),
    }));
  }
}

/** A hospital with no feed at all reads as stale with nothing known. */
export function sourceOf(hospitalId: string, status: FeedStatus | undefined): SourceFreshness {
  if (!status) return { hospitalId, status: 'stale', asOf: null, lagSeconds: null };
  return { hospitalId, status: status.status, asOf: status.lastSuccessAt, lagSeconds: status.lagSeconds };
}
