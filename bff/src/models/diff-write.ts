import { createHash } from 'node:crypto';

/** The slice of a mongoose Model the diff writers use (kept structural so any model fits). */
export interface DiffModel {
  find(filter: object, projection: object): { lean(): { exec(): Promise<Array<StoredKeys>> } };
  insertMany(docs: object[], options: object): Promise<unknown>;
  replaceOne(filter: object, doc: object): Promise<unknown>;
  deleteMany(filter: object): Promise<unknown>;
}

interface StoredKeys {
  _id: string;
  contentHash?: string;
  version?: number;
}

export interface DiffWriteResult {
  inserted: number;
  replaced: number;
  deleted: number;
  unchanged: number;
  /** Incremental only: records older (lower version) than what is stored, left alone. */
  outdated: number;
}

export interface DiffWriteOptions<D> {
  /** Limits which stored documents a snapshot covers (and may delete), e.g. `{ hospitalId }`. */
  scope?: object;
  /** What counts as content; default the whole document. Leave out fields that change every fetch. */
  hashOf?: (doc: D) => string;
  /**
   * Insert without mongoose casting and validation (about twice as fast on a big first sync). Only
   * for documents already validated at the boundary and shaped exactly as stored.
   */
  lean?: boolean;
}

export const contentHashOf = (doc: object): string =>
  createHash('sha1').update(JSON.stringify(doc)).digest('base64url');

const emptyResult = (): DiffWriteResult => ({
  inserted: 0,
  replaced: 0,
  deleted: 0,
  unchanged: 0,
  outdated: 0,
});

/** The slice of a mongoose Model findByField uses. */
export interface FindModel<T> {
  find(filter: object, projection?: object): { lean(): { exec(): Promise<T[]> } };
}

interface Waiter<T> {
  value: string;
  /** An inclusion projection, or undefined for whole documents. */
  projection: Record<string, 1> | undefined;
  resolve(docs: T[]): void;
  reject(err: unknown): void;
}

/** The smallest projection that serves every waiter: whole documents if one wants them. */
function unionOf(batch: ReadonlyArray<Waiter<object>>, field: string): Record<string, 1> | undefined {
  const out: Record<string, 1> = { [field]: 1 };
  for (const w of batch) {
    if (!w.projection) return undefined;
    Object.assign(out, w.projection);
  }
  return out;
}

/**
 * FerretDB (SQLite) pushes down only `_id: <string>` filters: reading one hospital's documents is
 * a scan of the whole collection, and eight hospitals syncing at once meant eight (diff) plus
 * eight (slot index) scans fighting for the CPU. So reads of one model by one field share scans:
 * the first runs at once, and the reads asked for while it runs go together afterwards as one
 * `{ field: { $in: [...] } }` read (with the union of their projections). Every caller still gets
 * a read that started after it asked, so it sees every write made before it asked.
 */
class SharedScans<T extends object> {
  private readonly queue: Array<Waiter<T>> = [];
  private busy = false;

  constructor(
    private readonly model: FindModel<T>,
    private readonly field: string,
  ) {}

  read(value: string, projection: Record<string, 1> | undefined): Promise<T[]> {
    return new Promise<T[]>((resolve, reject) => {
      this.queue.push({ value, projection, resolve, reject });
      if (this.busy) return;
      this.busy = true;
      // A microtask later, so reads asked for in the same tick share the first scan too.
      queueMicrotask(() => void this.drain());
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0);
      const values = [...new Set(batch.map((w) => w.value))];
      try {
        const filter = { [this.field]: values.length === 1 ? values[0] : { $in: values } };
        const docs = await this.model.find(filter, unionOf(batch, this.field)).lean().exec();
        const byValue = new Map<string, T[]>(values.map((v) => [v, []]));
        for (const doc of docs) {
          // As the filter matched it: the field equal to a value, or an array holding it.
          const held = (doc as Record<string, unknown>)[this.field];
          for (const v of Array.isArray(held) ? new Set(held) : [held]) {
            if (typeof v === 'string') byValue.get(v)?.push(doc);
          }
        }
        for (const w of batch) w.resolve(byValue.get(w.value) as T[]);
      } catch (err) {
        for (const w of batch) w.reject(err);
      }
    }
    this.busy = false;
  }
}

const sharedScans = new WeakMap<object, Map<string, SharedScans<object>>>();

/**
 * `model.find({ [field]: value }, projection).lean()` (an inclusion projection, or whole
 * documents), sharing the collection scan with the other reads of the same model by the same
 * field asked for meanwhile (see SharedScans). A read may get more fields than it asked for.
 */
export function findByField<T extends object>(
  model: FindModel<T>,
  field: string,
  value: string,
  projection?: Record<string, 1>,
): Promise<T[]> {
  let byField = sharedScans.get(model);
  if (!byField) sharedScans.set(model, (byField = new Map()));
  let scans = byField.get(field) as SharedScans<T> | undefined;
  if (!scans) {
    scans = new SharedScans<T>(model, field);
    byField.set(field, scans as unknown as SharedScans<object>);
  }
  return scans.read(value, projection);
}

