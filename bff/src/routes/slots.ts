import Router from '@koa/router';
import { EarliestQuery, ScheduleQuery } from '@jiankang/shared';
import { parseInput } from '../lib/validate';
import type { Services } from '../services';

/** Schedules, single slots and the city-wide earliest search: all from the local store. */
export function slotRoutes(services: Services): Router {
  const router = new Router();

  router.get('/hospitals/:hospitalId/departments/:deptId/schedule', async (ctx) => {
    const { hospitalId, deptId } = ctx.params as { hospitalId: string; deptId: string };
    const query = parseInput(ScheduleQuery, ctx.query, 'query');
    ctx.body = await services.slots.schedule(hospitalId, deptId, query);
    ctx.set('Cache-Control', 'no-cache');
  });

  router.get('/hospitals/:hospitalId/services/schedule', async (ctx) => {
    const { hospitalId } = ctx.params as { hospitalId: string };
    const query = parseInput(ScheduleQuery, ctx.query, 'query');
    ctx.body = await services.slots.services(hospitalId, query);
    ctx.set('Cache-Control', 'no-cache');
  });

  router.get('/hospitals/:hospitalId/places', async (ctx) => {
    const { hospitalId } = ctx.params as { hospitalId: string };
    ctx.body = await services.slots.places(hospitalId);
    ctx.set('Cache-Control', 'no-cache');
  });

  router.get('/slots/:slotId', async (ctx) => {
    const { slotId } = ctx.params as { slotId: string };
    ctx.body = await services.slots.slot(slotId);
    ctx.set('Cache-Control', 'no-cache');
  });

  router.get('/search/earliest', async (ctx) => {
    const query = parseInput(EarliestQuery, ctx.query, 'query');
    ctx.type = 'application/json';
    ctx.body = await services.earliest.searchJson(query);
    ctx.set('Cache-Control', 'no-cache');
  });

  router.get('/feeds/status', async (ctx) => {
    ctx.body = { items: await services.feeds.statusList(), asOf: new Date().toISOString() };
    ctx.set('Cache-Control', 'no-cache');
  });

  return router;
}
