import { randomUUID } from 'node:crypto';
import { AppError } from '../../lib/app-error';
import type { Logger } from '../../lib/logger';
import { findByField, type FindModel } from '../../models/diff-write';
import type { FeedStateDoc, IndexedSlot, SlotModels } from '../../models/slots';
import type { SlotChange } from './slot-changes';

interface HospitalSlots {
  /** The feed state's `slotsVersion` this copy was loaded at. */
  version: string | null;
  byId: Map<string, IndexedSlot>;
  /** Every period of a department (directory id; '' = the feed named none), by start. */
  byDepartment: Map<string, IndexedSlot[]>;
  /** Periods that are or will become bookable (remaining > 0, not 停诊), by standard code, by start. */
  openByCode: Map<string, OpenPeriods>;
}

/** One hospital's open periods of one department code, by start, with their start instants. */
export interface OpenPeriods {
  docs: readonly IndexedSlot[];
  /** `starts[i]` is `docs[i].start` in ms, for the binary search. */
  starts: Float64Array;
}

/** The department key of service-level slots, which the feed put in no department. */
export const NO_DEPARTMENT = '';

const NO_OPEN: OpenPeriods = { docs: [], starts: new Float64Array(0) };

const byStart = (a: IndexedSlot, b: IndexedSlot) =>
  new Date(a.start).getTime() - new Date(b.start).getTime() || a._id.localeCompare(b._id);

function group(docs: IndexedSlot[], keyOf: (d: IndexedSlot) => string): Map<string, IndexedSlot[]> {
  const out = new Map<string, IndexedSlot[]>();
  for (const doc of docs) {
    const key = keyOf(doc);
    const list = out.get(key);
    if (list) list.push(doc);
    else out.set(key, [doc]);
  }
  for (const list of out.values()) list.sort(byStart);
  return out;
}

function indexOf(version: string | null, docs: IndexedSlot[]): HospitalSlots {
  const open = docs.filter(
    (d) => d.remaining > 0 && (d.status === 'available' || d.status === 'not_released'),
  );
  return {
    version,
    byId: new Map(docs.map((d) => [d._id, d])),
    byDepartment: group(docs, (d) => d.departmentId ?? NO_DEPARTMENT),
    openByCode: new Map(
      [...group(open, (d) => d.departmentCode ?? '')].map(([code, list]) => [
        code,
        { docs: list, starts: Float64Array.from(list, (d) => new Date(d.start).getTime()) },
      ]),
    ),
  };
}

/**
 * Every hospital's stored slots, held in memory per process so schedules and the city-wide
 * earliest search never wait on the database (FerretDB answers a sorted scan in seconds).
 * A hospital is reloaded whole when its slots change: at once after a write in this process,
 * and within a second of another replica's write (its `slotsVersion` in feed_state moves).
 */
export class SlotIndex {
  private readonly hospitals = new Map<string, HospitalSlots>();
  private readonly loading = new Map<string, Promise<void>>();
  /** The newest version asked for while a load was running: one more load follows it. */
  private readonly pending = new Map<string, string | null>();
  /** Other replicas' pushed slots that arrived while a load ran: patched in after it. */
  private readonly lateDocs = new Map<string, Array<{ version: string; docs: readonly IndexedSlot[] }>>();

  private gen = 0;

  constructor(
    private readonly models: SlotModels,
    private readonly log: Logger,
  ) {}

  /** Moves whenever any hospital's copy is replaced; answers cached on it stay exact. */
  get generation(): number {
    return this.gen;
  }

  /** Loads every listed hospital; the runtime awaits this once before serving. */
  async loadAll(hospitalIds: readonly string[]): Promise<void> {
    const states = await this.models.FeedState.find({ _id: { $in: [...hospitalIds] } })
      .lean<FeedStateDoc[]>()
      .exec();
    const versions = new Map(states.map((s) => [s._id, s.slotsVersion ?? null]));
    await Promise.all(hospitalIds.map((id) => this.reload(id, versions.get(id) ?? null)));
  }

  /**
   * A write happened here: record a new version for other replicas, then reload. Concurrent
   * calls for one hospital coalesce into one more load after the current one. With `docs` (a
   * push or poll that says what it wrote) the copy held here is patched or replaced instead:
   * reading a hospital back from FerretDB takes seconds, patching takes microseconds.
   */
  async changed(hospitalId: string, change?: SlotChange): Promise<void> {
    const version = randomUUID();
    const held = this.hospitals.get(hospitalId);
    if (change && (held || change.complete) && !this.loading.has(hospitalId)) {
      this.patch(hospitalId, version, change.docs, change.complete);
      await this.models.FeedState.updateOne(
        { _id: hospitalId },
        { $set: { slotsVersion: version } },
        { upsert: true },
      ).exec();
      this.announce?.(hospitalId, version, change);
      return;
    }
    await this.models.FeedState.updateOne(
      { _id: hospitalId },
      { $set: { slotsVersion: version } },
      { upsert: true },
    ).exec();
    this.announce?.(hospitalId, version, undefined);
    await this.reload(hospitalId, version);
  }

