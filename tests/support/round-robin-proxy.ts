import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface RoundRobinProxy {
  url: string;
  /** Requests passed to each upstream, by its origin. */
  readonly served: Map<string, number>;
  close(): Promise<void>;
}

/**
 * The load balancer of the two-replica tests: each request goes to the next upstream in turn
 * (keep-alive towards them, as nginx's upstream keepalive), X-Forwarded-For set to the client's
 * address. An upstream that refuses the connection is skipped for that request, as nginx's
 * `proxy_next_upstream error` does; a request already sent is never sent twice.
 */
export async function startRoundRobinProxy(
  upstreams: readonly string[],
  opts: { onRequest?: (method: string, url: string) => void } = {},
): Promise<RoundRobinProxy> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const served = new Map(upstreams.map((u) => [u, 0]));
  const sockets = new Set<Socket>();
  let next = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      opts.onRequest?.(req.method ?? 'GET', req.url ?? '/');
      const body = Buffer.concat(chunks);
      const tryUpstream = (left: number) => {
        const target = upstreams[next++ % upstreams.length] as string;
        const upstream = http.request(
          `${target}${req.url}`,
          {
            method: req.method,
            agent,
            headers: {
              ...req.headers,
              // Appended as nginx's $proxy_add_x_forwarded_for does.
              'x-forwarded-for': [req.headers['x-forwarded-for'], req.socket.remoteAddress]
                .filter(Boolean)
                .join(', '),
            },
          },
          (answer) => {
            served.set(target, (served.get(target) ?? 0) + 1);
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
          },
        );
        upstream.on('error', (err: NodeJS.ErrnoException) => {
          if (err.code === 'ECONNREFUSED' && left > 1) tryUpstream(left - 1);
          else if (!res.headersSent) res.writeHead(502).end();
          else res.destroy();
        });
        upstream.end(body);
      };
      tryUpstream(upstreams.length);
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    served,
    close() {
      agent.destroy();
      for (const s of sockets) s.destroy();
      return new Promise((r) => server.close(() => r()));
    },
  };
}
