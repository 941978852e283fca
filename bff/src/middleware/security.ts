import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet, { type HelmetOptions } from 'helmet';
import cors from '@koa/cors';
import type { Middleware } from 'koa';
import type { Config } from '../config';

/** What the policy depends on: outside production, the WeChat simulator's origin. */
export type SecurityConfig = { env: Config['env']; wechat: Pick<Config['wechat'], 'baseUrl'> };

/**
 * connect-src: the app talks to its own origin. Outside production the H5 build's 开发环境登录
 * also asks the WeChat simulator (config wechat.baseUrl) for a login code, so that one origin is
 * allowed too; production never names it (the real WeChat is only called by the BFF).
 */
export function connectSources(config?: SecurityConfig): string[] {
  const sources = ["'self'"];
  if (!config || config.env === 'production') return sources;
  try {
    const { origin } = new URL(config.wechat.baseUrl);
    if (origin && origin !== 'null') sources.push(origin);
  } catch {
    // Not a URL: nothing to add (config validation reports it).
  }
  return sources;
}

/**
 * Helmet's defaults, with a CSP the H5 build can live with: Taro injects its styles at run time,
 * and the app only talks to its own origin (plus the WeChat simulator outside production).
 */
function helmetOptions(config?: SecurityConfig): HelmetOptions {
  return {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: connectSources(config),
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
      },
    },
    // Residents' data: no referrer leaves the app.
    referrerPolicy: { policy: 'no-referrer' },
  };
}

/**
 * Our policy is static (no per-request nonces), so helmet runs once at start-up against a
 * recording response and each request just copies the headers it chose.
 */
export function securityHeaders(config?: SecurityConfig): Middleware {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader: (name: string, value: unknown) => {
      headers[name] = String(value);
    },
    removeHeader: (name: string) => {
      delete headers[name];
    },
  };
  let done = false;
  helmet(helmetOptions(config))({} as IncomingMessage, recorder as unknown as ServerResponse, () => {
    done = true;
  });
  if (!done || !headers['Content-Security-Policy']) throw new Error('helmet did not produce its headers');
  return async (ctx, next) => {
    ctx.set(headers);
    await next();
  };
}

/** Only origins on the allowlist get CORS headers; a browser on any other origin is refused by itself. */
export function corsAllowlist(origins: readonly string[]): Middleware {
  const allowed = new Set(origins);
  return cors({
    origin: (ctx) => {
      const origin = ctx.get('Origin');
      return allowed.has(origin) ? origin : '';
    },
    allowMethods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
    allowHeaders: ['Content-Type', 'Authorization', 'X-Request-Id', 'Idempotency-Key', 'If-None-Match'],
    exposeHeaders: ['X-Request-Id', 'ETag', 'Retry-After'],
    maxAge: 600,
    keepHeadersOnError: true,
  });
}
