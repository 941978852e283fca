import Router from '@koa/router';
import { ConsentRequest } from '@jiankang/shared';
import { parseInput } from '../lib/validate';
import { accountIdOf, requireAccount } from '../middleware/require-account';
import type { Services } from '../services';

/** The signed-in account and its privacy-notice consent. */
export function meRoutes(services: Services): Router {
  const router = new Router({ prefix: '/me' });
  router.use(requireAccount(services.accessTokens));
  router.use(async (ctx, next) => {
    ctx.set('Cache-Control', 'no-store');
    await next();
  });

  router.get('/', async (ctx) => {
    ctx.body = await services.consent.me(accountIdOf(ctx));
  });

  router.post('/consent', async (ctx) => {
    const { version } = parseInput(ConsentRequest, ctx.request.body, 'body');
    ctx.status = 201;
    ctx.body = await services.consent.accept(accountIdOf(ctx), version);
  });

  return router;
}
