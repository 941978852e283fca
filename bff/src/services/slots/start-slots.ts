import type { Config } from '../../config';
import type { Logger } from '../../lib/logger';
import { PeriodicJob } from '../../lib/periodic-job';
import { gateOf, SINGLE_PROCESS, type ReplicaShared } from '../../lib/replica';
import type { PushModels } from '../../models/push';
import type { PushLogModels } from '../../models/push-log';
import { PushLog } from '../console/push-log';
import type { SlotModels } from '../../models/slots';
import type { DirectoryStore } from '../directory-store';
import { SlotSync } from '../slot-sync';
import { EarliestSearch } from './earliest-search';
import { FeedFreshness } from './feed-freshness';
import { SlotBroadcast } from './slot-broadcast';
import { SlotChanges } from './slot-changes';
import { SlotEventReceiver } from './slot-event-receiver';
import { SlotIndex } from './slot-index';
import { SlotQueryService } from './slot-query';

export interface SlotRuntime {
  index: SlotIndex;
  /** Every write of slots (poll or push) is announced here; bookings listen for 停诊. */
  changes: SlotChanges;
  slotSync: SlotSync;
  slots: SlotQueryService;
  earliest: EarliestSearch;
  feeds: FeedFreshness;
  slotEvents: SlotEventReceiver;
  /** Every signed push, accepted or refused, for the feed console. */
  pushLog: PushLog;
  /** Stops polling, the version check and the push cleanup; waits for a poll in flight. */
  stop(): Promise<void>;
}

/**
 * The slot side of a replica: the in-memory index (loaded before serving), one poller per
 * registered hospital, the push receiver, and the read services over them. Writes (polls,
 * pushes) announce themselves through SlotChanges so the index follows at once.
 */
export async function startSlots(
  config: Config,
  models: { slots: SlotModels; push: PushModels; pushLog: PushLogModels },
  store: DirectoryStore,
  logger: Logger,
  shared: ReplicaShared = SINGLE_PROCESS,
): Promise<SlotRuntime> {
  const registry = config.hospitalRegistry.hospitals;
  const index = new SlotIndex(models.slots, logger.child({ job: 'slot-index' }));
  await index.loadAll(registry.map((h) => h.id));
  const changes = new SlotChanges();
  changes.onChange((hospitalId, change) => index.changed(hospitalId, change));

  const slotSync = new SlotSync(registry, models.slots, logger.child({ job: 'slot-sync' }), {
    intervalMs: config.feeds.intervalMs,
    poller: {
      timeoutMs: config.feeds.timeoutMs,
      fullSyncEveryMs: config.feeds.fullSyncEveryMs,
      onChange: (hospitalId, change) => changes.changed(hospitalId, change),
      onPolled: () => feeds.invalidate(),
    },
  });
  // Not awaited: slots already stored serve at once, and a hung hospital must not hold the start.
  if (config.feeds.enabled) slotSync.start(shared.gate);

  const pushing = new Set(registry.filter((h) => h.push).map((h) => h.id));
  const bookingModes = new Map(registry.map((h) => [h.id, h.bookingMode ?? 'here'] as const));
  const feeds = new FeedFreshness(slotSync, store, pushing, index, bookingModes);
  // Reading the feed states also brings in other replicas' slot writes (see SlotIndex).
  const versionCheck = setInterval(() => {
    feeds.byHospital().catch((err: Error) => logger.warn({ err: err.message }, 'feed state read failed'));
  }, 1_000);
  versionCheck.unref();

  const pushLog = new PushLog(models.pushLog, logger.child({ job: 'push-log' }));
  const pushLogCleanup = new PeriodicJob(() => pushLog.cleanup(new Date()), {
    intervalMs: 60 * 60_000,
    onError: (err) => logger.warn({ err: err.message }, 'push log cleanup failed'),
    gate: gateOf(shared, 'push-log-cleanup'),
  });
  pushLogCleanup.start();
  const slotEvents = new SlotEventReceiver(models.slots, models.push, changes, {
    onOutcome: (outcome) => void pushLog.record(outcome),
    hospitals: registry,
    maxSkewMs: config.feeds.pushMaxSkewMs,
    maxBodyBytes: config.feeds.pushMaxBodyBytes,
    log: logger.child({ job: 'slot-push' }),
  });
  slotEvents.startCleanup(undefined, gateOf(shared, 'slot-push-cleanup'));
  const broadcast = shared.redis
    ? new SlotBroadcast(shared.redis, index, logger.child({ job: 'slot-broadcast' }))
    : undefined;
  await broadcast?.start();

  return {
    index,
    changes,
    slotSync,
    slots: new SlotQueryService(index, store, feeds),
    earliest: new EarliestSearch(index, store, feeds, slotSync, {
      liveDeadlineMs: config.feeds.liveDeadlineMs,
    }),
    feeds,
    slotEvents,
    pushLog,
    async stop() {
      clearInterval(versionCheck);
      await Promise.all([
        slotSync.stop(),
        slotEvents.stopCleanup(),
        pushLogCleanup.stop(),
        broadcast?.stop(),
      ]);
    },
  };
}
