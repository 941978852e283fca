import Router from '@koa/router';
import { HospitalListQuery } from '@jiankang/shared';
import { parseInput } from '../lib/validate';
import type { Services } from '../services';
import { notModified } from './http-cache';

export function hospitalRoutes(services: Services): Router {
  const router = new Router({ prefix: '/hospitals' });
  const { hospitals } = services;

  router.get('/', (ctx) => {
    const query = parseInput(HospitalListQuery, ctx.query, 'query');
    const body = hospitals.listJson(query);
    const key = [query.district, query.grade, query.q, query.page, query.pageSize].join('|');
    if (notModified(ctx, hospitals.etagFor(key))) return;
    ctx.type = 'application/json';
    ctx.body = body;
  });

  router.get('/:hospitalId', (ctx) => {
    const { hospitalId } = ctx.params as { hospitalId: string };
    const body = hospitals.get(hospitalId);
    if (notModified(ctx, hospitals.etagFor(hospitalId))) return;
    ctx.body = body;
  });

  router.get('/:hospitalId/departments/:deptId/doctors', (ctx) => {
    const { hospitalId, deptId } = ctx.params as { hospitalId: string; deptId: string };
    const body = hospitals.doctors(hospitalId, deptId);
    if (notModified(ctx, hospitals.etagFor(`${hospitalId}/${deptId}`))) return;
    ctx.body = body;
  });

  return router;
}
