import Router from '@koa/router';
import type { Context, Middleware } from 'koa';
import { ConsoleFeedCheckRequest, ConsoleSessionRequest } from '@jiankang/shared';
import { parseInput } from '../lib/validate';
import { bearerToken } from '../middleware/require-account';
import type { Services } from '../services';
import { consoleUnauthenticated, type ConsoleTokens } from '../services/console/console-tokens';

/** Console routes only: a console session token (a resident token is refused). */
function requireConsole(tokens: ConsoleTokens): Middleware {
  return async (ctx, next) => {
    const token = bearerToken(ctx);
    if (!token) throw consoleUnauthenticated();
    ctx.state.consoleScope = tokens.verify(token);
    await next();
  };
}

const scopeOf = (ctx: Context): string => {
  const scope: unknown = ctx.state.consoleScope;
  if (typeof scope !== 'string') throw new Error('scopeOf() used on a route without requireConsole');
  return scope;
};

/** Hospital IT's feed console: sign-in, feed health, feed check. */
export function consoleRoutes(services: Services): Router {
  const router = new Router({ prefix: '/console' });
  const { tokens, signIn, health, feedCheck } = services.console;
  const noStore: Middleware = async (ctx, next) => {
    await next();
    ctx.set('Cache-Control', 'no-store');
  };
  router.use(noStore);

  router.post('/sessions', async (ctx) => {
    const body = parseInput(ConsoleSessionRequest, ctx.request.body, 'body');
    ctx.body = await signIn.signIn(body, ctx.ip);
    ctx.status = 201;
  });

  router.get('/feeds', requireConsole(tokens), async (ctx) => {
    ctx.body = await health.list(scopeOf(ctx));
  });

  router.get('/feeds/:hospitalId', requireConsole(tokens), async (ctx) => {
    const { hospitalId } = ctx.params as { hospitalId: string };
    ctx.body = await health.detail(scopeOf(ctx), hospitalId);
  });

  router.post('/feed-check', requireConsole(tokens), async (ctx) => {
    const body = parseInput(ConsoleFeedCheckRequest, ctx.request.body ?? {}, 'body');
    ctx.body = await feedCheck.run(scopeOf(ctx), body);
  });

  return router;
}
