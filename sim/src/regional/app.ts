import Koa, { type Context } from 'koa';
import { faultMiddleware, type FaultSwitch } from '../lib/faults';
import { adminRoutes } from './admin-routes';
import { envelope, fail, injectedFault, outage } from './envelope';
import { healthCardRoutes } from './health-card-routes';
import type { HealthCardRegistry } from './health-cards';
import type { NonceCache } from './nonce-cache';
import { reportHospitalIds } from '../reports/sources';
import { ReportIndex } from './report-index';
import { reportIndexRoutes } from './report-index-routes';
import { openRoutes } from './routes';
import { verifySignature } from './signature';
import type { DirectoryStore } from './store';

export interface RegionalAppDeps {
  store: DirectoryStore;
  cards: HealthCardRegistry;
  faults: FaultSwitch;
  nonces: NonceCache;
  /** Rolls for injected errors; seeded so a run with errorRate 0.5 repeats. */
  random: () => number;
  apps: Record<string, string>;
  maxSkewMs: number;
  reset: () => void;
  /** Aborted on close, cutting injected latency short. */
  signal: AbortSignal;
  /** Default: the store's seed over the report-serving hospitals of config/hospitals.json (HOSPITALS_FILE). */
  reportIndex?: ReportIndex;
}

const isOpenApi = (ctx: Context) => ctx.path === '/open' || ctx.path.startsWith('/open/');

/**
 * Middleware order is the platform's behaviour: envelope outermost; admin before faults so
 * knobs always answer; then outage/latency/error injection, then the signature, then routes.
 */
export function createRegionalApp(deps: RegionalAppDeps): Koa {
  const app = new Koa();
  app.use(envelope());

  const admin = adminRoutes(deps);
  app.use(admin.routes());
  app.use(admin.allowedMethods());

  app.use(
    faultMiddleware({
      faults: deps.faults,
      random: deps.random,
      signal: deps.signal,
      applies: isOpenApi,
      onOutage: (ctx) => fail(ctx, outage()),
      onError: (ctx) => fail(ctx, injectedFault()),
    }),
  );
  const verify = verifySignature({ apps: deps.apps, maxSkewMs: deps.maxSkewMs, nonces: deps.nonces });
  app.use((ctx, next) => (isOpenApi(ctx) ? verify(ctx, next) : next()));

  const open = openRoutes(deps.store);
  app.use(open.routes());
  app.use(open.allowedMethods());
  const reports = reportIndexRoutes(
    deps.reportIndex ?? new ReportIndex(deps.store.seed, reportHospitalIds()),
    deps.store,
  );
  app.use(reports.routes());
  app.use(reports.allowedMethods());
  const cards = healthCardRoutes(deps.cards);
  app.use(cards.routes());
  app.use(cards.allowedMethods());
  return app;
}
