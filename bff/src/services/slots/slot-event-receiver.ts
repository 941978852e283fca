import { everyTurn, type TurnGate } from '../../lib/periodic-job';
import type { mongo } from 'mongoose';
import { SlotEventBatch, type SlotEvent, type SlotEventsResponse } from '@jiankang/shared';
import { AppError } from '../../lib/app-error';
import type { Logger } from '../../lib/logger';
import { parseInput } from '../../lib/validate';
import { contentHashOf } from '../../models/diff-write';
import { isDuplicateKey, type PushModels, type SlotEventDoc } from '../../models/push';
import type { SlotDoc, SlotModels } from '../../models/slots';
import { deriveStatus } from '@jiankang/shared';
import { verifyPushSignature, type PushAuthHeaders } from './push-signature';
import type { SlotChanges } from './slot-changes';
import type { PushOutcome } from '../console/push-log';
import { dayOf, expiredAt } from '../../models/time-buckets';

/**
 * Event ids are remembered this long. A redelivery after that is looked at again, and the slot's
 * version stops it from changing anything.
 */
export const EVENT_ID_RETENTION_MS = 7 * 24 * 60 * 60_000;

export interface SlotEventReceiverOptions {
  /** Hospitals that push, with their shared secret (config/hospitals.json `push.secret`). */
  hospitals: ReadonlyArray<{ id: string; push?: { secret: string } }>;
  maxSkewMs: number;
  maxBodyBytes: number;
  log: Logger;
  /** How long an answer waits for read caches to reload; default 1.5 s (the hospital waits 3 s). */
  refreshBudgetMs?: number;
  now?: () => Date;
  /** Told of every push of a pushing hospital, accepted or refused (the console's push log). */
  onOutcome?: (outcome: PushOutcome) => void;
}

/** Up to this many slots in a push are read one `_id` at a time; more, with one `$in` query. */
const LOOKUPS_PER_ID_UP_TO = 32;

type StoredSlot = Omit<SlotDoc, 'contentHash' | 'syncedAt'>;

/** As the poller hashes (hospital-feed-poller.ts `slotHash`): fetchedAt is not content. */
const slotHash = ({ fetchedAt: _fetchedAt, ...content }: StoredSlot) => contentHashOf(content);

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Receives a hospital's signed slot-event push (POST /feeds/:hospitalId/slot-events): checks the
 * signature, timestamp and nonce, validates the whole batch, then applies each event once (its id
 * is a unique insert) and only when it is newer than the stored slot. Nothing is written for a
 * request that fails a check.
 */
export class SlotEventReceiver {
  readonly maxBodyBytes: number;
  private readonly secrets: Map<string, string>;
  private readonly maxSkewMs: number;
  private readonly now: () => Date;
  private readonly log: Logger;
  private readonly refreshBudgetMs: number;
  private readonly onOutcome: NonNullable<SlotEventReceiverOptions['onOutcome']>;
  private readonly turns = new Map<string, Promise<void>>();
  private cleanupTimer: NodeJS.Timeout | undefined;
  private cleaning: Promise<void> | undefined;

  constructor(
    private readonly slots: SlotModels,
    private readonly push: PushModels,
    private readonly changes: SlotChanges,
    opts: SlotEventReceiverOptions,
  ) {
    this.secrets = new Map(opts.hospitals.flatMap((h) => (h.push ? [[h.id, h.push.secret] as const] : [])));
    this.maxSkewMs = opts.maxSkewMs;
    this.maxBodyBytes = opts.maxBodyBytes;
    this.now = opts.now ?? (() => new Date());
    this.log = opts.log;
    this.refreshBudgetMs = opts.refreshBudgetMs ?? 1_500;
    this.onOutcome = opts.onOutcome ?? (() => undefined);
  }

  /** FEED_NOT_FOUND unless the hospital is configured to push; checked before the body is read. */
  assertPushing(hospitalId: string): void {
    if (!this.secrets.has(hospitalId)) {
      throw new AppError('FEED_NOT_FOUND', `Hospital ${hospitalId.slice(0, 40)} does not push slot events`);
    }
  }

  async receive(
    hospitalId: string,
    headers: Partial<PushAuthHeaders>,
    rawBody: Buffer,
  ): Promise<SlotEventsResponse> {
    this.assertPushing(hospitalId);
    const now = this.now();
    const seen = { events: 0 };
    try {
      const counts = await this.receiveChecked(hospitalId, headers, rawBody, now, seen);
      this.onOutcome({ hospitalId, at: now, events: seen.events, counts });
      return counts;
    } catch (err) {
      const refused = err instanceof AppError ? `${err.code}: ${err.message}` : 'INTERNAL_ERROR';
      this.onOutcome({ hospitalId, at: now, events: seen.events, refused });
      throw err;
    }
  }

