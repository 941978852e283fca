/**
 * Runs work for one key at a time in this process, in arrival order; different keys run side by
 * side. For read-then-insert sequences (a hash chain's append) that would otherwise race each
 * other inside one replica; across replicas the unique insert still decides.
 */
export class KeyedTurns {
  private readonly tails = new Map<string, Promise<void>>();

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const before = this.tails.get(key) ?? Promise.resolve();
    const mine = before.then(work);
    const settled = mine.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, settled);
    void settled.then(() => {
      if (this.tails.get(key) === settled) this.tails.delete(key);
    });
    return mine;
  }
}
