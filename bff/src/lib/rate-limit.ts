import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import { AppError } from './app-error';

/**
 * Fixed-window counters per key (an IP, an account). In-process by default; with a Redis client
 * (REDIS_URL) every replica shares the same counters. Routes call `consume` before the work.
 */
export interface RateLimiter {
  /** Counts one hit for `key`; throws RATE_LIMITED (429, Retry-After in seconds) past the limit. */
  consume(key: string): Promise<void>;
}

export interface RateLimitOptions {
  /** Names the counters (and the Redis keys): `login-ip`, `refresh-account` … */
  name: string;
  points: number;
  durationSeconds: number;
  /** An ioredis client; omitted: counters live in this process. */
  redis?: unknown;
}

export function createRateLimiter(opts: RateLimitOptions): RateLimiter {
  const common = { keyPrefix: `rl:${opts.name}`, points: opts.points, duration: opts.durationSeconds };
  const limiter: RateLimiterAbstract = opts.redis
    ? new RateLimiterRedis({ ...common, storeClient: opts.redis, useRedisPackage: false })
    : new RateLimiterMemory(common);
  return {
    async consume(key: string) {
      try {
        await limiter.consume(key);
      } catch (err) {
        // The library rejects with a RateLimiterRes when over the limit, with an Error when its store fails.
        if (!(err instanceof RateLimiterRes)) throw err;
        const seconds = Math.max(1, Math.ceil(err.msBeforeNext / 1000));
        throw new AppError('RATE_LIMITED', `Too many requests; retry in ${seconds} s`, {
          headers: { 'Retry-After': String(seconds) },
        });
      }
    },
  };
}
