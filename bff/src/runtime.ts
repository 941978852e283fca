import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Connection } from 'mongoose';
import { createApp } from './app';
import type { Config } from './config';
import { dataKeyFrom } from './lib/crypto-box';
import { createLogger, type Logger } from './lib/logger';
import { Leases } from './lib/lease';
import { Pii } from './lib/pii';
import { connectRedis } from './lib/redis';
import { gateOf, SINGLE_PROCESS, type ReplicaShared } from './lib/replica';
import { accountModels } from './models/accounts';
import { connectDatabase } from './models/connection';
import { directoryModels } from './models/directory';
import { leaseModels } from './models/leases';
import { patientModels } from './models/patients';
import { pushModels } from './models/push';
import { pushLogModels } from './models/push-log';
import { createConsole } from './services/console/create-console';
import { slotModels } from './models/slots';
import { bookingModels } from './models/bookings';
import { healthCardModels } from './models/health-cards';
import { scanLogModels } from './models/scan-log';
import { reportModels } from './models/reports';
import type { Cleanup } from './services/bookings/cleanup';
import type { Reconciler } from './services/bookings/reconciler';
import type { VisitOutcomes } from './services/bookings/visit-outcomes';
import type { ReminderSender } from './services/bookings/reminder-sender';
import { startBookings } from './services/bookings/start-bookings';
import { DirectoryStore } from './services/directory-store';
import type { HealthCardCleanup } from './services/health-card/cleanup';
import { startHealthCards } from './services/health-card/start-health-cards';
import { startReports } from './services/reports/start-reports';
import { DirectorySync } from './services/directory-sync';
import { HospitalService } from './services/hospitals';
import { PatientService } from './services/patients/patient-service';
import { ReadinessService } from './services/readiness';
import type { SlotSync } from './services/slot-sync';
import { startSlots } from './services/slots/start-slots';
import type { Services } from './services';
import { createAuth } from './services/auth';
import { RegionalClient } from './upstreams/regional/client';
import { RegionalDirectorySource } from './upstreams/regional/directory';
import { RegionalEmpi } from './upstreams/regional/empi';
import { RegionalHealthCards } from './upstreams/regional/health-cards';
import { RegionalReportIndex } from './upstreams/regional/report-index';
import { WechatClient } from './upstreams/wechat/client';

export interface Runtime {
  config: Config;
  logger: Logger;
  services: Services;
  directorySync: DirectorySync;
  slotSync: SlotSync;
  /** Settles bookings whose hospital answer was lost (also runs by itself). */
  reconciler: Reconciler;
  /** Sends due booking reminders and 停诊 notices (also runs by itself); `runOnce(at)` for tests. */
  reminders: ReminderSender;
  /** Settles past visits as attended / no_show; `runOnce(at)` for tests. */
  visits: VisitOutcomes;
  /** Deletes expired idempotency keys, refresh tokens and auth claims (also runs by itself). */
  cleanup: Cleanup;
  /** Deletes expired consumed card codes, clinic nonces and PIN tries (also runs by itself). */
  healthCardCleanup: HealthCardCleanup;
  /** Starts listening; resolves with the bound URL (port 0 picks a free port). */
  listen(port?: number, host?: string): Promise<string>;
  /** Stops accepting, lets in-flight requests finish (up to graceMs), stops jobs, closes the database. */
  close(graceMs?: number): Promise<void>;
}

export interface RuntimeOptions {
  /**
   * Test-only: the clock of the e-health card services (code windows, clinic signatures, PIN
   * locks, scan log), e.g. to verify a code "after" its expiry. Never settable by a request.
   */
  healthCardNow?: () => Date;
}

/**
 * Wires config -> database -> upstream adapters -> services -> app. Used by server.ts, by
 * `npm start` and by the integration tests, so all three run the same code.
 */
