import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import pino from 'pino';
import {
  startRegionalPlatform,
  startWechat,
  type RegionalPlatformHandle,
  type WechatHandle,
} from '@jiankang/sim';
import type { TokenResponse } from '@jiankang/shared';
import { loadConfig, type Config, type ConfigOverrides } from '../../bff/src/config';
import { createLogger } from '../../bff/src/lib/logger';
import { connectDatabase } from '../../bff/src/models/connection';
import { startRuntime, type Runtime } from '../../bff/src/runtime';

/**
 * What the HTTP benchmark scenarios share: a stack on a scratch database, sign-ins, the bare Koa
 * baseline, timing, a worker pool, percentiles and JSON calls.
 */

export const elapsedMs = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;

/** The p-th percentile (nearest rank) of `xs`; 0 for none. */
export const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
};

/** `items` worked through by `k` concurrent workers; each item's duration in ms. */
export async function pool<T>(items: T[], k: number, work: (item: T) => Promise<void>): Promise<number[]> {
  const durations: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: k }, async () => {
      while (next < items.length) {
        const item = items[next] as T;
        next += 1;
        const t0 = process.hrtime.bigint();
        await work(item);
        durations.push(elapsedMs(t0));
      }
    }),
  );
  return durations;
}

export async function json<T>(
  url: string,
  init: RequestInit = {},
): Promise<{ status: number; body: T; text: string }> {
  const res = await fetch(url, init);
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T, text };
}

export type Cleanups = Array<() => Promise<unknown>>;

export interface BenchStack {
  base: string;
  config: Config;
  regional: RegionalPlatformHandle;
  wechat: WechatHandle;
  runtime: Runtime;
}

/**
 * A regional-platform and a WeChat simulator, and a BFF on its own scratch database (dropped at
 * cleanup) with logs to /dev/null and sign-ins unthrottled; `overrides` adds the scenario's own
 * hospitals and limits.
 */
export async function startBenchStack(
  label: string,
  mongoUri: string,
  overrides: (sims: { regional: RegionalPlatformHandle; wechat: WechatHandle }) => ConfigOverrides,
  cleanups: Cleanups,
): Promise<BenchStack> {
  const appId = `jk-bench-${label}`;
  const secret = `bench-only-regional-secret-${label}-000`;
  const wechatApp = `wxbench${label}`.slice(0, 18).padEnd(18, '0');
  const wechatSecret = `bench-only-wechat-secret-${label}-000`;
  const regional = await startRegionalPlatform({ apps: { [appId]: secret } });
  cleanups.push(() => regional.close());
  const wechat = await startWechat({ apps: { [wechatApp]: wechatSecret }, code2SessionPerMinute: 1_000_000 });
  cleanups.push(() => wechat.close());
  const dbName = `jk_bench_${label}_${Date.now()}`;
  const scenario = overrides({ regional, wechat });
  const config = loadConfig(process.env, {
    ...scenario,
    http: { host: '127.0.0.1', port: 0 },
    log: { level: 'info' },
    mongodb: { uri: mongoUri, dbName },
    regional: { baseUrl: regional.url, appId, appSecret: secret },
    wechat: { appId: wechatApp, appSecret: wechatSecret, baseUrl: wechat.url, timeoutMs: 3_000 },
    feeds: { enabled: false },
    rateLimits: { loginPerIpPerMinute: 100_000 },
  });
  const runtime = await startRuntime(
    config,
    createLogger('info', pino.destination({ dest: '/dev/null', sync: false })),
  );
  cleanups.push(async () => {
    await runtime.close(1_000);
    const conn = await connectDatabase(mongoUri, dbName);
    await conn.dropDatabase();
    await conn.close();
  });
  return { base: `${await runtime.listen()}/api/v1`, config, regional, wechat, runtime };
}

/** A new WeChat sign-in with the privacy notice accepted: the headers of its requests. */
export async function signIn(stack: BenchStack): Promise<Record<string, string>> {
  const login = await json<TokenResponse>(`${stack.base}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code: stack.wechat.mintCode().code }),
  });
  if (login.status !== 200) throw new Error(`login: ${login.status} ${login.text}`);
  const auth = { authorization: `Bearer ${login.body.accessToken}`, 'content-type': 'application/json' };
  const consent = await json(`${stack.base}/me/consent`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({ version: stack.config.privacy.version }),
  });
  if (consent.status !== 201) throw new Error(`consent: ${consent.status} ${consent.text}`);
  return auth;
}

/** The baseline: bare Koa answering every request with `body` (JSON), nothing else. */
export async function startBareKoa(body: string, cleanups: Cleanups): Promise<string> {
  const bare = new Koa();
  bare.use((ctx) => {
    ctx.type = 'application/json';
    ctx.body = body;
  });
  const server = http.createServer(bare.callback());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  cleanups.push(() => new Promise((r) => server.close(r)));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}
