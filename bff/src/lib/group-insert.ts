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
        } catch {
          // One bad document must not fail the others: each is tried alone and answers for itself.
          for (const b of batch) await this.insertMany([b.doc]).then(b.resolve, b.reject);
        }
      }
    } finally {
      this.writing = false;
    }
  }
}
