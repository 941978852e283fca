import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Connection } from 'mongoose';
import { createApp } from './app';
import type { Config } from './config';
import { createLogger, type Logger } from './lib/logger';
import { connectDatabase } from './models/connection';
import { directoryModels } from './models/directory';
import { pushModels } from './models/push';
import { slotModels } from './models/slots';
import { DirectoryStore } from './services/directory-store';
import { DirectorySync } from './services/directory-sync';
import { HospitalService } from './services/hospitals';
import { ReadinessService } from './services/readiness';
import { SlotSync } from './services/slot-sync';
import { EarliestSearch } from './services/slots/earliest-search';
import { FeedFreshness } from './services/slots/feed-freshness';
import { SlotChanges } from './services/slots/slot-changes';
import { SlotEventReceiver } from './services/slots/slot-event-receiver';
import { SlotIndex } from './services/slots/slot-index';
import { SlotQueryService } from './services/slots/slot-query';
import type { Services } from './services';
import { RegionalClient } from './upstreams/regional/client';
import { RegionalDirectorySource } from './upstreams/regional/directory';

export interface Runtime {
  config: Config;
  logger: Logger;
  services: Services;
  directorySync: DirectorySync;
  slotSync: SlotSync;
  /** Starts listening; resolves with the bound URL (port 0 picks a free port). */
  listen(port?: number, host?: string): Promise<string>;
  /** Stops accepting, lets in-flight requests finish (up to graceMs), stops jobs, closes the database. */
  close(graceMs?: number): Promise<void>;
}

/**
 * Wires config -> database -> upstream adapters -> services -> app. Used by server.ts, by
 * `npm start` and by the integration tests, so all three run the same code.
 */
export async function startRuntime(
  config: Config,
  logger = createLogger(config.log.level),
): Promise<Runtime> {
  if (!config.mongodb.uri) throw new Error('MONGODB_URI is not set');
  const conn: Connection = await connectDatabase(config.mongodb.uri, config.mongodb.dbName);
  const models = directoryModels(conn);
  const slots = slotModels(conn);
  const push = pushModels(conn);
  await Promise.all(
    [...Object.values(models), ...Object.values(slots), ...Object.values(push)].map((m) => m.init()),
  );

  const regional = new RegionalClient(config.regional);
  const directorySource = new RegionalDirectorySource(regional);
  const store = new DirectoryStore(models, config.directory.staleAfterMs);
  const directorySync = new DirectorySync(
    directorySource,
    models,
    store,
    logger.child({ job: 'directory-sync' }),
  );

  await store.refresh();
  // The first sync is awaited so a fresh replica starts with data; if the platform is down it
  // serves the last good copy from the database (or DIRECTORY_NOT_READY when there is none).
  await directorySync.runOnce();
  directorySync.start(config.directory.syncIntervalMs);
  const reload = setInterval(() => {
    store.refresh().catch((err: Error) => logger.warn({ err: err.message }, 'directory reload failed'));
  }, config.directory.reloadCheckMs);
  reload.unref();

  const registry = config.hospitalRegistry.hospitals;
  const index = new SlotIndex(slots, logger.child({ job: 'slot-index' }));
  await index.loadAll(registry.map((h) => h.id));
  const changes = new SlotChanges();
  changes.onChange((hospitalId, docs) => index.changed(hospitalId, docs));
  const slotSync = new SlotSync(registry, slots, logger.child({ job: 'slot-sync' }), {
    intervalMs: config.feeds.intervalMs,
    poller: {
      timeoutMs: config.feeds.timeoutMs,
      fullSyncEveryMs: config.feeds.fullSyncEveryMs,
      onChange: (hospitalId) => changes.changed(hospitalId),
    },
  });
  // Not awaited: slots already stored serve at once, and a hung hospital must not hold the start.
  if (config.feeds.enabled) slotSync.start();
  const pushing = new Set(registry.filter((h) => h.push).map((h) => h.id));
  const feeds = new FeedFreshness(slotSync, store, pushing, index);
  // Reading the feed states also brings in other replicas' slot writes (see SlotIndex).
  const slotVersions = setInterval(() => {
    feeds.byHospital().catch((err: Error) => logger.warn({ err: err.message }, 'feed state read failed'));
  }, 1_000);
  slotVersions.unref();
  const slotEvents = new SlotEventReceiver(slots, push, changes, {
    hospitals: registry,
    maxSkewMs: config.feeds.pushMaxSkewMs,
    maxBodyBytes: config.feeds.pushMaxBodyBytes,
    log: logger.child({ job: 'slot-push' }),
  });
  slotEvents.startCleanup();

  const services: Services = {
    hospitals: new HospitalService(store),
    readiness: new ReadinessService(conn, directorySource, store),
    slots: new SlotQueryService(slots, index, store, feeds),
    earliest: new EarliestSearch(index, store, feeds, slotSync, {
      liveDeadlineMs: config.feeds.liveDeadlineMs,
    }),
    feeds,
    slotEvents,
    startedAt: Date.now(),
  };
  const app = createApp(config, services, logger);
  const server = http.createServer(app.callback());
  server.keepAliveTimeout = 5_000;

  return {
    config,
    logger,
    services,
    directorySync,
    slotSync,
    listen(port = config.http.port, host = config.http.host) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          const { port: bound } = server.address() as AddressInfo;
          resolve(`http://${host}:${bound}`);
        });
      });
    },
    async close(graceMs = 10_000) {
      directorySync.stop();
      const slotsStopped = slotSync.stop();
      const cleanupStopped = slotEvents.stopCleanup();
      clearInterval(reload);
      clearInterval(slotVersions);
      if (server.listening) {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        const force = setTimeout(() => server.closeAllConnections(), graceMs);
        force.unref();
        await closed;
        clearTimeout(force);
      }
      await Promise.all([directorySync.idle(), slotsStopped, cleanupStopped]);
      await conn.close();
    },
  };
}
