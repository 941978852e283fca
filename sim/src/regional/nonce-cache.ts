/**
 * Nonces seen per app id. Entries live for 2 × the allowed clock skew: a request signed at the
 * far edge of the window can arrive up to one skew later, so anything older can no longer be
 * replayed (its timestamp would be refused first). Bounded so a flood cannot exhaust memory;
 * past the bound the oldest entries go first, which only reopens nonces that are about to expire.
 */
export class NonceCache {
  // Insertion order is expiry order because every entry gets the same lifetime.
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 100_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records the nonce and returns true, or returns false when it was already used. */
  claim(appId: string, nonce: string): boolean {
    const now = this.now();
    this.evict(now);
    const key = `${appId}\n${nonce}`;
    if (this.seen.has(key)) return false;
    this.seen.set(key, now + this.ttlMs);
    while (this.seen.size > this.maxEntries) {
      const oldest = this.seen.keys().next().value;
      if (oldest === undefined) break;
      this.seen.delete(oldest);
    }
    return true;
  }

  get size(): number {
    return this.seen.size;
  }

  clear(): void {
    this.seen.clear();
  }

  private evict(now: number): void {
    for (const [key, expiresAt] of this.seen) {
      if (expiresAt > now) break;
      this.seen.delete(key);
    }
  }
}