/** The stored keys in a sync's scope; a one-field string scope shares its scan (findByField). */
function storedKeys(model: DiffModel, scope: object): Promise<StoredKeys[]> {
  const projection = { _id: 1, contentHash: 1 } as const;
  const entries = Object.entries(scope);
  if (entries.length === 1 && typeof entries[0]?.[1] === 'string') {
    const [field, value] = entries[0] as [string, string];
    if (!field.startsWith('$') && field !== '_id') return findByField(model, field, value, projection);
  }
  return model.find(scope, projection).lean().exec();
}

/** Up to this many ids are looked up one by one: FerretDB answers `_id: x` from its primary key
 * but scans the whole collection for `_id: {$in: [...]}`. */
const LOOKUPS_PER_ID_UP_TO = 32;

async function storedByIds(model: DiffModel, ids: string[]): Promise<StoredKeys[]> {
  const projection = { _id: 1, contentHash: 1, version: 1 } as const;
  if (ids.length > LOOKUPS_PER_ID_UP_TO)
    return model
      .find({ _id: { $in: ids } }, projection)
      .lean()
      .exec();
  const found = await Promise.all(ids.map((_id) => model.find({ _id }, projection).lean().exec()));
  return found.flat();
}

async function insertNew(model: DiffModel, inserts: object[], lean = false): Promise<void> {
  if (inserts.length === 0) return;
  try {
    await model.insertMany(inserts, { ordered: false, ...(lean && { lean: true }) });
  } catch (err) {
    // Another replica inserted the same ids in the same moment: same content, so nothing is lost.
    if ((err as { code?: number }).code !== 11000) throw err;
  }
}

/**
 * Makes the stored documents in `scope` equal to a complete snapshot, writing only the difference:
 * new documents inserted in bulk, changed ones (by content hash) replaced, gone ones deleted. On
 * FerretDB every update is a read and a write, so rewriting unchanged documents on each sync would
 * cost minutes; the hash makes an unchanged sync a single read.
 */
export async function syncCollection<D extends { _id: string }>(
  model: DiffModel,
  docs: D[],
  syncedAt: Date,
  opts: DiffWriteOptions<D> = {},
): Promise<DiffWriteResult> {
  const hashOf = opts.hashOf ?? contentHashOf;
  const existing = new Map((await storedKeys(model, opts.scope ?? {})).map((d) => [d._id, d.contentHash]));
  const wanted = new Set(docs.map((d) => d._id));
  const result = emptyResult();
  const inserts: object[] = [];
  const replaces: Array<{ _id: string }> = [];
  for (const doc of docs) {
    const contentHash = hashOf(doc);
    const stored = { ...doc, contentHash, syncedAt };
    if (!existing.has(doc._id)) inserts.push(stored);
    else if (existing.get(doc._id) !== contentHash) replaces.push(stored);
    else result.unchanged += 1;
  }
  await insertNew(model, inserts, opts.lean);
  for (const doc of replaces) await model.replaceOne({ _id: doc._id }, doc);
  // Removal by "not in the source's list" (not by run stamp) stays correct when two replicas sync at once.
  const gone = [...existing.keys()].filter((id) => !wanted.has(id));
  if (gone.length > 0) await model.deleteMany({ _id: { $in: gone } });
  return { ...result, inserted: inserts.length, replaced: replaces.length, deleted: gone.length };
}

/**
 * Applies a batch of changes (not a snapshot): inserts new documents, replaces changed ones and
 * deletes nothing. A document whose `version` is lower than the stored one is an out-of-order
 * answer and is skipped.
 */
export async function upsertChanged<D extends { _id: string; version?: number }>(
  model: DiffModel,
  docs: D[],
  syncedAt: Date,
  opts: Pick<DiffWriteOptions<D>, 'hashOf' | 'lean'> = {},
): Promise<DiffWriteResult> {
  const result = emptyResult();
  if (docs.length === 0) return result;
  const hashOf = opts.hashOf ?? contentHashOf;
  const existing = new Map(
    (
      await storedByIds(
        model,
        docs.map((d) => d._id),
      )
    ).map((d) => [d._id, d]),
  );
  const inserts: object[] = [];
  const replaces: Array<{ _id: string }> = [];
  for (const doc of docs) {
    const stored = existing.get(doc._id);
    const contentHash = hashOf(doc);
    if (!stored) inserts.push({ ...doc, contentHash, syncedAt });
    else if (doc.version !== undefined && stored.version !== undefined && doc.version < stored.version)
      result.outdated += 1;
    else if (stored.contentHash !== contentHash) replaces.push({ ...doc, contentHash, syncedAt });
    else result.unchanged += 1;
  }
  await insertNew(model, inserts, opts.lean);
  for (const doc of replaces) await model.replaceOne({ _id: doc._id }, doc);
  return { ...result, inserted: inserts.length, replaced: replaces.length };
}
