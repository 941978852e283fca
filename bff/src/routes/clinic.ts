import Router from '@koa/router';
import { readRawBody } from '../middleware/json-body';
import type { Services } from '../services';

/**
 * Hospital clinic terminals verifying a scanned e-health card code (docs/health-card.md). The
 * body is read raw here (json-body.ts leaves this path alone): the signature covers its bytes.
 */
export function clinicRoutes(services: Services): Router {
  const router = new Router();
  const clinic = services.clinic;

  router.post('/clinic/verify', async (ctx) => {
    const headers = {
      hospital: ctx.get('X-JK-Hospital'),
      terminal: ctx.get('X-JK-Terminal'),
      timestamp: ctx.get('X-JK-Timestamp'),
      nonce: ctx.get('X-JK-Nonce'),
      signature: ctx.get('X-JK-Signature'),
    };
    clinic.keyOf(headers);
    const raw = await readRawBody(ctx, clinic.maxBodyBytes);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = await clinic.verify(
      headers,
      { method: ctx.method, path: ctx.path, query: ctx.querystring },
      raw,
    );
  });

  return router;
}
