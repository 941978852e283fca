import Router from '@koa/router';
import type { Middleware } from 'koa';
import {
  PatientId,
  RecordsConsentInput,
  ReportExportQuery,
  ReportListQuery,
  TrendQuery,
} from '@jiankang/shared';
import { AppError } from '../lib/app-error';
import { parseInput } from '../lib/validate';
import { accountIdOf, requireAccount, requireConsent } from '../middleware/require-account';
import type { Services } from '../services';

/** As in patients.ts: a malformed id names no patient of this account, the same 404. */
function patientIdOf(params: Record<string, string | undefined>): string {
  const parsed = PatientId.safeParse(params.id);
  if (!parsed.success) throw new AppError('PATIENT_NOT_FOUND', '没有找到这位就诊人');
  return parsed.data;
}

/**
 * 检验/检查报告 of the account's 就诊人: the merged list, one report, a trend of one analyte,
 * the 共享调阅 consent and the access log. Guards are per route, not router-wide: a router's
 * `use` would also run for the other routers' paths under /patients/:id.
 */
export function reportRoutes(services: Services): Router {
  const router = new Router();
  const reports = services.reports;
  const noStore: Middleware = async (ctx, next) => {
    ctx.set('Cache-Control', 'no-store');
    await next();
  };
  const guard = [requireAccount(services.accessTokens), requireConsent(services.consent), noStore];

  router.get('/patients/:id/reports', ...guard, async (ctx) => {
    const query = parseInput(ReportListQuery, ctx.query, 'query');
    ctx.body = await reports.list(accountIdOf(ctx), patientIdOf(ctx.params), query);
  });

  router.get('/patients/:id/reports/consent', ...guard, async (ctx) => {
    ctx.body = await reports.consent(accountIdOf(ctx), patientIdOf(ctx.params));
  });

  router.post('/patients/:id/reports/consent', ...guard, async (ctx) => {
    const id = patientIdOf(ctx.params);
    const { version } = parseInput(RecordsConsentInput, ctx.request.body, 'body');
    const { created, state } = await reports.acceptConsent(accountIdOf(ctx), id, version);
    ctx.status = created ? 201 : 200;
    ctx.body = state;
  });

  router.get('/patients/:id/reports/access-log', ...guard, async (ctx) => {
    ctx.body = await reports.accessLog(accountIdOf(ctx), patientIdOf(ctx.params));
  });

  router.get('/patients/:id/observations/trend', ...guard, async (ctx) => {
    const id = patientIdOf(ctx.params);
    const { code } = parseInput(TrendQuery, ctx.query, 'query');
    ctx.body = await reports.trend(accountIdOf(ctx), id, code);
  });

  router.get('/reports/:reportId', ...guard, async (ctx) => {
    ctx.body = { report: await reports.get(accountIdOf(ctx), ctx.params.reportId ?? '') };
  });

  router.get('/reports/:reportId/export', ...guard, async (ctx) => {
    const { format } = parseInput(ReportExportQuery, ctx.query, 'query');
    const file = await reports.exportFile(accountIdOf(ctx), ctx.params.reportId ?? '', format);
    ctx.set('Content-Type', file.contentType);
    ctx.set('Content-Disposition', file.contentDisposition);
    ctx.body = file.body;
  });

  return router;
}
