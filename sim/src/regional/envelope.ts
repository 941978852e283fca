import type { Context, Middleware, Next } from 'koa';

/** A refusal the platform answers with `{ code, message }`; codes are the platform's, not ours. */
export class PlatformError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export const badAuth = (message: string) => new PlatformError(401, 40101, message);
export const badTimestamp = (message: string) => new PlatformError(401, 40102, message);
export const replayedNonce = () => new PlatformError(401, 40103, 'nonce already used');
export const badQuery = (message: string) => new PlatformError(400, 40001, message);
export const badBody = (message: string) => new PlatformError(400, 40002, message);
export const notFound = (message = 'resource not found') => new PlatformError(404, 40401, message);
export const conflict = (message: string) => new PlatformError(409, 40901, message);
export const injectedFault = () => new PlatformError(500, 50001, 'internal error (injected fault)');
export const outage = () => new PlatformError(503, 50301, 'platform under maintenance');

export function ok(ctx: Context, data: unknown, status = 200): void {
  ctx.status = status;
  ctx.body = { code: 0, message: 'ok', data };
}

export function fail(ctx: Context, err: PlatformError): void {
  ctx.status = err.status;
  ctx.body = { code: err.code, message: err.message };
}

// Statuses that reach us from Koa itself (no route, wrong method) or from the body parser.
const BY_STATUS: Record<number, [number, string]> = {
  400: [40002, 'malformed request body'],
  404: [40401, 'resource not found'],
  405: [40501, 'method not allowed'],
  413: [41301, 'request body too large'],
  415: [41501, 'unsupported media type'],
};

function fromStatus(status: number): PlatformError {
  const [code, message] = BY_STATUS[status] ?? [50000, 'internal error'];
  return new PlatformError(status in BY_STATUS ? status : 500, code, message);
}

/** First in the chain: every answer that is not a success leaves as the platform's JSON. */
export function envelope(): Middleware {
  return async (ctx: Context, next: Next) => {
    try {
      await next();
      if (ctx.body == null && ctx.status >= 400) fail(ctx, fromStatus(ctx.status));
    } catch (err) {
      if (err instanceof PlatformError) return fail(ctx, err);
      const status = (err as { status?: unknown }).status;
      if (typeof status === 'number' && status >= 400 && status < 500) return fail(ctx, fromStatus(status));
      // A bug in the simulator, not a simulated failure: make it visible in the test output.
      ctx.app.emit('error', err, ctx);
      fail(ctx, new PlatformError(500, 50000, 'internal error'));
    }
  };
}
