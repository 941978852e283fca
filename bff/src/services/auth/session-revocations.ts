import { LRUCache } from 'lru-cache';
import type { AccountModels } from '../../models/accounts';
import { revokedClaimId } from './refresh-tokens';

/** An answer "still active" is reused this long: a logout reaches every replica within it. */
export const ACTIVE_CACHE_MS = 500;

/**
 * Whether a login session (a refresh-token family, the access token's `sid`) was ended by a
 * logout or a replayed refresh token. The revocation claim in the database is the one truth every
 * replica reads; a revoked answer is final and kept, an active one is re-read after half a second,
 * so an access token stops within a second of its logout instead of living out its 15 minutes.
 */
export class SessionRevocations {
  private readonly cache = new LRUCache<string, { revoked: boolean; at: number }>({ max: 100_000 });
  private readonly reading = new Map<string, Promise<boolean>>();

  constructor(
    private readonly models: Pick<AccountModels, 'AuthClaim'>,
    private readonly now: () => number = Date.now,
  ) {}

  async isRevoked(sid: string): Promise<boolean> {
    const hit = this.cache.get(sid);
    if (hit && (hit.revoked || this.now() - hit.at < ACTIVE_CACHE_MS)) return hit.revoked;
    // A burst of one account's requests shares one read.
    let read = this.reading.get(sid);
    if (!read) {
      read = this.read(sid).finally(() => this.reading.delete(sid));
      this.reading.set(sid, read);
    }
    return read;
  }

  /** This replica revoked it: known here at once. */
  revokedHere(sid: string): void {
    this.cache.set(sid, { revoked: true, at: this.now() });
  }

  private async read(sid: string): Promise<boolean> {
    const at = this.now();
    const revoked = (await this.models.AuthClaim.exists({ _id: revokedClaimId(sid) })) !== null;
    this.cache.set(sid, { revoked, at });
    return revoked;
  }
}
