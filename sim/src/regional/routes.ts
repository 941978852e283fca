import Router from '@koa/router';
import { matchPerson, parseEmpiQuery } from './empi';
import { PlatformError, notFound, ok } from './envelope';
import { pageOf, readPaging, readQuery } from './query';
import { isoShanghai } from './seed/time';
import type { DirectoryStore } from './store';

export const PLATFORM_NAME = '惠州市全民健康信息平台（模拟）';

/** The signed read API. Signature and faults are checked before these run (see app.ts). */
export function openRoutes(store: DirectoryStore): Router {
  const router = new Router({ prefix: '/open/v1' });

  router.get('/ping', (ctx) => {
    readQuery(ctx.querystring, []);
    ok(ctx, { platform: PLATFORM_NAME, serverTime: isoShanghai(Date.now(), true) });
  });

  router.get('/hospitals', (ctx) => {
    ok(ctx, pageOf(store.list(), readPaging(ctx.querystring)));
  });

  router.get('/hospitals/:orgCode', (ctx) => {
    readQuery(ctx.querystring, []);
    const hospital = store.get(ctx.params.orgCode ?? '');
    if (!hospital) throw notFound(`no hospital with orgCode ${ctx.params.orgCode}`);
    ok(ctx, hospital);
  });

  router.get('/hospitals/:orgCode/departments', (ctx) => {
    readQuery(ctx.querystring, []);
    const items = store.departments(ctx.params.orgCode ?? '');
    if (!items) throw notFound(`no hospital with orgCode ${ctx.params.orgCode}`);
    ok(ctx, { items });
  });

  router.get('/hospitals/:orgCode/doctors', (ctx) => {
    const paging = readPaging(ctx.querystring);
    const doctors = store.doctors(ctx.params.orgCode ?? '');
    if (!doctors) throw notFound(`no hospital with orgCode ${ctx.params.orgCode}`);
    ok(ctx, pageOf(doctors, paging));
  });

  // EMPI match: a signed POST whose JSON body the signature covered (see signature.ts).
  router.post('/empi/persons/match', (ctx) => {
    readQuery(ctx.querystring, []);
    const masterId = matchPerson(parseEmpiQuery(ctx.state.rawBody as Buffer | undefined));
    if (!masterId) throw new PlatformError(404, 40402, 'no person in the master index matches');
    ok(ctx, { masterId });
  });

  return router;
}
