import { everyTurn, type TurnGate } from '../../lib/periodic-job';
import type { Logger } from '../../lib/logger';
import { feedPolicy, type FeedPolicy, type FeedPolicyOptions } from '../../lib/resilience';
import { UpstreamError } from '../../lib/upstream-error';
import {
  contentHashOf,
  syncCollection,
  upsertChanged,
  type DiffModel,
  type DiffWriteResult,
} from '../../models/diff-write';
import type { FeedStateDoc, IndexedSlot, SlotModels } from '../../models/slots';
import type { SlotChange } from './slot-changes';
import type {
  FeedAdapter,
  FeedFetchResult,
  FeedSlotRecord,
} from '../../upstreams/hospitals/common/feed-adapter';
import { upstreamName } from '../../upstreams/hospitals/common/http';

export const DEFAULT_FEED_TIMEOUT_MS = 5_000;
export const DEFAULT_FULL_SYNC_EVERY_MS = 15 * 60_000;

export interface PollerOptions extends Partial<
  Omit<FeedPolicyOptions, 'upstream' | 'timeoutMs' | 'concurrency' | 'queue'>
> {
  /** Per fetch attempt; default 5 s. */
  timeoutMs?: number;
  /** A full snapshot (which also removes gone slots) at least this often; default 15 min. */
  fullSyncEveryMs?: number;
  now?: () => Date;
  /** Told after a poll wrote anything, so read caches drop what they hold. */
  onChange?: (hospitalId: string, change: SlotChange) => Promise<void> | void;
  /** Told after every poll's outcome is stored, so cached feed health is read again. */
  onPolled?: (hospitalId: string) => void;
}

export interface PollResult {
  hospitalId: string;
  ok: boolean;
  full: boolean;
  complete: boolean;
  notModified: boolean;
  slots: number;
  skipped: number;
  /** Files or pages that could not be had (the rest was imported). */
  problems: number;
  /** Slots already over, dropped. */
  past: number;
  written: DiffWriteResult | null;
  error?: string;
}

type StoredSlot = IndexedSlot;

const toDoc = ({ id, ...rest }: FeedSlotRecord): StoredSlot => ({ _id: id, ...rest });
/** fetchedAt changes on every fetch, so it is not content: an unchanged slot is never rewritten. */
const slotHash = ({ fetchedAt: _fetchedAt, ...content }: StoredSlot) => contentHashOf(content);

/**
 * Keeps one hospital's slots in the database in step with its feed: incremental fetches from the
 * stored cursor, a full snapshot every `fullSyncEveryMs` (the only thing that removes slots), all
 * under the hospital's own timeout, bulkhead, circuit breaker and retry. A failed poll writes only
 * the failure, so the last good slots keep serving.
 */
export class HospitalFeedPoller {
  readonly hospitalId: string;
  private readonly policy: FeedPolicy;
  private readonly now: () => Date;
  private readonly fullSyncEveryMs: number;
  private readonly onChange: NonNullable<PollerOptions['onChange']>;
  private readonly onPolled: NonNullable<PollerOptions['onPolled']>;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<PollResult> | undefined;
  private closing = new AbortController();
  private stopped = true;

  constructor(
    private readonly adapter: FeedAdapter,
    private readonly models: SlotModels,
    private readonly log: Logger,
    opts: PollerOptions = {},
  ) {
    this.hospitalId = adapter.hospitalId;
    this.now = opts.now ?? (() => new Date());
    this.fullSyncEveryMs = opts.fullSyncEveryMs ?? DEFAULT_FULL_SYNC_EVERY_MS;
    this.onChange = opts.onChange ?? (() => undefined);
    this.onPolled = opts.onPolled ?? (() => undefined);
    this.policy = feedPolicy({
      ...opts,
      upstream: upstreamName(adapter.hospitalId),
      timeoutMs: opts.timeoutMs ?? DEFAULT_FEED_TIMEOUT_MS,
    });
  }

  get kind() {
    return this.adapter.kind;
  }

  /** The circuit as this process sees it now. */
  circuit(): FeedStateDoc['circuit'] {
    return this.policy.circuit();
  }

  /** Concurrent callers share one run (a `full` request joining an incremental run gets that run). */
  runOnce(opts: { full?: boolean } = {}): Promise<PollResult> {
    this.running ??= this.run(opts.full ?? false).finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /**
   * Polls every `intervalMs` ± 10 % so hospitals and replicas do not poll in lock-step; `gate`
   * false leaves the turn to the replica holding this hospital's lease.
   */
  start(intervalMs: number, gate: TurnGate = everyTurn): void {
    this.stop();
    this.stopped = false;
    const schedule = () => {
      if (this.stopped) return;
      this.timer = setTimeout(
        () =>
          void gate()
            .then((mine) => (mine && !this.stopped ? this.runOnce() : undefined))
            .catch(() => undefined) // a lease that cannot be read: this replica skips the turn
            .finally(schedule),
        intervalMs * (0.9 + Math.random() * 0.2),
      );
      this.timer.unref();
    };
    schedule();
  }

  /** Stops polling and abandons a fetch in flight (its failure is not recorded). */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.closing.abort();
    this.closing = new AbortController();
  }

