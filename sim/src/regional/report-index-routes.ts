import Router from '@koa/router';
import { MASTER_ID } from '../reports/seed';
import { badQuery, ok } from './envelope';
import { readQuery } from './query';
import { REPORT_INDEX_TYPES, type ReportIndex, type ReportIndexType } from './report-index';
import type { DirectoryStore } from './store';

/**
 * `GET /open/v1/report-index?masterId=&type=lab|imaging|all`: 共享调阅's first step, which
 * hospitals to ask for a person's reports. Signed and faulted like every /open path (app.ts).
 */
export function reportIndexRoutes(index: ReportIndex, store: DirectoryStore): Router {
  const router = new Router({ prefix: '/open/v1' });
  router.get('/report-index', (ctx) => {
    const q = readQuery(ctx.querystring, ['masterId', 'type']);
    const masterId = q.get('masterId');
    if (!masterId) throw badQuery('query parameter "masterId" is required');
    if (!MASTER_ID.test(masterId)) throw badQuery('query parameter "masterId" must be an EMPI master id');
    const type = (q.get('type') ?? 'all') as ReportIndexType;
    if (!REPORT_INDEX_TYPES.includes(type))
      throw badQuery('query parameter "type" must be one of lab, imaging, all');
    const items = index.lookup(masterId, type, (orgCode) => store.get(orgCode)?.orgName);
    ok(ctx, { masterId, type, total: items.length, items });
  });
  return router;
}