  private async receiveChecked(
    hospitalId: string,
    headers: Partial<PushAuthHeaders>,
    rawBody: Buffer,
    now: Date,
    seen: { events: number },
  ): Promise<SlotEventsResponse> {
    const { nonce } = verifyPushSignature(
      this.secrets.get(hospitalId) as string,
      headers,
      rawBody,
      now.getTime(),
      this.maxSkewMs,
    );
    const events = this.parse(hospitalId, rawBody);
    seen.events = events.length;

    // Writes start here, after every check. Kept at least twice the skew: any request old enough
    // to be forgotten is refused by the timestamp check.
    const nonceId = `${hospitalId}#${nonce}`;
    try {
      await this.push.PushNonce.create({
        _id: nonceId,
        expiresAt: new Date(now.getTime() + 2 * this.maxSkewMs),
      });
    } catch (err) {
      if (isDuplicateKey(err)) throw new AppError('SIGNATURE_INVALID', 'X-Feed-Nonce was already used');
      throw err;
    }
    try {
      return await this.serialised(hospitalId, () => this.apply(hospitalId, events, now));
    } catch (err) {
      // The hospital retries a 5xx with the same headers: let that retry through.
      await this.push.PushNonce.deleteOne({ _id: nonceId }).catch(() => undefined);
      throw err;
    }
  }

  /** Deletes expired nonces and event ids every `intervalMs` (FerretDB has no TTL expiry). */
  startCleanup(intervalMs = this.maxSkewMs, gate: TurnGate = everyTurn): void {
    void this.stopCleanup();
    this.cleanupTimer = setInterval(() => {
      this.cleaning ??= gate()
        .then((mine) => (mine ? this.cleanup() : undefined))
        .catch((err: Error) => this.log.warn({ err: err.message }, 'push cleanup failed'))
        .finally(() => {
          this.cleaning = undefined;
        });
    }, intervalMs);
    this.cleanupTimer.unref();
  }

  /** Stops the cleanup job; resolves when a run in progress has finished. */
  async stopCleanup(): Promise<void> {
    clearInterval(this.cleanupTimer);
    this.cleanupTimer = undefined;
    await this.cleaning;
  }

  async cleanup(now = this.now()): Promise<void> {
    await this.push.PushNonce.deleteMany(expiredAt(now));
    await this.push.SlotEvent.deleteMany(expiredAt(now));
  }

  private parse(hospitalId: string, rawBody: Buffer): SlotEvent[] {
    let json: unknown;
    try {
      json = JSON.parse(utf8.decode(rawBody));
    } catch {
      json = undefined;
    }
    if (typeof json !== 'object' || json === null) {
      throw new AppError('MALFORMED_JSON', 'Request body is not valid JSON (an object)');
    }
    const { events } = parseInput(SlotEventBatch, json, 'body');
    const foreign = events.findIndex((e) => e.hospitalId !== hospitalId);
    if (foreign >= 0) {
      const field = `events.${foreign}.hospitalId`;
      throw new AppError('VALIDATION_FAILED', `Invalid body field '${field}': expected ${hospitalId}`, {
        field,
      });
    }
    return events;
  }

  private async apply(
    hospitalId: string,
    events: SlotEvent[],
    now: Date,
  ): Promise<{ counts: SlotEventsResponse; written: SlotDoc[] }> {
    const counts: SlotEventsResponse = { accepted: 0, duplicates: 0, outdated: 0, unknown: 0 };
    const fresh = await this.claimEvents(hospitalId, events, now);
    counts.duplicates = events.length - fresh.length;
    const written: SlotDoc[] = [];
    try {
      // Within one batch the highest version of a slot wins; the others are outdated already.
      const latest = new Map<string, SlotEvent>();
      for (const e of fresh) {
        const id = `${hospitalId}:${e.sourceSlotId}`;
        const seen = latest.get(id);
        if (!seen || e.version > seen.version) latest.set(id, e);
      }
      counts.outdated += fresh.length - latest.size;

      const stored = await this.storedSlots([...latest.keys()]);
      // One write per slot, by _id alone: FerretDB finds that by its primary key but scans the whole
      // collection for a filter with any other condition (seconds on a city's slots).
      const applied = await Promise.all(
        [...latest].map(async ([id, e]) => {
          const slot = stored.get(id);
          if (!slot) return 'unknown';
          if (typeof slot.version === 'number' && e.version <= slot.version) return 'outdated';
          const doc = applyEvent(slot, e, now);
          const contentHash = slotHash(doc);
          if (contentHash === slot.contentHash) return 'accepted';
          const next = { ...doc, contentHash, syncedAt: now } as SlotDoc;
          await this.slots.Slot.replaceOne({ _id: id }, next).exec();
          written.push(next);
          return 'accepted';
        }),
      );
      for (const outcome of applied) counts[outcome] += 1;
    } catch (err) {
      // Not (all) applied: forget the ids so the hospital's retry applies them; whatever was written
      // already is announced all the same.
      await this.forget(hospitalId, fresh);
      if (written.length > 0) void this.announce(hospitalId, written);
      throw err;
    }
    this.log.info({ hospitalId, events: events.length, ...counts }, 'slot events received');
    return { counts, written };
  }