export async function startRuntime(
  config: Config,
  logger = createLogger(config.log.level),
  options: RuntimeOptions = {},
): Promise<Runtime> {
  if (!config.mongodb.uri) throw new Error('MONGODB_URI is not set');
  const conn: Connection = await connectDatabase(config.mongodb.uri, config.mongodb.dbName);
  const models = directoryModels(conn);
  const slots = slotModels(conn);
  const push = pushModels(conn);
  const pushLog = pushLogModels(conn);
  const accounts = accountModels(conn);
  const patientStore = patientModels(conn);
  const bookingStore = bookingModels(conn);
  const cardStore = healthCardModels(conn);
  const scanLogStore = scanLogModels(conn);
  const reportStore = reportModels(conn);
  await Promise.all(
    [
      ...Object.values(models),
      ...Object.values(slots),
      ...Object.values(push),
      ...Object.values(pushLog),
      ...Object.values(accounts),
      ...Object.values(patientStore),
      ...Object.values(bookingStore),
      ...Object.values(cardStore),
      ...Object.values(scanLogStore),
      ...Object.values(reportStore),
    ].map((m) => m.init()),
  );

  // Replicas share Redis and take turns at the background jobs; one process does it all.
  const redis = config.redis.url ? await connectRedis(config.redis.url, config.redis.keyPrefix) : undefined;
  const useLeases = config.jobs.leases === 'on' || (config.jobs.leases === 'auto' && redis !== undefined);
  const leases = useLeases
    ? new Leases(leaseModels(conn), { periodMs: config.jobs.leasePeriodMs })
    : undefined;
  const shared: ReplicaShared = { redis, gate: leases?.gate ?? SINGLE_PROCESS.gate };

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
  directorySync.start(config.directory.syncIntervalMs, gateOf(shared, 'directory-sync'));
  const reload = setInterval(() => {
    store.refresh().catch((err: Error) => logger.warn({ err: err.message }, 'directory reload failed'));
  }, config.directory.reloadCheckMs);
  reload.unref();

  const slotRuntime = await startSlots(config, { slots, push, pushLog }, store, logger, shared);
  const { slotSync } = slotRuntime;

  const authRuntime = createAuth(config, accounts, new WechatClient(config.wechat), { redis, log: logger });
  await authRuntime.start();

  const pii = new Pii(dataKeyFrom(config.auth.dataKey));
  const patients = new PatientService({
    models: patientStore,
    pii,
    empi: new RegionalEmpi(regional),
    now: () => new Date(),
    onCleanupError: (err) => logger.error({ err }, 'patient claims could not be released'),
  });
  const bookingRuntime = startBookings(
    config,
    { bookings: bookingStore, accounts },
    slotRuntime,
    store,
    patients,
    logger,
    shared,
  );

  const cardRuntime = startHealthCards(
    config,
    {
      models: cardStore,
      scanLog: scanLogStore,
      holders: patients,
      platform: new RegionalHealthCards(regional),
      hospitals: store,
      pii,
    },
    logger,
    options.healthCardNow ?? (() => new Date()),
    shared,
  );

  const reports = startReports(
    config,
    { models: reportStore, patients, index: new RegionalReportIndex(regional), names: store },
    logger,
  );

  const services: Services = {
    hospitals: new HospitalService(store, (id) => {
      const entry = config.hospitalRegistry.hospitals.find((h) => h.id === id);
      return entry ? (entry.bookingMode ?? 'here') : 'none';
    }),
    readiness: new ReadinessService(conn, directorySource, store),
    slots: slotRuntime.slots,
    earliest: slotRuntime.earliest,
    feeds: slotRuntime.feeds,
    slotEvents: slotRuntime.slotEvents,
    ...authRuntime,
    patients,
    bookings: bookingRuntime.bookings,
    idempotency: bookingRuntime.idempotency,
    bookingLimiters: bookingRuntime.bookingLimiters,
    healthCards: cardRuntime.healthCards,
    clinic: cardRuntime.clinic,
    reports,
    console: createConsole(
      config,
      { slots: slotRuntime.index, feeds: slotRuntime.feeds, pushLog: slotRuntime.pushLog },
      store,
      redis,
    ),
    startedAt: Date.now(),
  };
  const app = createApp(config, services, logger);
  const server = http.createServer(app.callback());
  // Longer than the idle timeout of whatever sits in front (load balancers default to 60 s): the
  // side that closes an idle connection must be the client's, or a request sent on it just as
  // the server closes it is reset (ECONNRESET) instead of answered.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;

  return {
    config,
    logger,
    services,
    directorySync,
    slotSync,
    reconciler: bookingRuntime.reconciler,
    reminders: bookingRuntime.reminders,
    visits: bookingRuntime.visits,
    cleanup: bookingRuntime.cleanup,
    healthCardCleanup: cardRuntime.cleanup,
    listen(port = config.http.port, host = config.http.host) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        // A 放号 crowd opens thousands of connections in the same second; past Node's default
        // backlog (511) the kernel drops their SYNs and each phone waits 1, 3, 7 s… to retry. The
        // kernel caps this at net.core.somaxconn (4096 on current Linux).
        server.listen({ port, host, backlog: 4096 }, () => {
          const { port: bound } = server.address() as AddressInfo;
          resolve(`http://${host}:${bound}`);
        });
      });
    },
    async close(graceMs = 10_000) {
      directorySync.stop();
      const slotsStopped = slotRuntime.stop();
      const bookingsStopped = bookingRuntime.stop();
      const cardsStopped = cardRuntime.stop();
      clearInterval(reload);
      if (server.listening) {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        // A connection whose last request has just been answered is idle; it is closed then
        // rather than after the (long) keep-alive timeout.
        const idle = setInterval(() => server.closeIdleConnections(), 50);
        server.closeIdleConnections();
        const force = setTimeout(() => server.closeAllConnections(), graceMs);
        force.unref();
        await closed;
        clearInterval(idle);
        clearTimeout(force);
      }
      await Promise.all([directorySync.idle(), slotsStopped, bookingsStopped, cardsStopped]);
      await authRuntime.stop();
      await redis?.quit();
      await conn.close();
    },
  };
}
