import { bodyParser } from '@koa/bodyparser';
import type { Context, Middleware } from 'koa';
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
 * Routes that read their body themselves with `readRawBody`: signed webhooks must verify the exact
 * bytes before parsing, and have their own size limit.
 */
export const RAW_BODY_PATHS: readonly RegExp[] = [
  /^\/api\/v1\/feeds\/[^/]+\/slot-events\/?$/,
  /^\/api\/v1\/clinic\/verify\/?$/,
];

/**
 * JSON only, strict (objects and arrays), capped at `limit`. A body in another media type is
 * refused rather than silently ignored, so a client bug shows up as a 415 and not as "field missing".
 * On `rawPaths` only the media type is checked; the route reads the body.
 */
export function jsonBody(limit: string, rawPaths: readonly RegExp[] = RAW_BODY_PATHS): Middleware {
  const parser = bodyParser({ enableTypes: ['json'], jsonLimit: limit, jsonStrict: true, encoding: 'utf-8' });
  const noop = async () => {};
  return async (ctx, next) => {
    if (WITH_BODY.has(ctx.method)) {
      const hasBody = Number(ctx.get('Content-Length') || 0) > 0 || ctx.get('Transfer-Encoding') !== '';
      if (hasBody && !ctx.is('application/json')) {
        throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json');
      }
      if (rawPaths.some((p) => p.test(ctx.path))) return next();
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

/**
 * The request body as sent, up to `maxBytes` (413 beyond, without reading the rest into memory).
 * Compressed bodies are refused: a signature covers the bytes as sent, and inflating is a risk.
 */
export function readRawBody(ctx: Context, maxBytes: number): Promise<Buffer> {
  const tooLarge = () => new AppError('PAYLOAD_TOO_LARGE', `Request body is over ${maxBytes} bytes`);
  const encoding = ctx.get('Content-Encoding').toLowerCase();
  if (encoding !== '' && encoding !== 'identity') {
    return Promise.reject(new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the body uncompressed'));
  }
  const req = ctx.req;
  if (Number(ctx.get('Content-Length') || 0) > maxBytes) {
    req.resume(); // discard, so the client can finish sending and read our answer
    return Promise.reject(tooLarge());
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) {
        chunks.push(chunk);
        return;
      }
      done();
      req.resume();
      reject(tooLarge());
    };
    const onEnd = () => {
      done();
      resolve(Buffer.concat(chunks));
    };
    // The client went away: a 400 nobody reads, not a 500 in the logs.
    const onError = () => {
      done();
      reject(new AppError('MALFORMED_JSON', 'Request body was cut off'));
    };
    const onClose = () => {
      if (!req.complete) onError();
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}
