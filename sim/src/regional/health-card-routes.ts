import Router from '@koa/router';
import { badQuery, ok } from './envelope';
import { cardNotFound, parseCardApplication, type HealthCardRegistry } from './health-cards';
import { readQuery } from './query';

/** The signed e-health card API. Signature and faults are checked before these run (see app.ts). */
export function healthCardRoutes(cards: HealthCardRegistry): Router {
  const router = new Router({ prefix: '/open/v1' });

  // A signed POST whose JSON body the signature covered (see signature.ts); 201 only when a
  // card was issued by this request, so a client can tell a first application from a repeat.
  router.post('/health-cards', (ctx) => {
    readQuery(ctx.querystring, []);
    const { card, created } = cards.apply(parseCardApplication(ctx.state.rawBody as Buffer | undefined));
    ok(ctx, card, created ? 201 : 200);
  });

  router.get('/health-cards', (ctx) => {
    const masterId = readQuery(ctx.querystring, ['masterId']).get('masterId');
    if (!masterId) throw badQuery('query parameter "masterId" is required');
    const card = cards.ofPerson(masterId);
    if (!card) throw cardNotFound('this person has no e-health card');
    ok(ctx, card);
  });

  router.get('/health-cards/:cardId', (ctx) => {
    readQuery(ctx.querystring, []);
    const card = cards.get(ctx.params.cardId ?? '');
    if (!card) throw cardNotFound();
    ok(ctx, card);
  });

  return router;
}
