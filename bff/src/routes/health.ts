import Router from '@koa/router';
import type { HealthResponse } from '@jiankang/shared';
import type { Services } from '../services';

/** Probes for the load balancer: alive (process answers) and ready (dependencies answer). */
export function healthRoutes(services: Services): Router {
  const router = new Router();
  router.get('/healthz', (ctx) => {
    const body: HealthResponse = {
      status: 'ok',
      uptimeSeconds: Math.round((Date.now() - services.startedAt) / 1000),
    };
    ctx.set('Cache-Control', 'no-store');
    ctx.body = body;
  });
  router.get('/readyz', async (ctx) => {
    const body = await services.readiness.check();
    ctx.set('Cache-Control', 'no-store');
    ctx.status = body.status === 'ready' ? 200 : 503;
    ctx.body = body;
  });
  return router;
}
