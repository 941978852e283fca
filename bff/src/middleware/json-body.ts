import { bodyParser } from '@koa/bodyparser';
import type { Middleware } from 'koa';
import { AppError } from '../lib/app-error';

const WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);

function parseFailure(err: { status?: number; type?: string }): AppError {
  if (err.status === 413 || err.type === 'entity.too.large') {
    return new AppError('PAYLOAD_TOO_LARGE', 'Request body is too large');
  }
  if (err.status === 415) return new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json');
  return new AppError('MALFORMED_JSON', 'Request body is not valid JSON (an object or an array)');
}

/**
 * JSON only, strict (objects and arrays), capped at `limit`. A body in another media type is
 * refused rather than silently ignored, so a client bug shows up as a 415 and not as "field missing".
 */
export function jsonBody(limit: string): Middleware {
  const parser = bodyParser({ enableTypes: ['json'], jsonLimit: limit, jsonStrict: true, encoding: 'utf-8' });
  const noop = async () => {};
  return async (ctx, next) => {
    if (WITH_BODY.has(ctx.method)) {
      const hasBody = Number(ctx.get('Content-Length') || 0) > 0 || ctx.get('Transfer-Encoding') !== '';
      if (hasBody && !ctx.is('application/json')) {
        throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json');
      }
      try {
        // Run the parser alone so errors from later middleware are not mistaken for parse errors.
        await (parser as unknown as Middleware)(ctx, noop);
      } catch (err) {
        throw parseFailure(err as { status?: number; type?: string });
      }
    }
    await next();
  };
}
