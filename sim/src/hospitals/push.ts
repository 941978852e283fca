import { createHmac, randomUUID } from 'node:crypto';
import { sleep } from '../lib/sleep';
import type { FeedSlot, PushLogEntry, PushTarget } from './types';

export interface SlotEvent {
  eventId: string;
  type: 'slot.updated' | 'session.cancelled';
  hospitalId: string;
  sourceSlotId: string;
  version: number;
  occurredAt: string;
  slot: { start: string; end: string; capacity: number; remaining: number; status: FeedSlot['status'] };
}

/** Lowercase hex HMAC-SHA256(secret, `${timestamp}\n${nonce}\n${rawBody}`). */
export function signPush(secret: string, timestamp: string, nonce: string, rawBody: string): string {
  return createHmac('sha256', secret).update(`${timestamp}\n${nonce}\n${rawBody}`).digest('hex');
}

export function slotEvent(
  hospitalId: string,
  type: SlotEvent['type'],
  s: FeedSlot,
  occurredAt: string,
): SlotEvent {
  return {
    eventId: randomUUID(),
    type,
    hospitalId,
    sourceSlotId: s.sourceSlotId,
    version: s.version,
    occurredAt,
    slot: { start: s.start, end: s.end, capacity: s.capacity, remaining: s.remaining, status: s.status },
  };
}

const BACKOFF_MS = [200, 400, 800];
const ATTEMPT_TIMEOUT_MS = 3_000;

/**
 * Sends slot events one batch at a time, in order, each retried with backoff on a network
 * error, 429 or 5xx. The timestamp header is real time (transport), whatever the feed's clock.
 */
export class SlotPusher {
  private log: PushLogEntry[] = [];
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly target: PushTarget,
    private readonly signal: AbortSignal,
  ) {}

  send(events: SlotEvent[]): void {
    if (events.length === 0) return;
    const body = JSON.stringify({ events });
    const entry: PushLogEntry = {
      eventIds: events.map((e) => e.eventId),
      body,
      headers: this.headers(body),
      attempts: [],
      delivered: false,
      replay: false,
    };
    this.log.push(entry);
    this.enqueue(entry);
  }

  entries(): PushLogEntry[] {
    return structuredClone(this.log);
  }

  flush(): Promise<void> {
    return this.chain;
  }

  clear(): void {
    this.log = [];
  }

  async replayLast(opts: { sameNonce?: boolean } = {}): Promise<PushLogEntry> {
    const last = [...this.log].reverse().find((e) => !e.replay);
    if (!last) throw new RangeError('nothing has been pushed yet');
    const entry: PushLogEntry = {
      eventIds: last.eventIds,
      body: last.body,
      headers: opts.sameNonce ? { ...last.headers } : this.headers(last.body),
      attempts: [],
      delivered: false,
      replay: true,
    };
    this.log.push(entry);
    this.enqueue(entry);
    await this.chain;
    return structuredClone(entry);
  }

  private headers(body: string): Record<string, string> {
    const timestamp = String(Date.now());
    const nonce = randomUUID().replaceAll('-', '');
    return {
      'content-type': 'application/json; charset=utf-8',
      'x-feed-timestamp': timestamp,
      'x-feed-nonce': nonce,
      'x-feed-signature': signPush(this.target.secret, timestamp, nonce, body),
    };
  }

  private enqueue(entry: PushLogEntry): void {
    this.chain = this.chain.then(() => this.deliver(entry));
  }

  private async deliver(entry: PushLogEntry): Promise<void> {
    for (let attempt = 0; attempt <= BACKOFF_MS.length; attempt++) {
      if (this.signal.aborted) return;
      try {
        const res = await fetch(this.target.url, {
          method: 'POST',
          headers: entry.headers,
          body: entry.body,
          signal: AbortSignal.any([this.signal, AbortSignal.timeout(ATTEMPT_TIMEOUT_MS)]),
        });
        await res.arrayBuffer().catch(() => undefined);
        entry.status = res.status;
        entry.attempts.push({ status: res.status, at: new Date().toISOString() });
        if (res.ok) {
          entry.delivered = true;
          return;
        }
        if (res.status !== 429 && res.status < 500) return; // the receiver refused it; resending will not help
      } catch (err) {
        entry.attempts.push({
          error: err instanceof Error ? err.message : String(err),
          at: new Date().toISOString(),
        });
      }
      const delay = BACKOFF_MS[attempt];
      if (delay === undefined) return;
      try {
        await sleep(delay, this.signal);
      } catch {
        return;
      }
    }
  }
}
