import { randomUUID } from 'node:crypto';
import type { Logger } from '../../lib/logger';
import { channelOf, subscriberOf, type RedisClient } from '../../lib/redis';
import type { IndexedSlot } from '../../models/slots';
import type { SlotChange } from './slot-changes';
import type { SlotIndex } from './slot-index';

const DATE_FIELDS = ['start', 'end', 'releaseAt', 'sourceUpdatedAt', 'fetchedAt'] as const;

/** JSON carried the instants as strings; readers of the index expect Dates, as loaded. */
function revive(doc: IndexedSlot): IndexedSlot {
  const out = { ...doc } as Record<string, unknown>;
  for (const f of DATE_FIELDS) if (typeof out[f] === 'string') out[f] = new Date(out[f] as string);
  return out as unknown as IndexedSlot;
}

interface Message {
  from: string;
  hospitalId: string;
  version: string;
  /** Pushed slots, patched in as they are; absent for a whole snapshot (read back instead). */
  docs?: IndexedSlot[];
}

/**
 * Replicas tell each other of their slot writes over Redis pub/sub, so a slot pushed to one is
 * served by every replica within milliseconds. A lost message costs nothing lasting: the
 * feed-state version check (FeedFreshness, every second) finds the moved version and reloads.
 */
export class SlotBroadcast {
  private readonly me = randomUUID();
  private sub: RedisClient | undefined;
  private readonly channel: string;

  constructor(
    private readonly redis: RedisClient,
    private readonly index: SlotIndex,
    private readonly log: Logger,
  ) {
    this.channel = channelOf(redis, 'slot-writes');
  }

  async start(): Promise<void> {
    this.sub = await subscriberOf(this.redis);
    this.sub.on('message', (_channel: string, raw: string) => this.receive(raw));
    await this.sub.subscribe(this.channel);
    this.index.announce = (hospitalId, version, change) => this.send(hospitalId, version, change);
  }

  async stop(): Promise<void> {
    this.index.announce = undefined;
    await this.sub?.quit().catch(() => undefined);
  }

  private send(hospitalId: string, version: string, change: SlotChange | undefined): void {
    const msg: Message = {
      from: this.me,
      hospitalId,
      version,
      ...(change && !change.complete && { docs: [...change.docs] }),
    };
    this.redis
      .publish(this.channel, JSON.stringify(msg))
      .catch((err: Error) => this.log.warn({ hospitalId, err: err.message }, 'slot broadcast failed'));
  }

  private receive(raw: string): void {
    let msg: Message;
    try {
      msg = JSON.parse(raw) as Message;
    } catch {
      return;
    }
    if (msg.from === this.me || typeof msg.hospitalId !== 'string' || typeof msg.version !== 'string') return;
    const change = Array.isArray(msg.docs) ? { docs: msg.docs.map(revive), complete: false } : undefined;
    this.index
      .applyRemote(msg.hospitalId, msg.version, change)
      .catch((err: Error) =>
        this.log.warn({ hospitalId: msg.hospitalId, err: err.message }, 'slot broadcast apply failed'),
      );
  }
}
