import {
  BrokenCircuitError,
  BulkheadRejectedError,
  CircuitState,
  ConsecutiveBreaker,
  ExponentialBackoff,
  TaskCancelledError,
  TimeoutStrategy,
  bulkhead,
  circuitBreaker,
  handleWhen,
  retry,
  timeout,
  wrap,
  type IBackoff,
  type IBackoffFactory,
  type IPolicy,
  type IRetryBackoffContext,
} from 'cockatiel';
import { UpstreamError, isRetryable } from './upstream-error';

/** What callers see when cockatiel's breaker refuses a call: an UpstreamError like any other failure. */
function circuitOpen(upstream: string): UpstreamError {
  return new UpstreamError(upstream, 'circuit_open', 'circuit open after repeated failures', false);
}

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
        if (err instanceof BrokenCircuitError) throw circuitOpen(opts.upstream);
        throw err;
      }
    },
  };
}

type RetryContext = IRetryBackoffContext<unknown>;

/**
 * A backoff that waits at least what the upstream asked for (HTTP Retry-After on an
 * UpstreamError), capped so one hospital cannot park its poller for an hour.
 */
export function honourRetryAfter(
  inner: IBackoffFactory<RetryContext>,
  capMs: number,
): IBackoffFactory<RetryContext> {
  return {
    next(context: RetryContext): IBackoff<RetryContext> {
      const step = inner.next(context);
      const error = 'error' in context.result ? context.result.error : undefined;
      const asked = error instanceof UpstreamError ? (error.retryAfterMs ?? 0) : 0;
      return {
        duration: Math.max(step.duration, Math.min(asked, capMs)),
        next: (c: RetryContext) => honourRetryAfter(step, capMs).next(c),
      };
    },
  };
}

export interface FeedPolicyOptions {
  upstream: string;
  /** Per attempt; the signal handed to the call aborts when it passes. */
  timeoutMs: number;
  /** Default 2. */
  retries?: number;
  /** First backoff and its ceiling (jittered exponential); default 200 ms and 2 s. */
  backoffInitialMs?: number;
  backoffMaxMs?: number;
  /** Longest Retry-After honoured; default 10 s. */
  retryAfterCapMs?: number;
  /** Consecutive retryable failures that open the circuit; default 5. */
  breakerThreshold?: number;
  /** Default 30 s. */
  halfOpenAfterMs?: number;
  /** Concurrent calls and waiting calls; default 1 and 2. */
  concurrency?: number;
  queue?: number;
}

export interface FeedPolicy {
  /** Runs `fn` under retry → circuit breaker → bulkhead → timeout; throws only UpstreamError. */
  execute<T>(fn: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T>;
  circuit(): 'closed' | 'open' | 'half_open';
}

/**
 * The policy stack for one upstream that is polled (a hospital feed): each attempt has its own
 * deadline and runs alone (bulkhead), failures open a circuit so a dead hospital is asked once per
 * half-open period, and retryable failures are retried with jittered backoff that respects
 * Retry-After. Only idempotent reads go through this.
 */
export function feedPolicy(opts: FeedPolicyOptions): FeedPolicy {
  const timeoutError = () =>
    new UpstreamError(opts.upstream, 'timeout', `no answer within ${opts.timeoutMs} ms`, true);
  const deadline = timeout(opts.timeoutMs, TimeoutStrategy.Aggressive);
  const gate = bulkhead(opts.concurrency ?? 1, opts.queue ?? 2);
  const breaker = circuitBreaker(handleWhen(isRetryable), {
    halfOpenAfter: opts.halfOpenAfterMs ?? 30_000,
    breaker: new ConsecutiveBreaker(opts.breakerThreshold ?? 5),
  });
  const retrying = retry(handleWhen(isRetryable), {
    maxAttempts: opts.retries ?? 2,
    backoff: honourRetryAfter(
      new ExponentialBackoff({
        initialDelay: opts.backoffInitialMs ?? 200,
        maxDelay: opts.backoffMaxMs ?? 2_000,
      }),
      opts.retryAfterCapMs ?? 10_000,
    ),
  });

  /** One attempt, its failures turned into UpstreamErrors before the breaker counts them. */
  const attempt = <T>(fn: (signal: AbortSignal) => Promise<T>, signal: AbortSignal) =>
    breaker.execute(async ({ signal: breakerSignal }) => {
      try {
        return await gate.execute(
          ({ signal: gateSignal }) => deadline.execute(({ signal: s }) => fn(s), gateSignal),
          breakerSignal,
        );
      } catch (err) {
        if (err instanceof UpstreamError) throw err;
        if (err instanceof TaskCancelledError) {
          if (signal.aborted)
            throw new UpstreamError(opts.upstream, 'timeout', 'aborted by the caller', false);
          throw timeoutError();
        }
        if (err instanceof BulkheadRejectedError)
          throw new UpstreamError(opts.upstream, 'network', 'too many requests queued', false);
        throw err;
      }
    }, signal);

  return {
    async execute<T>(fn: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T> {
      const outer = signal ?? new AbortController().signal;
      try {
        return await retrying.execute(() => attempt(fn, outer), outer);
      } catch (err) {
        if (err instanceof BrokenCircuitError) throw circuitOpen(opts.upstream);
        if (err instanceof TaskCancelledError) throw timeoutError();
        throw err;
      }
    },
    circuit() {
      const state = breaker.state;
      return state === CircuitState.Closed
        ? 'closed'
        : state === CircuitState.HalfOpen
          ? 'half_open'
          : 'open';
    },
  };
}

/**
 * A hospital read (booking look-up) attempted up to `attempts` times while it fails with a
 * retryable UpstreamError: short jittered backoff that honours Retry-After up to 2 s, and no new
 * attempt once the caller's deadline has aborted.
 */
export function retryRead<T>(fn: () => Promise<T>, attempts: number, signal?: AbortSignal): Promise<T> {
  const policy = retry(handleWhen(isRetryable), {
    maxAttempts: Math.max(0, attempts - 1),
    backoff: honourRetryAfter(new ExponentialBackoff({ initialDelay: 100, maxDelay: 300 }), 2_000),
  });
  return policy.execute(() => fn(), signal);
}
