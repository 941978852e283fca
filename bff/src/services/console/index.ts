import type { ConsoleFeedCheck } from './console-feed-check';
import type { ConsoleSignIn } from './console-sign-in';
import type { ConsoleTokens } from './console-tokens';
import type { FeedHealth } from './feed-health';

/** Hospital IT's feed console, as the routes see it. */
export interface ConsoleServices {
  tokens: ConsoleTokens;
  signIn: ConsoleSignIn;
  health: FeedHealth;
  feedCheck: ConsoleFeedCheck;
}