  /**
   * Told of each write made here, after its version is stored: the slot broadcast sends it to
   * the other replicas (see SlotBroadcast). Unset in a single process.
   */
  announce: ((hospitalId: string, version: string, change: SlotChange | undefined) => void) | undefined;

  /**
   * Another replica wrote `version`: a few pushed slots are patched in at once (after a load in
   * flight, whose read may predate them); a whole snapshot, or slots of a hospital not held, are
   * read back from the database.
   */
  applyRemote(hospitalId: string, version: string, change?: SlotChange): Promise<void> {
    const held = this.hospitals.get(hospitalId);
    if (held?.version === version) return Promise.resolve();
    if (change && !change.complete && held) {
      const loading = this.loading.get(hospitalId);
      if (!loading) {
        this.patch(hospitalId, version, change.docs, false);
        return Promise.resolve();
      }
      const queued = this.lateDocs.get(hospitalId) ?? [];
      queued.push({ version, docs: change.docs });
      this.lateDocs.set(hospitalId, queued);
      return loading;
    }
    return this.reload(hospitalId, version);
  }

  private patch(
    hospitalId: string,
    version: string | null,
    docs: readonly IndexedSlot[],
    complete: boolean,
  ): void {
    const byId = new Map(complete ? [] : this.hospitals.get(hospitalId)?.byId);
    for (const doc of docs) {
      const prev = byId.get(doc._id);
      // An out-of-order answer (lower version) was not written to the database either.
      if (prev?.version !== undefined && doc.version !== undefined && doc.version < prev.version) continue;
      byId.set(doc._id, doc);
    }
    this.hospitals.set(hospitalId, indexOf(version, [...byId.values()]));
    this.gen += 1;
  }

  /** Reloads the hospitals whose version in feed_state differs from the copy held here. */
  syncVersions(states: Iterable<{ _id: string; slotsVersion?: string | null }>): void {
    for (const s of states) {
      const held = this.hospitals.get(s._id);
      if (held && (s.slotsVersion ?? null) !== held.version && !this.loading.has(s._id)) {
        void this.reload(s._id, s.slotsVersion ?? null);
      }
    }
  }

  slot(id: string): IndexedSlot | undefined {
    const hospitalId = id.slice(0, id.indexOf(':'));
    return this.hospitals.get(hospitalId)?.byId.get(id);
  }

  /**
   * One slot, or SLOT_NOT_FOUND. A hospital no longer in the registry is not held here; its
   * stored slots still answer from the database.
   */
  async require(id: string): Promise<IndexedSlot> {
    const slot = this.slot(id) ?? (await this.models.Slot.findById(id).lean<IndexedSlot>().exec());
    if (!slot) throw new AppError('SLOT_NOT_FOUND', 'No slot with this id');
    return slot;
  }

  /** Every period held for a hospital (the console's counts per day). */
  hospitalSlots(hospitalId: string): Iterable<IndexedSlot> {
    return this.hospitals.get(hospitalId)?.byId.values() ?? [];
  }

  /** A department's periods; NO_DEPARTMENT gives the service-level ones. */
  department(hospitalId: string, departmentId: string): readonly IndexedSlot[] {
    return this.hospitals.get(hospitalId)?.byDepartment.get(departmentId) ?? [];
  }

  /** Open periods of a department code at one hospital, by start (see firstAtOrAfter). */
  open(hospitalId: string, code: string): OpenPeriods {
    return this.hospitals.get(hospitalId)?.openByCode.get(code) ?? NO_OPEN;
  }

  private reload(hospitalId: string, version: string | null): Promise<void> {
    const current = this.loading.get(hospitalId);
    if (current) {
      // A load is under way with an older picture; run once more after it.
      this.pending.set(hospitalId, version);
      return current.then(() => this.loading.get(hospitalId));
    }
    const run = (async () => {
      try {
        // Hospitals reloading at once (a sync of all of them) share one collection scan.
        const docs = await findByField(
          this.models.Slot as unknown as FindModel<IndexedSlot>,
          'hospitalId',
          hospitalId,
        );
        this.hospitals.set(hospitalId, indexOf(version, docs));
        this.gen += 1;
        const late = this.lateDocs.get(hospitalId);
        this.lateDocs.delete(hospitalId);
        for (const l of late ?? []) this.patch(hospitalId, l.version, l.docs, false);
      } catch (err) {
        this.log.warn({ hospitalId, err: (err as Error).message }, 'slot index reload failed');
      } finally {
        this.loading.delete(hospitalId);
      }
      if (this.pending.has(hospitalId)) {
        const next = this.pending.get(hospitalId) ?? null;
        this.pending.delete(hospitalId);
        await this.reload(hospitalId, next);
      }
    })();
    this.loading.set(hospitalId, run);
    return run;
  }
}

/** The index of the first start at or after `t` in ascending `starts` (its length if none). */
export function firstAtOrAfter(starts: Float64Array, t: number): number {
  let lo = 0;
  let hi = starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((starts[mid] as number) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
