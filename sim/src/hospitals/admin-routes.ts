import { bodyParser } from '@koa/bodyparser';
import Router from '@koa/router';
import type { Context } from 'koa';
import { feedFaultProblem, type FeedFaultSwitch } from './feed-faults';
import { rushProblem, type RushSpec } from './rush-session';
import { SlotChangeError } from './slot-book';
import type { HospitalFeedHandle } from './types';

class AdminError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const ok = (ctx: Context, data: unknown, status = 200) => {
  ctx.status = status;
  ctx.body = { code: 0, message: 'ok', data };
};

function objectBody(ctx: Context): Record<string, unknown> {
  const body: unknown = ctx.request.body ?? {};
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new AdminError(400, 'body must be a JSON object');
  return body as Record<string, unknown>;
}

function count(ctx: Context): number {
  const n = objectBody(ctx).n ?? 1;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1)
    throw new AdminError(400, 'n must be a positive integer');
  return n;
}

/** Test knobs, JSON in `{code, message, data}`; mounted before the fault middleware, so never faulted. */
export function feedAdminRoutes(handle: () => HospitalFeedHandle, faults: FeedFaultSwitch): Router {
  const router = new Router({ prefix: '/__admin' });
  router.use(async (ctx, next) => {
    try {
      await next();
    } catch (err) {
      const status =
        err instanceof AdminError || err instanceof SlotChangeError
          ? err.status
          : err instanceof RangeError
            ? 400
            : ((err as { status?: number }).status ?? 500);
      ctx.status = status;
      ctx.body = { code: status, message: err instanceof Error ? err.message : String(err) };
      if (status >= 500) ctx.app.emit('error', err, ctx);
    }
  });
  router.use(bodyParser({ enableTypes: ['json'] }));

  router.get('/faults', (ctx) => ok(ctx, faults.current));
  router.post('/faults', (ctx) => {
    const body = objectBody(ctx);
    const problem = feedFaultProblem(body);
    if (problem) throw new AdminError(400, problem);
    ok(ctx, faults.set(body));
  });
  router.post('/reset', (ctx) => {
    handle().reset();
    ok(ctx, { faults: faults.current });
  });
  router.get('/slots', (ctx) => {
    const { date, deptCode, doctorCode } = ctx.query;
    ok(
      ctx,
      handle()
        .listSlots()
        .filter((s) => (!date || s.date === date) && (!deptCode || s.deptCode === deptCode))
        .filter((s) => !doctorCode || s.doctorCode === doctorCode),
    );
  });
  router.get('/slots/:id', (ctx) => {
    const slot = handle()
      .listSlots()
      .find((s) => s.sourceSlotId === ctx.params.id);
    if (!slot) throw new AdminError(404, `no slot ${ctx.params.id}`);
    ok(ctx, slot);
  });
  const changed = (id: string) =>
    handle()
      .listSlots()
      .find((s) => s.sourceSlotId === id);
  router.post('/slots/:id/take', (ctx) => {
    const id = ctx.params.id ?? '';
    handle().takeSlot(id, count(ctx));
    ok(ctx, changed(id));
  });
  router.post('/slots/:id/free', (ctx) => {
    const id = ctx.params.id ?? '';
    handle().freeSlot(id, count(ctx));
    ok(ctx, changed(id));
  });
  router.post('/sessions/:id/cancel', (ctx) => {
    const id = ctx.params.id ?? '';
    handle().cancelSession(id);
    ok(
      ctx,
      handle()
        .listSlots()
        .filter((s) => s.sessionId === id),
    );
  });
  router.post('/rush', (ctx) => {
    const body = objectBody(ctx);
    const problem = rushProblem(body);
    if (problem) throw new AdminError(400, problem);
    ok(ctx, handle().scheduleRush(body as unknown as RushSpec));
  });
  router.get('/appointments', (ctx) => {
    const { reference } = ctx.query;
    ok(
      ctx,
      handle()
        .appointments()
        .filter((a) => !reference || a.reference === reference),
    );
  });
  router.post('/appointments/:reference/visit', (ctx) => {
    const { outcome } = objectBody(ctx);
    if (outcome !== 'fulfilled' && outcome !== 'noshow')
      throw new AdminError(400, 'outcome must be fulfilled or noshow');
    const visited = handle().recordVisit(ctx.params.reference ?? '', outcome);
    if (!visited) throw new AdminError(404, `no booked appointment ${ctx.params.reference}`);
    ok(ctx, visited);
  });
  router.get('/push-log', (ctx) => ok(ctx, handle().pushLog()));
  router.post('/push/replay', async (ctx) => {
    const { sameNonce } = objectBody(ctx);
    if (sameNonce !== undefined && typeof sameNonce !== 'boolean')
      throw new AdminError(400, 'sameNonce must be true or false');
    ok(ctx, await handle().replayLastPush({ sameNonce: sameNonce === true }));
  });
  return router;
}
