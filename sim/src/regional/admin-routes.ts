import { bodyParser } from '@koa/bodyparser';
import Router from '@koa/router';
import { faultProblem, type FaultSwitch } from '../lib/faults';
import { parseHospitalPatch, parseNewHospital } from './admin-validation';
import { badBody, conflict, notFound, ok } from './envelope';
import { cardNotFound, parseStatusChange, type HealthCardRegistry } from './health-cards';
import { newHospitalEntry } from './new-hospital';
import { isoShanghai } from './seed/time';
import type { DirectoryStore } from './store';

export interface AdminDeps {
  store: DirectoryStore;
  cards: HealthCardRegistry;
  faults: FaultSwitch;
  reset: () => void;
}

/**
 * Test knobs, unsigned and never subject to faults. Only ever bound to loopback, like the
 * rest of the simulator; nothing here exists on the real platform.
 */
export function adminRoutes({ store, cards, faults, reset }: AdminDeps): Router {
  const router = new Router({ prefix: '/__admin' });
  router.use(bodyParser({ enableTypes: ['json'] }));

  router.get('/faults', (ctx) => ok(ctx, faults.current));

  router.post('/faults', (ctx) => {
    const body: unknown = ctx.request.body;
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      throw badBody('body must be a JSON object');
    const problem = faultProblem(body as Record<string, unknown>);
    if (problem) throw badBody(problem);
    ok(ctx, faults.set(body));
  });

  router.post('/reset', (ctx) => {
    reset();
    ok(ctx, { faults: faults.current, hospitals: store.list().length });
  });

  router.post('/hospitals', (ctx) => {
    const body = parseNewHospital(ctx.request.body);
    if (store.has(body.orgCode)) throw conflict(`orgCode ${body.orgCode} already exists`);
    store.put(newHospitalEntry(body, store.seed));
    ok(ctx, store.get(body.orgCode), 201);
  });

  router.patch('/hospitals/:orgCode', (ctx) => {
    const orgCode = ctx.params.orgCode ?? '';
    if (!store.has(orgCode)) throw notFound(`no hospital with orgCode ${orgCode}`);
    const patch = parseHospitalPatch(ctx.request.body);
    // A real edit moves updatedAt, which is what an incremental sync keys on.
    ok(ctx, store.update(orgCode, { updatedAt: isoShanghai(Date.now()), ...patch }));
  });

  router.delete('/hospitals/:orgCode', (ctx) => {
    const orgCode = ctx.params.orgCode ?? '';
    if (!store.remove(orgCode)) throw notFound(`no hospital with orgCode ${orgCode}`);
    ok(ctx, { orgCode, removed: true });
  });

  // Freeze, unfreeze or cancel a card: the platform's counter staff do this, never residents.
  router.post('/health-cards/:cardId/status', (ctx) => {
    const cardId = ctx.params.cardId ?? '';
    if (!cards.get(cardId)) throw cardNotFound();
    ok(ctx, cards.setStatus(cardId, parseStatusChange(ctx.request.body)));
  });

  return router;
}
