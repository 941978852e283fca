import Router from '@koa/router';
import { PatientId, PatientInput, PatientUpdate } from '@jiankang/shared';
import { AppError } from '../lib/app-error';
import { parseInput } from '../lib/validate';
import { accountIdOf, requireAccount, requireConsent } from '../middleware/require-account';
import type { Services } from '../services';

/** A malformed id can name no patient of this account: the same 404 as another account's id. */
function patientIdOf(params: Record<string, string | undefined>): string {
  const parsed = PatientId.safeParse(params.id);
  if (!parsed.success) throw new AppError('PATIENT_NOT_FOUND', '没有找到这位就诊人');
  return parsed.data;
}

/**
 * 就诊人 of the signed-in account: a bearer token, then the privacy consent, before any personal
 * data is read or written. Every id is looked up within the account (another's is a 404).
 */
export function patientRoutes(services: Services): Router {
  const router = new Router({ prefix: '/patients' });
  const { patients } = services;
  router.use(requireAccount(services.accessTokens));
  router.use(requireConsent(services.consent));
  router.use(async (ctx, next) => {
    ctx.set('Cache-Control', 'no-store');
    await next();
  });

  router.get('/', async (ctx) => {
    ctx.body = await patients.list(accountIdOf(ctx));
  });

  router.post('/', async (ctx) => {
    const input = parseInput(PatientInput, ctx.request.body, 'body');
    const patient = await patients.add(accountIdOf(ctx), input);
    ctx.status = 201;
    ctx.set('Location', `/api/v1/patients/${patient.id}`);
    ctx.body = { patient };
  });

  router.get('/:id', async (ctx) => {
    ctx.body = { patient: await patients.get(accountIdOf(ctx), patientIdOf(ctx.params)) };
  });

  // wx.request cannot send PATCH, so the mini-program sends the same change with PUT.
  for (const method of ['patch', 'put'] as const) {
    router[method]('/:id', async (ctx) => {
      const id = patientIdOf(ctx.params);
      const change = parseInput(PatientUpdate, ctx.request.body, 'body');
      ctx.body = { patient: await patients.update(accountIdOf(ctx), id, change) };
    });
  }

  router.delete('/:id', async (ctx) => {
    await patients.remove(accountIdOf(ctx), patientIdOf(ctx.params));
    ctx.status = 204;
  });

  return router;
}
