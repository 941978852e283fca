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

async function insertNew(model: DiffModel, inserts: object[]): Promise<void> {
  if (inserts.length === 0) return;
  try {
    await model.insertMany(inserts, { ordered: false });
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
  const existing = new Map(
    (
      await model
        .find(opts.scope ?? {}, { _id: 1, contentHash: 1 })
        .lean()
        .exec()
    ).map((d) => [d._id, d.contentHash]),
  );
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
  await insertNew(model, inserts);
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
  opts: Pick<DiffWriteOptions<D>, 'hashOf'> = {},
): Promise<DiffWriteResult> {
  const result = emptyResult();
  if (docs.length === 0) return result;
  const hashOf = opts.hashOf ?? contentHashOf;
  const existing = new Map(
    (
      await model
        .find({ _id: { $in: docs.map((d) => d._id) } }, { _id: 1, contentHash: 1, version: 1 })
        .lean()
        .exec()
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
  await insertNew(model, inserts);
  for (const doc of replaces) await model.replaceOne({ _id: doc._id }, doc);
  return { ...result, inserted: inserts.length, replaced: replaces.length };
}
