import Router from '@koa/router';
import { LoginRequest, LogoutRequest, RefreshRequest } from '@jiankang/shared';
import { parseInput } from '../lib/validate';
import type { Services } from '../services';

/** Login with a WeChat code, refresh-token rotation and logout. Answers are never cached. */
export function authRoutes(services: Services): Router {
  const router = new Router({ prefix: '/auth' });
  router.use(async (ctx, next) => {
    ctx.set('Cache-Control', 'no-store');
    await next();
  });

  router.post('/login', async (ctx) => {
    await services.loginLimiter.consume(ctx.ip);
    const { code } = parseInput(LoginRequest, ctx.request.body, 'body');
    ctx.body = await services.auth.login(code);
  });

  router.post('/refresh', async (ctx) => {
    const { refreshToken } = parseInput(RefreshRequest, ctx.request.body, 'body');
    ctx.body = await services.auth.refresh(refreshToken);
  });

  router.post('/logout', async (ctx) => {
    const { refreshToken } = parseInput(LogoutRequest, ctx.request.body, 'body');
    await services.auth.logout(refreshToken);
    ctx.status = 204;
  });

  return router;
}
