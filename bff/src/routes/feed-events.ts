import Router from '@koa/router';
import { readRawBody } from '../middleware/json-body';
import type { Services } from '../services';

/**
 * Hospitals' signed slot-event pushes (docs/upstreams/slot-push.md). The body is read raw here
 * (json-body.ts leaves this path alone) because the signature covers its exact bytes.
 */
export function feedEventRoutes(services: Services): Router {
  const router = new Router();
  const receiver = services.slotEvents;

  router.post('/feeds/:hospitalId/slot-events', async (ctx) => {
    const { hospitalId } = ctx.params as { hospitalId: string };
    receiver.assertPushing(hospitalId);
    const raw = await readRawBody(ctx, receiver.maxBodyBytes);
    ctx.body = await receiver.receive(
      hospitalId,
      {
        timestamp: ctx.get('X-Feed-Timestamp'),
        nonce: ctx.get('X-Feed-Nonce'),
        signature: ctx.get('X-Feed-Signature'),
      },
      raw,
    );
    ctx.set('Cache-Control', 'no-store');
  });

  return router;
}
