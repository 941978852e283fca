import { buildRouter } from '../routes';
import type { Services } from '../services';
import { buildOpenApiDocument } from './document';

const HTTP_METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/**
 * Building the routers only wires handlers and guards: no service is called. Every property of
 * this stand-in answers an empty object, so each router factory gets what it picks out.
 */
const services = new Proxy({}, { get: () => ({}) }) as unknown as Services;

/** `METHOD /path` for every route the app's composed router serves, in OpenAPI path syntax. */
function routed(): Set<string> {
  const pairs = new Set<string>();
  for (const layer of buildRouter(services).stack) {
    // router.use() layers carry no methods; HEAD is added by koa-router to every GET.
    const methods = layer.methods.filter((m) => HTTP_METHODS.has(m));
    if (methods.length === 0) continue;
    if (typeof layer.path !== 'string')
      throw new TypeError(`a route with a RegExp path: ${String(layer.path)}`);
    const path = layer.path.replace(/\/+$/, '').replace(/:([A-Za-z0-9_]+)/g, '{$1}') || '/';
    for (const method of methods) pairs.add(`${method} ${path}`);
  }
  return pairs;
}

/** `METHOD /path` for every operation of the generated document. */
function documented(): Set<string> {
  const { paths } = buildOpenApiDocument() as { paths: Record<string, Record<string, unknown>> };
  const pairs = new Set<string>();
  for (const [path, item] of Object.entries(paths)) {
    for (const method of Object.keys(item)) {
      if (HTTP_METHODS.has(method.toUpperCase())) pairs.add(`${method.toUpperCase()} ${path}`);
    }
  }
  return pairs;
}

describe('the OpenAPI document equals the router', () => {
  const routes = routed();
  const operations = documented();
  const minus = (a: Set<string>, b: Set<string>) => [...a].filter((x) => !b.has(x)).sort();

  it('finds the routes of every resource router', () => {
    // A guard that the walk over router.stack sees the nested routers at all.
    expect(routes.size).toBeGreaterThan(40);
    expect(routes.has('GET /healthz')).toBe(true);
    expect(routes.has('POST /api/v1/bookings')).toBe(true);
    expect(routes.has('GET /api/v1/patients/{id}/health-card/scans')).toBe(true);
  });

  it('documents every routed (METHOD, path)', () => {
    expect({ routedButNotDocumented: minus(routes, operations) }).toEqual({ routedButNotDocumented: [] });
  });

  it('routes every documented (METHOD, path)', () => {
    expect({ documentedButNotRouted: minus(operations, routes) }).toEqual({ documentedButNotRouted: [] });
  });
});
