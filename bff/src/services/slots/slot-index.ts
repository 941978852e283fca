import { randomUUID } from 'node:crypto';
import type { Logger } from '../../lib/logger';
import { findByField, type FindModel } from '../../models/diff-write';
import type { FeedStateDoc, SlotDoc, SlotModels } from '../../models/slots';

interface HospitalSlots {
  /** The feed state's `slotsVersion` this copy was loaded at. */
  version: string | null;
  byId: Map<string, SlotDoc>;
  /** Every period of a department (directory id), by start. */
  byDepartment: Map<string, SlotDoc[]>;
  /** Periods that are or will become bookable (remaining > 0, not 停诊), by standard code, by start. */
  openByCode: Map<string, SlotDoc[]>;
}

const byStart = (a: SlotDoc, b: SlotDoc) =>
  new Date(a.start).getTime() - new Date(b.start).getTime() || a._id.localeCompare(b._id);

function group(docs: SlotDoc[], keyOf: (d: SlotDoc) => string): Map<string, SlotDoc[]> {
  const out = new Map<string, SlotDoc[]>();
  for (const doc of docs) {
    const key = keyOf(doc);
    const list = out.get(key);
    if (list) list.push(doc);
    else out.set(key, [doc]);
  }
  for (const list of out.values()) list.sort(byStart);
  return out;
}

function indexOf(version: string | null, docs: SlotDoc[]): HospitalSlots {
  const open = docs.filter(
    (d) => d.remaining > 0 && (d.status === 'available' || d.status === 'not_released'),
  );
  return {
    version,
    byId: new Map(docs.map((d) => [d._id, d])),
    byDepartment: group(docs, (d) => d.departmentId),
    openByCode: group(open, (d) => d.departmentCode),
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

  constructor(
    private readonly models: SlotModels,
    private readonly log: Logger,
  ) {}

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
   * push that wrote a few slots) the copy held here is patched instead: reading a hospital back
   * from FerretDB takes seconds, patching takes microseconds.
   */
  async changed(hospitalId: string, docs?: readonly SlotDoc[]): Promise<void> {
    const version = randomUUID();
    const held = this.hospitals.get(hospitalId);
    if (docs && held && !this.loading.has(hospitalId)) {
      const byId = new Map(held.byId);
      for (const doc of docs) byId.set(doc._id, doc);
      this.hospitals.set(hospitalId, indexOf(version, [...byId.values()]));
      await this.models.FeedState.updateOne(
        { _id: hospitalId },
        { $set: { slotsVersion: version } },
        { upsert: true },
      ).exec();
      return;
    }
    await this.models.FeedState.updateOne(
      { _id: hospitalId },
      { $set: { slotsVersion: version } },
      { upsert: true },
    ).exec();
    await this.reload(hospitalId, version);
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

  slot(id: string): SlotDoc | undefined {
    const hospitalId = id.slice(0, id.indexOf(':'));
    return this.hospitals.get(hospitalId)?.byId.get(id);
  }

  department(hospitalId: string, departmentId: string): readonly SlotDoc[] {
    return this.hospitals.get(hospitalId)?.byDepartment.get(departmentId) ?? [];
  }

  /** Open periods of a department code at one hospital starting at or after `after`, by start. */
  *openFrom(hospitalId: string, code: string, after: Date): Generator<SlotDoc> {
    const list = this.hospitals.get(hospitalId)?.openByCode.get(code) ?? [];
    const t = after.getTime();
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (new Date((list[mid] as SlotDoc).start).getTime() < t) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < list.length; i += 1) yield list[i] as SlotDoc;
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
          this.models.Slot as unknown as FindModel<SlotDoc>,
          'hospitalId',
          hospitalId,
        );
        this.hospitals.set(hospitalId, indexOf(version, docs));
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
