import serve from 'koa-static';
import type { Middleware } from 'koa';

/** Taro's H5 build names assets by content hash (js/app.1a2b3c4d.js): those never change. */
const HASHED = /[/\\](js|css|static)[/\\].+\.[0-9a-f]{8}\.\w+$/;

/**
 * Serves the H5 build from the BFF's own origin, so the browser app needs no CORS and no
 * configured API host. API and probe paths never fall through to files.
 */
export function staticH5(dir: string): Middleware {
  const files = serve(dir, {
    index: 'index.html',
    hidden: false,
    gzip: false,
    brotli: false,
    setHeaders: (res, filePath) => {
      res.setHeader(
        'Cache-Control',
        HASHED.test(filePath) ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
  return async (ctx, next) => {
    if (ctx.path.startsWith('/api/') || ctx.path === '/healthz' || ctx.path === '/readyz') return next();
    return files(ctx, next);
  };
}
