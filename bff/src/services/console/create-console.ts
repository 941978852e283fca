import type { Config } from '../../config';
import { createRateLimiter } from '../../lib/rate-limit';
import type { SlotIndex } from '../slots/slot-index';
import type { DirectoryStore } from '../directory-store';
import type { FeedFreshness } from '../slots/feed-freshness';
import type { ConsoleServices } from '.';
import { ConsoleFeedCheck } from './console-feed-check';
import { ConsoleSignIn } from './console-sign-in';
import { ConsoleTokens } from './console-tokens';
import { FeedHealth } from './feed-health';
import type { PushLog } from './push-log';

/** The console's services from config: keys from the registry, limits shared through Redis if set. */
export function createConsole(
  config: Config,
  deps: { slots: SlotIndex; feeds: FeedFreshness; pushLog: PushLog },
  store: DirectoryStore,
  redis?: unknown,
): ConsoleServices {
  const hospitals = config.hospitalRegistry.hospitals;
  const tokens = new ConsoleTokens(config.auth.jwtSecret, config.console.sessionTtlSeconds);
  const perMinute = config.console.signInPerIpPerMinute;
  const signIn = new ConsoleSignIn(
    hospitals,
    config.console.operatorKey,
    tokens,
    {
      perIp: createRateLimiter({ name: 'console-ip', points: perMinute, durationSeconds: 60, redis }),
      // Many addresses guessing one hospital's key: a few more tries than one address gets.
      perHospital: createRateLimiter({
        name: 'console-hospital',
        points: perMinute * 3,
        durationSeconds: 60,
        redis,
      }),
    },
    (id) => store.hospital(id)?.name ?? id,
  );
  const feedCheck = new ConsoleFeedCheck(hospitals);
  const health = new FeedHealth(deps.feeds, deps.pushLog, deps.slots, (id) => feedCheck.feedUrlOf(id));
  return { tokens, signIn, health, feedCheck };
}
