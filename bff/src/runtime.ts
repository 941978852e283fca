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
import type { SlotSync } from './services/slot-sync';
import { startSlots } from './services/slots/start-slots';
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

  const slotRuntime = await startSlots(config, { slots, push }, store, logger);
  const { slotSync } = slotRuntime;

  const services: Services = {
    hospitals: new HospitalService(store),
    readiness: new ReadinessService(conn, directorySource, store),
    slots: slotRuntime.slots,
    earliest: slotRuntime.earliest,
    feeds: slotRuntime.feeds,
    slotEvents: slotRuntime.slotEvents,
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
      const slotsStopped = slotRuntime.stop();
      clearInterval(reload);
      if (server.listening) {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        const force = setTimeout(() => server.closeAllConnections(), graceMs);
        force.unref();
        await closed;
        clearTimeout(force);
      }
      await Promise.all([directorySync.idle(), slotsStopped]);
      await conn.close();
    },
  };
}
