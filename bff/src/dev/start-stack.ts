import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import {
  readHospitalRegistry,
  startHospitalFeeds,
  startRegionalPlatform,
  startWechat,
  type HospitalFeedOptions,
  type RegionalPlatformHandle,
  type WechatHandle,
} from '@jiankang/sim';
import { ConfigError, REPO_ROOT, loadConfig } from '../config';
import { createLogger } from '../lib/logger';
import { startRuntime } from '../runtime';
import { withDevConsoleKeys } from './dev-console-keys';
import { startEmbeddedDatabase, type EmbeddedDatabase } from './embedded-db';

/**
 * `npm start`: database (embedded when MONGODB_URI is unset), the upstream simulators, the BFF,
 * and the H5 build served by the BFF. Ctrl-C stops all of it.
 */
const cleanups: Array<() => Promise<void>> = [];

/**
 * The registry's push URLs name the default BFF address; point them at the address this BFF is
 * about to listen on (HOST / PORT may differ). With PORT=0 the address is not known yet: no push.
 */
function pushToThisBff(
  feed: HospitalFeedOptions,
  http: { host: string; port: number },
  say: (line: string) => void,
): HospitalFeedOptions {
  if (!feed.push) return feed;
  if (http.port === 0) {
    say(`hospital feed ${feed.hospitalId}: not pushing (PORT=0, the BFF's address is not known yet)`);
    const { push: _push, ...rest } = feed;
    return rest;
  }
  const url = new URL(feed.push.url);
  const host = ['0.0.0.0', '::', ''].includes(http.host) ? '127.0.0.1' : http.host;
  url.hostname = host.includes(':') ? `[${host}]` : host;
  url.port = String(http.port);
  return { ...feed, push: { ...feed.push, url: url.toString() } };
}

async function main(): Promise<void> {
  const say = (line: string) => process.stdout.write(`${line}\n`);
  const base = loadConfig();

  let db: EmbeddedDatabase | undefined;
  let mongoUri = base.mongodb.uri;
  if (!mongoUri) {
    db = await startEmbeddedDatabase(path.join(REPO_ROOT, '.data', 'ferretdb'), say);
    mongoUri = db.uri;
    cleanups.unshift(() => db!.stop());
  }

  // A real platform when REGIONAL_BASE_URL says so; otherwise the simulator with our dev credentials.
  let regional: RegionalPlatformHandle | undefined;
  let regionalUrl = base.regional.baseUrl;
  if (!process.env.REGIONAL_BASE_URL) {
    regional = await startRegionalPlatform({
      port: Number(process.env.REGIONAL_SIM_PORT ?? 4100),
      apps: { [base.regional.appId]: base.regional.appSecret },
    });
    regionalUrl = regional.url;
    cleanups.unshift(() => regional!.close());
    // The hospitals' own slot feeds, as config/hospitals.json (or HOSPITALS_FILE) lists them.
    const feeds = await startHospitalFeeds(
      (await readHospitalRegistry(base.hospitalsFile)).map((f) => pushToThisBff(f, base.http, say)),
    );
    cleanups.unshift(async () => {
      await Promise.all(feeds.map((f) => f.close()));
    });
    for (const feed of feeds)
      say(`hospital feed ${feed.hospitalId} (${feed.kind}, simulated ${feed.profile}) ${feed.url}`);
    for (const real of base.hospitalRegistry.hospitals.filter((h) => h.simulator === 'none'))
      say(`hospital feed ${real.id} (${real.adapter}) ${real.baseUrl}: a real endpoint, polled as it is`);
  }

  // WeChat's API: the simulator (with our dev appid and secret) unless WECHAT_BASE_URL names one.
  let wechat: WechatHandle | undefined;
  let wechatUrl = base.wechat.baseUrl;
  if (!process.env.WECHAT_BASE_URL) {
    wechat = await startWechat({
      port: Number(process.env.WECHAT_SIM_PORT ?? 4300),
      apps: { [base.wechat.appId]: base.wechat.appSecret },
    });
    wechatUrl = wechat.url;
    cleanups.unshift(() => wechat!.close());
  }

  const h5Dir = path.join(REPO_ROOT, 'miniapp', 'dist-h5');
  if (!existsSync(path.join(h5Dir, 'index.html')) && process.env.JK_SKIP_H5 !== '1') {
    say('building the H5 app once (npm run build:h5) …');
    const built = spawnSync('npm', ['run', 'build:h5'], { cwd: REPO_ROOT, stdio: 'inherit' });
    if (built.status !== 0) say('H5 build failed: the API still starts; run `npm run build:h5` to see why');
  }
  const hasH5 = existsSync(path.join(h5Dir, 'index.html'));

  const consoleKeys = withDevConsoleKeys(base.hospitalRegistry, path.join(REPO_ROOT, '.data'));
  const config = loadConfig(process.env, {
    hospitalRegistry: consoleKeys.registry,
    mongodb: { uri: mongoUri },
    regional: { baseUrl: regionalUrl },
    wechat: { baseUrl: wechatUrl },
    h5: { dir: hasH5 ? h5Dir : '' },
  });
  const logger = process.stdout.isTTY
    ? createLogger(
        config.log.level,
        pino.transport({ target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss' } }),
      )
    : createLogger(config.log.level);
  const runtime = await startRuntime(config, logger);
  cleanups.unshift(() => runtime.close(5_000));
  const url = await runtime.listen();

  say('');
  say('Jiankang is running');
  say(`  H5 app            ${hasH5 ? `${url}/` : '(not built: npm run build:h5)'}`);
  say(`  API               ${url}/api/v1/hospitals`);
  say(`  OpenAPI           ${url}/api/v1/openapi.json`);
  say(`  health            ${url}/healthz  ${url}/readyz`);
  say(
    `  feed console      ${hasH5 ? `${url}/#/pages/console/sign-in/index` : '(H5 not built)'}; keys in ${consoleKeys.file}`,
  );
  say(`  regional platform ${regionalUrl}${regional ? ' (simulator)' : ''}`);
  say(
    `  WeChat API        ${wechatUrl}${wechat ? ' (simulator; dev login codes: POST /__dev/login-code)' : ''}`,
  );
  say(
    `  database          ${db ? `${db.kind} (embedded, ${db.uri}, data in .data/ferretdb)` : 'MONGODB_URI'}`,
  );
  say('  weapp             npm run build:weapp, then open this folder in WeChat DevTools');
  say('Ctrl-C stops everything.');

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    say('stopping …');
    for (const cleanup of cleanups) await cleanup();
    say('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch(async (err: Error) => {
  process.stderr.write(`${err instanceof ConfigError ? err.message : `start failed: ${err.message}`}\n`);
  for (const cleanup of cleanups) await cleanup().catch(() => undefined);
  process.exit(1);
});
