import { LRUCache } from 'lru-cache';
import type { Logger } from '../../lib/logger';
import { channelOf, subscriberOf, type RedisClient } from '../../lib/redis';
import type { AccountModels } from '../../models/accounts';
import { revokedClaimId } from './refresh-tokens';

/** Without a live revocation broadcast, an "active" answer is reused this long (other replicas). */
export const ACTIVE_CACHE_MS = 500;
/** With one (or as the only process), this long: a safety net, not the way a logout arrives. */
export const ACTIVE_TRUSTED_MS = 30_000;

interface Answer {
  revoked: boolean;
  at: number;
  /** The broadcast epoch the answer was made in (see `epoch`). */
  epoch: number;
}

/**
 * Whether a login session (a refresh-token family, the access token's `sid`) was ended by a
 * logout or a replayed refresh token. The revocation claim in the database is the one truth; a
 * revoked answer is final and kept. An active answer costs no read per request:
 * - one process (no Redis): every revocation is made here (`revokedHere`) and every session it
 *   issued tokens for is known (`activeHere`), so the claim is read once per session after a
 *   start, then every ACTIVE_TRUSTED_MS;
 * - replicas (Redis): revocations are published on `<prefix>session-revocations`; an active answer
 *   is trusted while the subscription that would have carried its revocation has been up since
 *   the answer was made (a reconnect starts a new epoch, and answers from before it are read
 *   again). While it is down, answers are re-read after ACTIVE_CACHE_MS, so a logout reaches
 *   every replica within a second either way.
 */
export class SessionRevocations {
  private readonly cache = new LRUCache<string, Answer>({ max: 200_000 });
  private readonly reading = new Map<string, Promise<boolean>>();
  private sub: RedisClient | undefined;
  private readonly channel: string | undefined;
  /** Bumped whenever the subscription drops or comes back. */
  private epoch = 0;
  /** With Redis: whether the subscription is up now. Without: always (nothing to miss). */
  private live: boolean;

  constructor(
    private readonly models: Pick<AccountModels, 'AuthClaim'>,
    private readonly now: () => number = Date.now,
    private readonly redis?: RedisClient,
    private readonly log?: Logger,
  ) {
    this.live = redis === undefined;
    this.channel = redis && channelOf(redis, 'session-revocations');
  }

  /** Subscribes to the other replicas' revocations (nothing to do without Redis). */
  async start(): Promise<void> {
    if (!this.redis || !this.channel) return;
    const sub = await subscriberOf(this.redis);
    this.sub = sub;
    sub.on('message', (_channel: string, sid: string) => this.mark(sid, true));
    sub.on('close', () => this.drop());
    // ioredis subscribes again after a reconnect and then says ready.
    sub.on('ready', () => this.up());
    await sub.subscribe(this.channel);
    this.up();
  }

  async stop(): Promise<void> {
    this.drop();
    await this.sub?.quit().catch(() => undefined);
  }

  async isRevoked(sid: string): Promise<boolean> {
    const hit = this.cache.get(sid);
    if (hit && (hit.revoked || this.fresh(hit))) return hit.revoked;
    // A burst of one account's requests shares one read.
    let read = this.reading.get(sid);
    if (!read) {
      read = this.read(sid).finally(() => this.reading.delete(sid));
      this.reading.set(sid, read);
    }
    return read;
  }

  /** This process issued a token for the session just now: it is active. */
  activeHere(sid: string): void {
    if (!this.cache.get(sid)?.revoked) this.mark(sid, false);
  }

  /** This process revoked it (the claim is written): known here at once, told to the others. */
  revokedHere(sid: string): void {
    this.mark(sid, true);
    if (this.redis && this.channel)
      this.redis
        .publish(this.channel, sid)
        // The others re-read within ACTIVE_TRUSTED_MS at the latest; a dead Redis has dropped
        // their subscriptions too, so they are re-reading every ACTIVE_CACHE_MS already.
        .catch((err: Error) => this.log?.warn({ err: err.message }, 'session revocation broadcast failed'));
  }

  private fresh(a: Answer): boolean {
    const age = this.now() - a.at;
    if (this.live && a.epoch === this.epoch) return age < ACTIVE_TRUSTED_MS;
    return age < ACTIVE_CACHE_MS;
  }

  private mark(sid: string, revoked: boolean): void {
    this.cache.set(sid, { revoked, at: this.now(), epoch: this.epoch });
  }

  private up(): void {
    if (this.live) return;
    this.epoch += 1;
    this.live = true;
  }

  private drop(): void {
    if (!this.redis || !this.live) return;
    this.epoch += 1;
    this.live = false;
  }

  private async read(sid: string): Promise<boolean> {
    // Taken before the read: a revocation published while it is in flight is not overwritten.
    const epoch = this.epoch;
    const at = this.now();
    const revoked = (await this.models.AuthClaim.exists({ _id: revokedClaimId(sid) })) !== null;
    const meanwhile = this.cache.get(sid);
    if (!meanwhile?.revoked) this.cache.set(sid, { revoked, at, epoch });
    return revoked || meanwhile?.revoked === true;
  }
}
