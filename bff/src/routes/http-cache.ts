import type { Context } from 'koa';

/**
 * Revalidation with a weak ETag: the directory changes a few times a day, so most list and
 * detail requests from a returning client end in a body-less 304.
 */
export function notModified(ctx: Context, etag: string): boolean {
  ctx.set('ETag', etag);
  ctx.set('Cache-Control', 'no-cache');
  const header = ctx.get('If-None-Match');
  if (header && header.split(',').some((t) => t.trim() === etag)) {
    ctx.status = 304;
    return true;
  }
  return false;
}
