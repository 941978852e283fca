import Koa from 'koa';
import type { Config } from './config';
import type { Logger } from './lib/logger';
import { errorHandler } from './middleware/error-handler';
import { jsonBody } from './middleware/json-body';
import { requestContext } from './middleware/request-context';
import { corsAllowlist, securityHeaders } from './middleware/security';
import { staticH5 } from './middleware/static-h5';
import { buildRouter } from './routes';
import type { Services } from './services';

/**
 * The whole middleware order, in one place:
 * request id + access log -> error envelope -> security headers -> CORS -> JSON body -> routes -> H5 files.
 */
export function createApp(config: Config, services: Services, logger: Logger): Koa {
  const app = new Koa({ proxy: config.http.trustProxy });
  // Errors are answered and logged by errorHandler; Koa's own stderr printing would duplicate them.
  app.silent = true;
  app.on('error', (err: Error) => logger.debug({ err }, 'koa error event'));

  const router = buildRouter(services);
  app.use(requestContext(logger));
  app.use(errorHandler());
  app.use(securityHeaders(config));
  app.use(corsAllowlist(config.http.corsOrigins));
  app.use(jsonBody(config.http.bodyLimit));
  app.use(router.routes());
  app.use(router.allowedMethods());
  if (config.h5.dir) app.use(staticH5(config.h5.dir));
  return app;
}
