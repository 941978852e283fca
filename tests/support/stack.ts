import {
  startRegionalPlatform,
  startWechat,
  type RegionalPlatformHandle,
  type WechatHandle,
} from '@jiankang/sim';
import { loadConfig, type Config, type ConfigOverrides } from '../../bff/src/config';
import { createLogger } from '../../bff/src/lib/logger';
import { startRuntime, type Runtime } from '../../bff/src/runtime';
import { dropDatabase, testMongoUri, uniqueDbName } from './db';

export const TEST_APP_ID = 'jk-bff-test';
export const TEST_APP_SECRET = 'test-only-regional-secret-0123456789';
export const TEST_WECHAT_APPID = 'wxtest0123456789';
export const TEST_WECHAT_SECRET = 'test-only-wechat-secret-0123456789';

export interface Stack {
  /** The BFF, e.g. http://127.0.0.1:40123; it also serves the H5 build at / when h5Dir is given. */
  baseUrl: string;
  regional: RegionalPlatformHandle;
  /** The WeChat simulator the BFF logs in with (tests/support/auth.ts mints codes on it). */
  wechat: WechatHandle;
  runtime: Runtime;
  config: Config;
  dbName: string;
  close(): Promise<void>;
}

export interface StackOptions {
  h5Dir?: string;
  /** Keep the database between stacks (to test restarts); dropped by the last close otherwise. */
  dbName?: string;
  keepDb?: boolean;
  regional?: RegionalPlatformHandle;
  /** Share one WeChat simulator between stacks; its first app must be TEST_WECHAT_APPID. */
  wechat?: WechatHandle;
  overrides?: ConfigOverrides;
  /** The e-health card services' clock (test-only, see RuntimeOptions). */
  healthCardNow?: () => Date;
}

/**
 * The real thing on loopback: regional-platform simulator + BFF on port 0 with its own database.
 * Resolves after the first directory sync, as a production start does.
 */
export async function startStack(opts: StackOptions = {}): Promise<Stack> {
  const regional =
    opts.regional ?? (await startRegionalPlatform({ apps: { [TEST_APP_ID]: TEST_APP_SECRET } }));
  const wechat = opts.wechat ?? (await startWechat({ apps: { [TEST_WECHAT_APPID]: TEST_WECHAT_SECRET } }));
  const dbName = opts.dbName ?? uniqueDbName();
  const config = loadConfig(
    { ...process.env, NODE_ENV: 'test' },
    {
      // No slot feeds unless the test starts simulators and names them.
      hospitalRegistry: { hospitals: [] },
      ...opts.overrides,
      http: { host: '127.0.0.1', port: 0, ...opts.overrides?.http },
      log: {
        level:
          process.env.JK_TEST_LOG_LEVEL === undefined ? 'silent' : (process.env.JK_TEST_LOG_LEVEL as 'info'),
      },
      mongodb: { uri: testMongoUri(), dbName },
      regional: {
        baseUrl: regional.url,
        appId: TEST_APP_ID,
        appSecret: TEST_APP_SECRET,
        timeoutMs: 1_000,
        retries: 1,
        ...opts.overrides?.regional,
      },
      h5: { dir: opts.h5Dir ?? '' },
      wechat: {
        appId: TEST_WECHAT_APPID,
        appSecret: TEST_WECHAT_SECRET,
        baseUrl: wechat.url,
        timeoutMs: 1_000,
        ...opts.overrides?.wechat,
      },
    },
  );
  const runtime = await startRuntime(config, createLogger(config.log.level), {
    healthCardNow: opts.healthCardNow,
  });
  const baseUrl = await runtime.listen();
  return {
    baseUrl,
    regional,
    wechat,
    runtime,
    config,
    dbName,
    async close() {
      await runtime.close(1_000);
      if (!opts.regional) await regional.close();
      if (!opts.wechat) await wechat.close();
      if (!opts.keepDb) await dropDatabase(dbName);
    },
  };
}
