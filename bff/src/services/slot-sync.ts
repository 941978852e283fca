import type { FeedFileProblem, FeedLocation, SourceStatus } from '@jiankang/shared';
import { alwaysRun, type JobGate } from '../lib/lease';
import type { Logger } from '../lib/logger';
import type { FeedStateDoc, SlotModels } from '../models/slots';
import { createFeedAdapter } from '../upstreams/hospitals/create-feed-adapter';
import type { FeedAdapter, FeedAdapterConfig } from '../upstreams/hospitals/common/feed-adapter';
import { HospitalFeedPoller, type PollerOptions, type PollResult } from './slots/hospital-feed-poller';

export { HospitalFeedPoller, type PollerOptions, type PollResult };

export const DEFAULT_FEED_INTERVAL_MS = 60_000;

export interface FeedStatus {
  hospitalId: string;
  kind: FeedAdapter['kind'];
  status: SourceStatus;
  lastSuccessAt: string | null;
  lastError: string | null;
  consecutiveFailures: number;
  slotCount: number;
  skippedCount: number;
  skippedSamples: string[];
  problems: FeedFileProblem[];
  pastCount: number;
  locations: FeedLocation[];
  lagSeconds: number | null;
  /** Internal: moves on every slot write (see SlotIndex); not part of the API. */
  slotsVersion: string | null;
}

export interface SlotSyncOptions {
  /** Poll interval per hospital (jittered ± 10 %); default 60 s. Stale after 3 intervals. */
  intervalMs?: number;
  /** Defaults for every poller; a registry entry's own `timeoutMs` wins for that hospital. */
  poller?: PollerOptions;
  /** For tests: the adapter for a registry entry (default createFeedAdapter). */
  adapterFor?: (entry: FeedAdapterConfig) => FeedAdapter;
  now?: () => Date;
}

/**
 * ok, partial (the last read dropped records or files: never "ok"), stale (no success within 3
 * intervals), error (the last poll failed) or circuit_open.
 */
export function feedStatusOf(
  state: FeedStateDoc | null,
  circuit: FeedStateDoc['circuit'],
  now: Date,
  staleAfterMs: number,
): SourceStatus {
  if (circuit === 'open') return 'circuit_open';
  if (!state) return 'stale';
  if (state.consecutiveFailures > 0) return 'error';
  const success = state.lastSuccessAt ? new Date(state.lastSuccessAt).getTime() : null;
  if (success === null || now.getTime() - success > staleAfterMs) return 'stale';
  return (state.skippedCount ?? 0) > 0 || (state.problems?.length ?? 0) > 0 ? 'partial' : 'ok';
}

/** One poller per hospital in the registry; adding a hospital is a registry entry. */
export class SlotSync {
  readonly pollers: ReadonlyMap<string, HospitalFeedPoller>;
  private readonly intervalMs: number;
  private readonly now: () => Date;

  constructor(
    hospitals: readonly FeedAdapterConfig[],
    private readonly models: SlotModels,
    log: Logger,
    opts: SlotSyncOptions = {},
  ) {
    this.intervalMs = opts.intervalMs ?? DEFAULT_FEED_INTERVAL_MS;
    this.now = opts.now ?? (() => new Date());
    const adapterFor = opts.adapterFor ?? createFeedAdapter;
    this.pollers = new Map(
      hospitals.map((entry) => [
        entry.id,
        new HospitalFeedPoller(adapterFor(entry), models, log, {
          now: this.now,
          ...opts.poller,
          ...(entry.timeoutMs !== undefined && { timeoutMs: entry.timeoutMs }),
        }),
      ]),
    );
  }

  /** Starts every poller; the first polls run now, in parallel, each where its lease is held. */
  start(gate: JobGate = alwaysRun): void {
    for (const poller of this.pollers.values()) {
      const mine = () => gate(`feed-poll:${poller.hospitalId}`);
      poller.start(this.intervalMs, mine);
      void mine()
        .then((yes) => (yes ? poller.runOnce() : undefined))
        .catch(() => undefined);
    }
  }

  async stop(): Promise<void> {
    for (const poller of this.pollers.values()) poller.stop();
    await Promise.all([...this.pollers.values()].map((p) => p.idle()));
  }

  /** Polls every hospital at once; one slow hospital only delays its own result. */
  runAll(opts: { full?: boolean } = {}): Promise<PollResult[]> {
    return Promise.all([...this.pollers.values()].map((p) => p.runOnce(opts)));
  }

  async status(): Promise<FeedStatus[]> {
    const now = this.now();
    const states = await this.models.FeedState.find({ _id: { $in: [...this.pollers.keys()] } })
      .lean<FeedStateDoc[]>()
      .exec();
    const byId = new Map(states.map((s) => [s._id, s]));
    return [...this.pollers.values()].map((poller) => {
      const state = byId.get(poller.hospitalId) ?? null;
      const lastSuccess = state?.lastSuccessAt ? new Date(state.lastSuccessAt) : null;
      return {
        hospitalId: poller.hospitalId,
        kind: poller.kind,
        status: feedStatusOf(state, poller.circuit(), now, 3 * this.intervalMs),
        lastSuccessAt: lastSuccess?.toISOString() ?? null,
        lastError: state?.lastError ?? null,
        consecutiveFailures: state?.consecutiveFailures ?? 0,
        slotCount: state?.slotCount ?? 0,
        skippedCount: state?.skippedCount ?? 0,
        skippedSamples: state?.skippedSamples ?? [],
        problems: state?.problems ?? [],
        pastCount: state?.pastCount ?? 0,
        locations: state?.locations ?? [],
        lagSeconds: lastSuccess
          ? Math.max(0, Math.floor((now.getTime() - lastSuccess.getTime()) / 1000))
          : null,
        slotsVersion: state?.slotsVersion ?? null,
      };
    });
  }
}
