import { bodyParser } from '@koa/bodyparser';
import Router from '@koa/router';
import type { Context } from 'koa';
import type { ReportBook } from '../reports/report-book';
import { ReportSpecError } from '../reports/report-spec';
import { reportView } from '../reports/types';

const answer = (ctx: Context, status: number, data?: unknown, message = 'ok') => {
  ctx.status = status;
  ctx.body = data === undefined ? { code: status, message } : { code: 0, message, data };
};

/**
 * Test knobs for reports, beside the feed's other /__admin knobs (never faulted): register a report
 * with a full spec (sim/src/reports/report-spec.ts), and read what the hospital holds for a person.
 * A SMART Scheduling Links feed has no report service and says so.
 */
export function reportAdminRoutes(reports: ReportBook | undefined): Router {
  const router = new Router({ prefix: '/__admin/reports' });
  if (!reports) {
    const none = (ctx: Context) =>
      answer(ctx, 409, undefined, 'this feed serves no reports (smart-scheduling-links)');
    router.all('/', none);
    router.all('/:id', none);
    return router;
  }
  router.use(async (ctx, next) => {
    try {
      await next();
    } catch (err) {
      if (err instanceof ReportSpecError) return answer(ctx, 400, undefined, err.message);
      const status = (err as { status?: number }).status;
      if (typeof status === 'number' && status < 500) return answer(ctx, status, undefined, String(err));
      throw err;
    }
  });
  // A test may send a real PDF as base64; 5 MB of file is about 7 MB of JSON.
  router.use(bodyParser({ enableTypes: ['json'], jsonLimit: '30mb' }));

  router.post('/', (ctx) => {
    const { report, created } = reports.add(ctx.request.body);
    answer(ctx, created ? 201 : 200, reportView(report));
  });
  router.get('/', (ctx) => {
    const masterId = ctx.query.masterId;
    if (typeof masterId !== 'string' || !masterId) return answer(ctx, 400, undefined, 'masterId is required');
    answer(ctx, 200, reports.forPerson(masterId).map(reportView));
  });
  router.get('/:id', (ctx) => {
    const report = reports.get(ctx.params.id ?? '');
    if (!report) return answer(ctx, 404, undefined, `no report ${ctx.params.id}`);
    answer(ctx, 200, reportView(report));
  });
  return router;
}
