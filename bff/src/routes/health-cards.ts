import Router from '@koa/router';
import { CodeQuery, PatientId, PinInput, ScanListQuery } from '@jiankang/shared';
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
 * A 就诊人's 电子健康卡, for the signed-in account that has accepted the privacy notice: apply,
 * the card face, dynamic codes (one, or an offline pack), the PIN, the printable static code
 * (read, or reissued) and the clinic scans. Another account's patient is a 404, as everywhere.
 */
export function healthCardRoutes(services: Services): Router {
  const router = new Router({ prefix: '/patients/:id/health-card' });
  const cards = services.healthCards;
  router.use(requireAccount(services.accessTokens));
  router.use(requireConsent(services.consent));
  router.use(async (ctx, next) => {
    ctx.set('Cache-Control', 'no-store');
    await next();
  });

  router.post('/', async (ctx) => {
    const { card, created } = await cards.apply(accountIdOf(ctx), patientIdOf(ctx.params));
    ctx.status = created ? 201 : 200;
    ctx.body = { card };
  });

  router.get('/', async (ctx) => {
    ctx.body = { card: await cards.get(accountIdOf(ctx), patientIdOf(ctx.params)) };
  });

  router.get('/code', async (ctx) => {
    const { scene } = parseInput(CodeQuery, ctx.query, 'query');
    ctx.body = await cards.code(accountIdOf(ctx), patientIdOf(ctx.params), scene);
  });

  router.get('/offline-codes', async (ctx) => {
    const { scene } = parseInput(CodeQuery, ctx.query, 'query');
    ctx.body = await cards.offlineCodes(accountIdOf(ctx), patientIdOf(ctx.params), scene);
  });

  router.put('/pin', async (ctx) => {
    const id = patientIdOf(ctx.params);
    const { pin } = parseInput(PinInput, ctx.request.body, 'body');
    await cards.setPin(accountIdOf(ctx), id, pin);
    ctx.status = 204;
  });

  router.get('/static-code', async (ctx) => {
    ctx.body = await cards.staticCode(accountIdOf(ctx), patientIdOf(ctx.params));
  });

  // Reprinting: a new serial, and every code printed before stops working.
  router.post('/static-code', async (ctx) => {
    ctx.status = 201;
    ctx.body = await cards.reissueStaticCode(accountIdOf(ctx), patientIdOf(ctx.params));
  });

  router.get('/scans', async (ctx) => {
    const { limit } = parseInput(ScanListQuery, ctx.query, 'query');
    ctx.body = await cards.scans(accountIdOf(ctx), patientIdOf(ctx.params), limit);
  });

  return router;
}
