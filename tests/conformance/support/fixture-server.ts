import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

/** How one path answers: a fixture file (or body) with the transport quirks real hosts show. */
export interface Route {
  file?: string;
  body?: string | Buffer;
  contentType?: string;
  status?: number;
  /** Lines end in CRLF, as files written on Windows or by some CDNs do. */
  crlf?: boolean;
  /** The last line has no newline after it. */
  noFinalNewline?: boolean;
  /** Never answers (a hung host). */
  hang?: boolean;
  /** Redirects there (hosts that move files). */
  redirect?: string;
}

export interface FixtureServer {
  origin: string;
  /** Paths asked for, in order, with their query strings. */
  requests: string[];
  close(): Promise<void>;
}

/**
 * A static file server for hand-written fixtures: not a simulator, nothing is generated. `{{origin}}`
 * in a file becomes the server's own origin, so manifests and links can be absolute as published.
 */
export async function serveFixtures(dir: string, routes: Record<string, Route>): Promise<FixtureServer> {
  const requests: string[] = [];
  const hung: Array<() => void> = [];
  let origin = '';
  const server: Server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const path = decodeURIComponent((req.url ?? '/').split('?')[0] as string);
    const route = routes[path];
    if (!route) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    if (route.hang) {
      hung.push(() => res.destroy());
      return;
    }
    if (route.redirect) {
      res.writeHead(302, { Location: route.redirect.replace('{{origin}}', origin) }).end();
      return;
    }
    let body: string | Buffer = route.body ?? readFileSync(join(dir, route.file as string), 'utf8');
    if (typeof body === 'string') {
      body = body.replaceAll('{{origin}}', origin);
      if (route.noFinalNewline) body = body.replace(/\n+$/, '');
      if (route.crlf) body = body.replace(/\r?\n/g, '\r\n');
    }
    res.writeHead(route.status ?? 200, { 'Content-Type': route.contentType ?? 'application/json' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const end of hung) end();
        server.close(() => resolve());
      }),
  };
}
