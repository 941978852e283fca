import { LRUCache } from 'lru-cache';

export interface Cached<T> {
  value: T;
  at: number;
}

/**
 * Hospital answers by key. Entries outlive the TTL on purpose: past it an answer is asked for
 * again, and the old one is what a failing hospital is shown from (`stale`). Concurrent misses of
 * one key share one upstream call, so a burst after expiry asks the hospital once.
 */
export class AnswerCache<T> {
  private readonly entries: LRUCache<string, Cached<T>>;
  private readonly inflight = new Map<string, Promise<T>>();

  constructor(
    private readonly ttlMs: number,
    max: number,
    private readonly now: () => number = Date.now,
  ) {
    this.entries = new LRUCache({ max });
  }

  /** An answer younger than the TTL. */
  fresh(key: string): Cached<T> | undefined {
    const hit = this.entries.get(key);
    return hit && this.now() - hit.at < this.ttlMs ? hit : undefined;
  }

  /** The last answer, however old. */
  last(key: string): Cached<T> | undefined {
    return this.entries.get(key);
  }

  /** Calls `fetch` unless a call for the key is already running; stores what it returns. */
  load(key: string, fetch: () => Promise<T>): Promise<T> {
    const running = this.inflight.get(key);
    if (running) return running;
    const call = fetch()
      .then((value) => {
        this.entries.set(key, { value, at: this.now() });
        return value;
      })
      .finally(() => this.inflight.delete(key));
    this.inflight.set(key, call);
    return call;
  }
}
