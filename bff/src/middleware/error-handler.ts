import type { Middleware, Context } from 'koa';
import type { ErrorEnvelope } from '@jiankang/shared';
import { isAppError } from '../lib/app-error';
import type { ErrorCode } from '@jiankang/shared/domain';

/** Client errors raised by Koa itself or a library (http-errors), mapped onto our closed list. */
const HTTP_STATUS_CODES: Record<number, ErrorCode> = {
  400: 'VALIDATION_FAILED',
  404: 'ROUTE_NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
};

function write(ctx: Context, status: number, error: Omit<ErrorEnvelope['error'], 'requestId'>): void {
  ctx.status = status;
  ctx.type = 'application/json';
  const body: ErrorEnvelope = { error: { ...error, requestId: ctx.state.requestId as string } };
  ctx.body = body;
}

/**
 * The single place an error becomes a response: the DESIGN.md envelope, never a stack trace.
 * Unknown failures are logged with their stack and answered with a bare INTERNAL_ERROR.
 */
export function errorHandler(): Middleware {
  return async (ctx, next) => {
    try {
      await next();
      // Nothing answered: an unknown route (404) or the router's 405/501 with its Allow header.
      if (ctx.body === undefined || ctx.body === null) {
        if (ctx.status === 404) {
          write(ctx, 404, {
            code: 'ROUTE_NOT_FOUND',
            message: `No such endpoint: ${ctx.method} ${ctx.path.slice(0, 120)}`,
          });
        } else if (ctx.status === 405 || ctx.status === 501) {
          write(ctx, 405, { code: 'METHOD_NOT_ALLOWED', message: `${ctx.method} is not allowed here` });
        }
      }
    } catch (err) {
      if (isAppError(err)) {
        if (err.headers) ctx.set(err.headers);
        write(ctx, err.status, {
          code: err.code,
          message: err.message,
          ...(err.field !== undefined && { field: err.field }),
          ...(err.details !== undefined && { details: err.details }),
        });
        if (err.status >= 500) ctx.state.log.warn({ code: err.code, err: err.cause ?? err }, err.message);
        return;
      }
      const status = (err as { status?: unknown }).status;
      const mapped = typeof status === 'number' ? HTTP_STATUS_CODES[status] : undefined;
      if (mapped) {
        write(ctx, status as number, { code: mapped, message: 'Bad request' });
        return;
      }
      ctx.state.log.error({ err }, 'unhandled error');
      write(ctx, 500, { code: 'INTERNAL_ERROR', message: 'Internal error' });
    }
  };
}