  /**
   * Applies one push at a time per hospital in this process, so two deliveries racing for one slot
   * cannot interleave their read and write (FerretDB's updates are not atomic; across replicas the
   * window stays, as it does for polls). Readers are told after the turn, outside it.
   */
  private async serialised(
    hospitalId: string,
    work: () => Promise<{ counts: SlotEventsResponse; written: SlotDoc[] }>,
  ): Promise<SlotEventsResponse> {
    const before = this.turns.get(hospitalId) ?? Promise.resolve();
    const mine = before.then(work);
    const settled = mine.then(
      () => undefined,
      () => undefined,
    );
    this.turns.set(hospitalId, settled);
    try {
      const { counts, written } = await mine;
      if (written.length > 0) await this.announce(hospitalId, written);
      return counts;
    } finally {
      if (this.turns.get(hospitalId) === settled) this.turns.delete(hospitalId);
    }
  }

  /**
   * Tells readers (the slot index) to reload, waiting for that at most `refreshBudgetMs`: the slots
   * are written already, and the hospital gives up after 3 s and resends with the same nonce, which
   * would be refused. A reload still running carries on after the answer.
   */
  private async announce(hospitalId: string, written: SlotDoc[]): Promise<void> {
    const reloaded = this.changes
      .changed(hospitalId, { docs: written, complete: false })
      .catch((err: Error) => this.log.warn({ hospitalId, err: err.message }, 'slot index reload failed'));
    let timer: NodeJS.Timeout | undefined;
    const budget = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, this.refreshBudgetMs);
      timer.unref();
    });
    await Promise.race([reloaded, budget]);
    clearTimeout(timer);
  }

  /**
   * The stored slots with these ids. A few (one take, one 停诊 session): one `_id` look-up each,
   * which FerretDB answers from its primary key; many: one `$in` query, which it answers by a scan.
   */
  private async storedSlots(ids: string[]): Promise<Map<string, SlotDoc>> {
    const docs =
      ids.length <= LOOKUPS_PER_ID_UP_TO
        ? await Promise.all(ids.map((id) => this.slots.Slot.findById(id).lean<SlotDoc>().exec()))
        : await this.slots.Slot.find({ _id: { $in: ids } })
            .lean<SlotDoc[]>()
            .exec();
    return new Map(docs.flatMap((d) => (d ? [[d._id, d] as const] : [])));
  }

  /** The events whose id this request inserted first; a duplicate key means already applied. */
  private async claimEvents(hospitalId: string, events: SlotEvent[], now: Date): Promise<SlotEvent[]> {
    const unique = [...new Map(events.map((e) => [e.eventId, e])).values()];
    const expiresAt = new Date(now.getTime() + EVENT_ID_RETENTION_MS);
    const expiresDay = dayOf(expiresAt); // the raw insert skips the model's expiry-bucket hook
    const docs = unique.map((e) => ({
      _id: `${hospitalId}#${e.eventId}`,
      receivedAt: now,
      expiresAt,
      expiresDay,
    }));
    try {
      // One unordered bulk insert (one round trip); each duplicate key comes back as a write error.
      // (The driver's own insert: mongoose's wraps the write errors and loses their codes.)
      const collection = this.push.SlotEvent.collection as unknown as mongo.Collection<SlotEventDoc>;
      await collection.insertMany(docs, { ordered: false });
      return unique;
    } catch (err) {
      const writeErrors = (err as { writeErrors?: Array<{ index: number; code?: number }> }).writeErrors;
      if (writeErrors && writeErrors.every((w) => w.code === 11000)) {
        const taken = new Set(writeErrors.map((w) => w.index));
        return unique.filter((_, i) => !taken.has(i));
      }
      // Which ids got in is unknown: release them all; the slot versions still stop a second apply.
      await this.forget(hospitalId, unique);
      throw err;
    }
  }

  private async forget(hospitalId: string, events: SlotEvent[]): Promise<void> {
    await Promise.all(
      events.map((e) =>
        this.push.SlotEvent.deleteOne({ _id: `${hospitalId}#${e.eventId}` }).catch(() => undefined),
      ),
    );
  }
}

/**
 * The stored slot with the event's counts: 停诊 wins, a slot not yet released stays so until its
 * release time, else bookable while places remain. Times, doctor and fee come from the feed only.
 */
export function applyEvent(slot: SlotDoc, e: SlotEvent, now: Date): StoredSlot {
  const { contentHash: _hash, syncedAt: _syncedAt, ...base } = slot;
  const unreleased = slot.status === 'not_released' && !!slot.releaseAt && new Date(slot.releaseAt) > now;
  return {
    ...base,
    capacity: e.slot.capacity,
    remaining: e.slot.remaining,
    status: deriveStatus({
      cancelled: e.slot.status === 'cancelled' || e.type === 'session.cancelled',
      released: !unreleased,
      remaining: e.slot.remaining,
    }),
    version: e.version,
    sourceUpdatedAt: new Date(e.occurredAt),
    fetchedAt: now,
  };
}
