import Router from '@koa/router';
import { BookingCreate, BookingListQuery, BookingRebook, IdempotencyKey } from '@jiankang/shared';
import { AppError } from '../lib/app-error';
import { parseInput } from '../lib/validate';
import { accountIdOf, requireAccount, requireConsent } from '../middleware/require-account';
import type { Services } from '../services';

/** The Idempotency-Key header, required on every booking write. */
function idempotencyKeyOf(header: string | undefined): string {
  if (!header)
    throw new AppError('IDEMPOTENCY_KEY_REQUIRED', 'Send an Idempotency-Key header (8–64 characters)');
  const parsed = IdempotencyKey.safeParse(header);
  if (!parsed.success) {
    throw new AppError(
      'VALIDATION_FAILED',
      "Invalid header 'Idempotency-Key': expected 8–64 letters, digits, - or _",
      {
        field: 'Idempotency-Key',
      },
    );
  }
  return parsed.data;
}

/**
 * Bookings of the signed-in account. Writes carry an Idempotency-Key (a retried request gets the
 * first answer) and are rate limited per account and per address.
 */
export function bookingRoutes(services: Services): Router {
  const router = new Router({ prefix: '/bookings' });
  const { bookings, idempotency, bookingLimiters } = services;
  router.use(requireAccount(services.accessTokens));
  router.use(requireConsent(services.consent));
  router.use(async (ctx, next) => {
    ctx.set('Cache-Control', 'no-store');
    await next();
  });

  const limited = async (accountId: string, ip: string) => {
    await bookingLimiters.perIp.consume(ip);
    await bookingLimiters.perAccount.consume(accountId);
  };

  router.post('/', async (ctx) => {
    const accountId = accountIdOf(ctx);
    const key = idempotencyKeyOf(ctx.get('Idempotency-Key') || undefined);
    const input = parseInput(BookingCreate, ctx.request.body, 'body');
    await limited(accountId, ctx.ip);
    // Refused from memory before the idempotency key is stored: a tap before 放号 (or after the
    // last seat) costs no database write.
    const result = await bookings.inTurn(
      input.slotId,
      () =>
        idempotency.run(accountId, key, input, async (bookingId, resumed) => {
          const created = await bookings.create(accountId, input, bookingId, { resumed });
          return { status: created.status, body: created.booking };
        }),
      () => idempotency.replayOf(accountId, key, input),
      input.patientId,
    );
    if (result.replayed) ctx.set('Idempotent-Replayed', 'true');
    ctx.status = result.status;
    ctx.body = result.body;
  });

  router.get('/', async (ctx) => {
    const query = parseInput(BookingListQuery, ctx.query, 'query');
    ctx.body = { items: await bookings.list(accountIdOf(ctx), query) };
  });

  router.get('/:id', async (ctx) => {
    ctx.body = await bookings.get(accountIdOf(ctx), String(ctx.params.id));
  });

  router.post('/:id/cancel', async (ctx) => {
    const accountId = accountIdOf(ctx);
    await limited(accountId, ctx.ip);
    ctx.body = await bookings.cancel(accountId, String(ctx.params.id));
  });

  router.post('/:id/rebook', async (ctx) => {
    const accountId = accountIdOf(ctx);
    const key = idempotencyKeyOf(ctx.get('Idempotency-Key') || undefined);
    const input = parseInput(BookingRebook, ctx.request.body, 'body');
    await limited(accountId, ctx.ip);
    const from = String(ctx.params.id);
    const body = { ...input, rebookOf: from };
    const result = await bookings.inTurn(
      input.slotId,
      () =>
        idempotency.run(accountId, key, body, async (bookingId, resumed) => {
          const created = await bookings.rebook(accountId, from, input.slotId, bookingId, resumed);
          return { status: created.status, body: created.booking };
        }),
      () => idempotency.replayOf(accountId, key, body),
    );
    if (result.replayed) ctx.set('Idempotent-Replayed', 'true');
    ctx.status = result.status;
    ctx.body = result.body;
  });

  return router;
}
