/**
 * Group commit for append-only records: inserts that arrive while the previous batch is being
 * written go to the database together, in one insertMany (one transaction on FerretDB's SQLite
 * backend, where every single insert is a transaction of its own and one writer runs at a time).
 * Each caller still waits until its own document is stored, so nothing is answered before its
 * record exists; alone, a document is written at once, with no added wait.
 */
export class GroupInsert<T> {
  private queue: Array<{ doc: T; resolve: () => void; reject: (err: unknown) => void }> = [];
  private writing = false;

  constructor(
    private readonly insertMany: (docs: T[]) => Promise<unknown>,
    private readonly maxBatch = 500,
  ) {}

  add(doc: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ doc, resolve, reject });
      if (!this.writing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.maxBatch);
        try {
          await this.insertMany(batch.map((b) => b.doc));
          for (const b of batch) b.resolve();
        } catch (err) {
          const perDoc = writeErrorsOf(err);
          if (perDoc) {
            // Unordered: every document not named was stored; the named ones fail as they would alone.
            batch.forEach((b, i) => {
              const failed = perDoc.get(i);
              if (failed) b.reject(failed);
              else b.resolve();
            });
          } else {
            // Nothing known per document: each is tried alone and answers for itself.
            for (const b of batch) await this.insertMany([b.doc]).then(b.resolve, b.reject);
          }
        }
      }
    } finally {
      this.writing = false;
    }
  }
}

/**
 * The per-document failures of an unordered insertMany (the driver's MongoBulkWriteError names
 * each by its index, one error or an array), as errors carrying the document's own code
 * (11000: the unique key was taken); undefined when the error says nothing per document.
 */
function writeErrorsOf(err: unknown): Map<number, Error & { code?: number }> | undefined {
  const raw = (err as { writeErrors?: unknown }).writeErrors;
  if (!raw) return undefined;
  const list = (Array.isArray(raw) ? raw : [raw]) as Array<{
    index?: number;
    code?: number;
    errmsg?: string;
  }>;
  if (list.length === 0 || list.some((w) => typeof w.index !== 'number')) return undefined;
  return new Map(
    list.map((w) => [
      w.index as number,
      Object.assign(new Error(w.errmsg ?? 'write failed'), { code: w.code }),
    ]),
  );
}

/**
 * `Model.create(doc)` for many callers at once: each document is validated as create() would
 * (defaults, schema checks, pre-validate hooks such as the expiry buckets), then written with the
 * others in one unordered insertMany. A duplicate key fails only its own caller, with code 11000.
 */
export function groupedCreate<D>(model: {
  new (doc: D): { validate(): Promise<void>; toObject(): object };
  collection: { insertMany(docs: object[], opts: { ordered: boolean }): Promise<unknown> };
}): (doc: D) => Promise<void> {
  const group = new GroupInsert<object>((docs) => model.collection.insertMany(docs, { ordered: false }));
  return async (doc) => {
    const built = new model(doc);
    await built.validate();
    await group.add(built.toObject());
  };
}
