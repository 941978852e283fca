import type { Context, Middleware, Next } from 'koa';
import { sleep } from './sleep';

/** What a test can break in a simulator. Every simulator exposes the same three knobs. */
export interface Faults {
  /** Added before the request is handled. */
  latencyMs: number;
  /** Share of requests (0–1) answered with an injected server error. */
  errorRate: number;
  /** Every request is refused as if the system were down for maintenance. */
  outage: boolean;
}

export const NO_FAULTS: Readonly<Faults> = Object.freeze({ latencyMs: 0, errorRate: 0, outage: false });

export const MAX_LATENCY_MS = 120_000;

/** Returns the first problem with a partial fault setting, or undefined when it is usable. */
export function faultProblem(input: Record<string, unknown>): string | undefined {
  for (const key of Object.keys(input)) {
    if (!(key in NO_FAULTS)) return `unknown fault "${key}"`;
  }
  const { latencyMs, errorRate, outage } = input;
  if (latencyMs !== undefined) {
    if (
      typeof latencyMs !== 'number' ||
      !Number.isFinite(latencyMs) ||
      latencyMs < 0 ||
      latencyMs > MAX_LATENCY_MS
    )
      return `latencyMs must be a number from 0 to ${MAX_LATENCY_MS}`;
  }
  if (errorRate !== undefined) {
    if (typeof errorRate !== 'number' || !(errorRate >= 0 && errorRate <= 1))
      return 'errorRate must be a number from 0 to 1';
  }
  if (outage !== undefined && typeof outage !== 'boolean') return 'outage must be true or false';
  return undefined;
}

/** Fault knobs a test flips at run time: a validated partial setting merged over the defaults. */
export class KnobSwitch<T extends object> {
  private knobs: T;

  constructor(
    private readonly defaults: Readonly<T>,
    private readonly problemOf: (input: Record<string, unknown>) => string | undefined,
  ) {
    this.knobs = { ...defaults };
  }

  get current(): T {
    return { ...this.knobs };
  }

  /** Merges a partial setting; throws a RangeError naming the bad field. */
  set(partial: Partial<T>): T {
    const problem = this.problemOf(partial as Record<string, unknown>);
    if (problem) throw new RangeError(problem);
    this.knobs = { ...this.knobs, ...partial };
    return this.current;
  }

  reset(): void {
    this.knobs = { ...this.defaults };
  }
}

export class FaultSwitch extends KnobSwitch<Faults> {
  constructor() {
    super(NO_FAULTS, faultProblem);
  }
}

export interface FaultMiddlewareOptions {
  faults: FaultSwitch;
  /** Decides whether an injected error hits this request; a seeded PRNG keeps runs repeatable. */
  random: () => number;
  /** Aborted when the server closes, so pending latency does not hold the process open. */
  signal: AbortSignal;
  applies: (ctx: Context) => boolean;
  onOutage: (ctx: Context) => void;
  onError: (ctx: Context) => void;
}

/** Outage answers at once (a maintenance page is fast); latency comes before any error roll. */
export function faultMiddleware(opts: FaultMiddlewareOptions): Middleware {
  return async (ctx: Context, next: Next) => {
    if (!opts.applies(ctx)) return next();
    const { latencyMs, errorRate, outage } = opts.faults.current;
    if (outage) return opts.onOutage(ctx);
    if (latencyMs > 0) {
      try {
        await sleep(latencyMs, opts.signal);
      } catch {
        // The server is closing and destroying this socket; there is no one left to answer.
        return;
      }
    }
    if (errorRate > 0 && opts.random() < errorRate) return opts.onError(ctx);
    return next();
  };
}
