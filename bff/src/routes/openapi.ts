import Router from '@koa/router';
import { buildOpenApiDocument } from '../openapi/document';

export function openApiRoutes(): Router {
  const router = new Router();
  let document: object | undefined;
  router.get('/openapi.json', (ctx) => {
    document ??= buildOpenApiDocument();
    ctx.set('Cache-Control', 'public, max-age=300');
    ctx.body = document;
  });
  return router;
}
