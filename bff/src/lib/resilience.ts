import {
  BrokenCircuitError,
  ConsecutiveBreaker,
  ExponentialBackoff,
  circuitBreaker,
  handleWhen,
  retry,
  wrap,
  type IPolicy,
} from 'cockatiel';
import { UpstreamError, isRetryable } from './upstream-error';

export interface ResilienceOptions {
  upstream: string;
  retries: number;
  breakerThreshold?: number;
  halfOpenAfterMs?: number;
}

/**
 * Retry (jittered exponential backoff, retryable failures only) around a circuit breaker, so a
 * platform that is down is asked once per half-open period rather than hammered by every caller.
 * Only idempotent reads go through this.
 */
export function readPolicy(opts: ResilienceOptions): { execute<T>(fn: () => Promise<T>): Promise<T> } {
  const breaker = circuitBreaker(handleWhen(isRetryable), {
    halfOpenAfter: opts.halfOpenAfterMs ?? 15_000,
    breaker: new ConsecutiveBreaker(opts.breakerThreshold ?? 5),
  });
  const retrying = retry(handleWhen(isRetryable), {
    maxAttempts: opts.retries,
    backoff: new ExponentialBackoff({ initialDelay: 100, maxDelay: 2_000 }),
  });
  const policy: IPolicy = wrap(retrying, breaker);
  return {
    async execute<T>(fn: () => Promise<T>): Promise<T> {
      try {
        return await policy.execute(fn);
      } catch (err) {
        if (err instanceof BrokenCircuitError) {
          throw new UpstreamError(
            opts.upstream,
            'circuit_open',
            'circuit open after repeated failures',
            false,
          );
        }
        throw err;
      }
    },
  };
}
