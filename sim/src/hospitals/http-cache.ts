import { createHash } from 'node:crypto';
import type { Context } from 'koa';

/** Weak ETag over the exact bytes sent. */
export function weakEtag(body: string | Buffer): string {
  return `W/"${createHash('sha1').update(body).digest('hex').slice(0, 20)}"`;
}

/** RFC 9110 weak comparison: `*`, or any listed tag equal once `W/` is dropped. */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const bare = (t: string) => t.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((t) => t.trim() === '*' || bare(t) === bare(etag));
}

/** Sends a 200 with an ETag, or a bodiless 304 when the client already holds it. */
export function sendCached(
  ctx: Context,
  body: string | Buffer,
  contentType: string,
  cacheControl = 'no-cache',
): void {
  const etag = weakEtag(body);
  ctx.set('ETag', etag);
  ctx.set('Cache-Control', cacheControl);
  if (etagMatches(ctx.get('If-None-Match') || undefined, etag)) {
    ctx.status = 304;
    return;
  }
  ctx.status = 200;
  ctx.set('Content-Type', contentType);
  ctx.body = body;
}

/** `http://host:port` as the client addressed us (Koa 3's ctx.origin can be "null" here). */
export const originOf = (ctx: Context) => `${ctx.protocol}://${ctx.host}`;
