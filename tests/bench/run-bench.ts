import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import Koa from 'koa';
import pino from 'pino';
import { startRegionalPlatform } from '@jiankang/sim';
import { loadConfig } from '../../bff/src/config';
import { createLogger } from '../../bff/src/lib/logger';
import { startRuntime } from '../../bff/src/runtime';
import { startEmbeddedDatabase } from '../../bff/src/dev/embedded-db';

/**
 * `npm run bench`: ratios measured in one run on one machine, so the noise of a shared machine
 * cancels out. Each target is measured in alternating rounds by autocannon in its own process.
 */
const ROOT = path.resolve(__dirname, '../..');
const DURATION_S = Number(process.env.BENCH_DURATION ?? 8);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const CONNECTIONS = 32;

interface Cannon {
  requests: { average: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
}

function cannon(url: string): Promise<Cannon> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        require.resolve('autocannon/autocannon.js'),
        '-j',
        '-c',
        String(CONNECTIONS),
        '-d',
        String(DURATION_S),
        url,
      ],
      { stdio: ['ignore', 'pipe', 'ignore'] },
    );
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.once('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out) as Cannon) : reject(new Error(`autocannon ${code}`)),
    );
  });
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'jk-bench-db-'));
  const db = process.env.MONGODB_URI ? undefined : await startEmbeddedDatabase(dataDir);
  const mongoUri = process.env.MONGODB_URI ?? db!.uri;
  const secret = 'bench-only-regional-secret-000000';
  const regional = await startRegionalPlatform({ apps: { 'jk-bench': secret } });
  const config = loadConfig(process.env, {
    http: { host: '127.0.0.1', port: 0 },
    log: { level: 'info' },
    mongodb: { uri: mongoUri, dbName: `jk_bench_${Date.now()}` },
    regional: { baseUrl: regional.url, appId: 'jk-bench', appSecret: secret },
  });
  // Logs are written as in production, to a file descriptor, just not to the terminal.
  const runtime = await startRuntime(
    config,
    createLogger('info', pino.destination({ dest: '/dev/null', sync: false })),
  );
  const ours = await runtime.listen();

  // The baseline: bare Koa returning the same JSON document, no middleware at all.
  const sample = await (await fetch(`${ours}/api/v1/hospitals?pageSize=20`)).json();
  const bare = new Koa();
  bare.use((ctx) => {
    ctx.body = sample;
  });
  const bareServer = http.createServer(bare.callback());
  await new Promise<void>((r) => bareServer.listen(0, '127.0.0.1', () => r()));
  const bareUrl = `http://127.0.0.1:${(bareServer.address() as { port: number }).port}/`;

  const targets = {
    bare: bareUrl,
    hospitals: `${ours}/api/v1/hospitals?pageSize=20`,
    hospitalsFiltered: `${ours}/api/v1/hospitals?district=huicheng&q=%E5%8C%BB%E9%99%A2&pageSize=10`,
  };
  const results: Record<keyof typeof targets, Cannon[]> = { bare: [], hospitals: [], hospitalsFiltered: [] };
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const [name, url] of Object.entries(targets) as Array<[keyof typeof targets, string]>) {
      const r = await cannon(url);
      if (r.non2xx > 0 || r.errors > 0) throw new Error(`${name}: ${r.non2xx} non-2xx, ${r.errors} errors`);
      results[name].push(r);
      process.stdout.write(
        `round ${round + 1} ${name}: ${Math.round(r.requests.average)} req/s, p99 ${r.latency.p99} ms\n`,
      );
    }
  }
  const mean = (xs: Cannon[]) => xs.reduce((s, x) => s + x.requests.average, 0) / xs.length;
  const p99 = (xs: Cannon[]) => Math.max(...xs.map((x) => x.latency.p99));
  const bareRps = mean(results.bare);
  const rows = (Object.keys(targets) as Array<keyof typeof targets>).map((name) => ({
    name,
    rps: mean(results[name]),
    p99: p99(results[name]),
    ratio: mean(results[name]) / bareRps,
  }));

  const date = new Date().toISOString();
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const dbKind = db ? db.kind : 'MONGODB_URI';
  const commit = (() => {
    try {
      return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    } catch {
      return 'unknown';
    }
  })();
  const table = rows
    .map((r) => `| ${r.name} | ${Math.round(r.rps)} | ${r.p99} | ${r.ratio.toFixed(2)} |`)
    .join('\n');
  const hospitalsRatio = rows.find((r) => r.name === 'hospitals')!.ratio;
  const md = `# Benchmarks

Command: \`npm run bench\` (tests/bench/run-bench.ts). Date: ${date}. Commit: ${commit}.
Machine: ${os.cpus().length} × ${cpu}, Node ${process.version}, database ${dbKind}.
Method: autocannon in its own process, ${CONNECTIONS} connections, ${DURATION_S} s per target, ${ROUNDS} alternating
rounds (mean req/s, worst p99). Absolute numbers on a shared 2-core machine mean little; the ratios
to the bare Koa route measured in the same run are the figures to watch.

| target | req/s | p99 ms | ÷ bare Koa |
|---|---|---|---|
${table}

- **bare**: Koa with no middleware returning the same JSON document as the hospital list (20 hospitals).
- **hospitals**: \`GET /api/v1/hospitals?pageSize=20\` through the full chain (request id, access log,
  error envelope, security headers, CORS, body guard, zod validation, ETag, directory read model).
- **hospitalsFiltered**: district + name search, 10 per page.

Hospital list ÷ bare Koa: **${hospitalsRatio.toFixed(2)}** (target ≥ 0.6).
`;
  writeFileSync(path.join(ROOT, 'docs', 'BENCHMARKS.md'), md);
  process.stdout.write(`\n${md}`);

  bareServer.close();
  await runtime.close(1_000);
  await regional.close();
  await db?.stop();
  rmSync(dataDir, { recursive: true, force: true });
}

main().catch((err: Error) => {
  process.stderr.write(`bench failed: ${err.message}\n`);
  process.exit(1);
});
