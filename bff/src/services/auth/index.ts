import type { Config } from '../../config';
import { dataKeyFrom } from '../../lib/crypto-box';
import type { Logger } from '../../lib/logger';
import type { RedisClient } from '../../lib/redis';
import { createRateLimiter, type RateLimiter } from '../../lib/rate-limit';
import type { AccountModels } from '../../models/accounts';
import type { WechatAuth } from '../../upstreams/wechat/client';
import { AccessTokens } from './access-tokens';
import { AccountStore } from './accounts';
import { ConsentService } from './consent';
import { AuthService } from './login';
import { RefreshTokens } from './refresh-tokens';
import { SessionRevocations } from './session-revocations';

export { AccessTokens, AccountStore, AuthService, ConsentService, RefreshTokens };

export interface AuthRuntime {
  auth: AuthService;
  accessTokens: AccessTokens;
  consent: ConsentService;
  loginLimiter: RateLimiter;
  /** The revocation broadcast between replicas (with Redis). */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Everything login, tokens and consent need, from config; `redis` shares the rate limits and
 * carries session revocations between replicas.
 */
export function createAuth(
  config: Config,
  models: AccountModels,
  wechat: WechatAuth,
  opts: { redis?: RedisClient; log?: Logger; now?: () => number } = {},
): AuthRuntime {
  const now = opts.now ?? Date.now;
  const revocations = new SessionRevocations(models, now, opts.redis, opts.log);
  const accessTokens = new AccessTokens({
    secret: config.auth.jwtSecret,
    ttlSeconds: config.auth.accessTtlSeconds,
    now,
    isRevoked: (sid) => revocations.isRevoked(sid),
    issued: (sid) => revocations.activeHere(sid),
  });
  const refresh = new RefreshTokens(models, config.auth.refreshTtlDays, now, (sid) =>
    revocations.revokedHere(sid),
  );
  const accounts = new AccountStore(models, dataKeyFrom(config.auth.dataKey), now);
  return {
    auth: new AuthService(wechat, accounts, accessTokens, refresh),
    accessTokens,
    consent: new ConsentService(models, config.privacy.version, now),
    loginLimiter: createRateLimiter({
      name: 'login-ip',
      points: config.rateLimits.loginPerIpPerMinute,
      durationSeconds: 60,
      redis: opts.redis,
    }),
    start: () => revocations.start(),
    stop: () => revocations.stop(),
  };
}