  /** Waits for a poll in progress, for graceful shutdown. */
  async idle(): Promise<void> {
    await this.running?.catch(() => undefined);
  }

  private async run(askedFull: boolean): Promise<PollResult> {
    const attemptAt = this.now();
    const closing = this.closing.signal;
    const state = await this.models.FeedState.findById(this.hospitalId).lean<FeedStateDoc>().exec();
    const full =
      askedFull ||
      !state?.cursor ||
      !state.lastFullSyncAt ||
      attemptAt.getTime() - new Date(state.lastFullSyncAt).getTime() >= this.fullSyncEveryMs;
    const base = { hospitalId: this.hospitalId, full };
    let result: FeedFetchResult;
    try {
      result = await this.policy.execute(
        (signal) =>
          this.adapter.fetch({ cursor: full ? null : (state?.cursor ?? null), full, signal, now: attemptAt }),
        closing,
      );
      if (result.complete && result.slots.length === 0 && result.skipped.count > 0) {
        const message = `every record was unreadable (${result.skipped.count} skipped)`;
        throw new UpstreamError(upstreamName(this.hospitalId), 'malformed', message, false);
      }
    } catch (err) {
      const error = (err as Error).message;
      if (!closing.aborted) {
        await this.recordFailure(attemptAt, state, error);
        this.onPolled(this.hospitalId);
      }
      return {
        ...base,
        ok: false,
        complete: false,
        notModified: false,
        slots: 0,
        skipped: 0,
        problems: 0,
        past: 0,
        written: null,
        error,
      };
    }

    // Fresh as of the answer, not of the attempt (retries and a slow feed can sit in between).
    const answeredAt = this.now();
    const docs = result.slots.map(toDoc);
    const written = await this.apply(result, docs, answeredAt);
    if (written && written.inserted + written.replaced + written.deleted > 0) {
      await this.onChange(this.hospitalId, { docs, complete: result.complete });
    }
    const slotCount = result.complete
      ? result.slots.length
      : (state?.slotCount ?? 0) + (written?.inserted ?? 0);
    await this.models.FeedState.updateOne(
      { _id: this.hospitalId },
      {
        $set: {
          kind: this.adapter.kind,
          cursor: result.cursor,
          lastAttemptAt: attemptAt,
          lastSuccessAt: answeredAt,
          lastError: null,
          consecutiveFailures: 0,
          slotCount,
          // An unchanged answer read nothing: what the last read skipped, refused or dropped stands.
          ...(!result.notModified && {
            skippedCount: result.skipped.count,
            skippedSamples: result.skipped.samples,
            problems: result.problems,
            pastCount: result.past,
          }),
          ...(result.locations && { locations: result.locations }),
          lagSeconds: 0,
          circuit: this.policy.circuit(),
          ...(result.complete && { lastFullSyncAt: answeredAt }),
        },
      },
      { upsert: true },
    );
    const out: PollResult = {
      ...base,
      ok: true,
      complete: result.complete,
      notModified: result.notModified,
      slots: result.slots.length,
      skipped: result.skipped.count,
      problems: result.problems.length,
      past: result.past,
      written,
    };
    this.onPolled(this.hospitalId);
    // Hospital IT and operators need to hear of unreadable records without asking (no silent loss).
    const lossy = result.skipped.count > 0 || result.problems.length > 0;
    this.log[lossy ? 'warn' : 'debug'](
      { ...out, skippedSamples: result.skipped.samples, fileProblems: result.problems },
      lossy ? 'slot feed read partially' : 'slot feed polled',
    );
    return out;
  }

  /** complete: the stored slots of this hospital become the snapshot; otherwise changes only. */
  private async apply(
    result: FeedFetchResult,
    docs: StoredSlot[],
    syncedAt: Date,
  ): Promise<DiffWriteResult | null> {
    if (result.notModified && result.slots.length === 0) return null;
    const model = this.models.Slot as unknown as DiffModel;
    if (result.complete) {
      return syncCollection(model, docs, syncedAt, {
        scope: { hospitalId: this.hospitalId },
        hashOf: slotHash,
        lean: true,
      });
    }
    return upsertChanged(model, docs, syncedAt, { hashOf: slotHash, lean: true });
  }

  private async recordFailure(attemptAt: Date, state: FeedStateDoc | null, error: string): Promise<void> {
    const lastSuccessAt = state?.lastSuccessAt ? new Date(state.lastSuccessAt) : null;
    await this.models.FeedState.updateOne(
      { _id: this.hospitalId },
      {
        $set: {
          kind: this.adapter.kind,
          lastAttemptAt: attemptAt,
          lastError: error,
          circuit: this.policy.circuit(),
          lagSeconds: lastSuccessAt
            ? Math.max(0, Math.round((attemptAt.getTime() - lastSuccessAt.getTime()) / 1000))
            : null,
        },
        $inc: { consecutiveFailures: 1 },
        $setOnInsert: {
          cursor: null,
          lastSuccessAt: null,
          lastFullSyncAt: null,
          slotCount: 0,
          skippedCount: 0,
        },
      },
      { upsert: true },
    );
    this.log.warn(
      { hospitalId: this.hospitalId, err: error, failures: (state?.consecutiveFailures ?? 0) + 1 },
      'slot feed poll failed',
    );
  }
}
