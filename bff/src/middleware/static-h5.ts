import serve from 'koa-static';
import type { Middleware } from 'koa';

/**
 * Serves the H5 build from the BFF's own origin, so the browser app needs no CORS and no
 * configured API host. API and probe paths never fall through to files.
 */
export function staticH5(dir: string): Middleware {
  const files = serve(dir, { index: 'index.html', maxage: 0, hidden: false, gzip: false, brotli: false });
  return async (ctx, next) => {
    if (ctx.path.startsWith('/api/') || ctx.path === '/healthz' || ctx.path === '/readyz') return next();
    return files(ctx, next);
  };
}
