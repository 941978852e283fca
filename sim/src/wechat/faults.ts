import type { Context, Middleware, Next } from 'koa';
import { KnobSwitch, MAX_LATENCY_MS } from '../lib/faults';
import { sleep } from '../lib/sleep';
import type { WechatFaults } from './types';

export const NO_WECHAT_FAULTS: Readonly<WechatFaults> = Object.freeze({
  latencyMs: 0,
  hang: false,
  status500: false,
  systemBusy: false,
});

export function wechatFaultProblem(input: Record<string, unknown>): string | undefined {
  for (const key of Object.keys(input)) if (!(key in NO_WECHAT_FAULTS)) return `unknown fault "${key}"`;
  const { latencyMs } = input;
  if (latencyMs !== undefined) {
    if (typeof latencyMs !== 'number' || !(latencyMs >= 0 && latencyMs <= MAX_LATENCY_MS))
      return `latencyMs must be a number from 0 to ${MAX_LATENCY_MS}`;
  }
  for (const flag of ['hang', 'status500', 'systemBusy'] as const) {
    if (input[flag] !== undefined && typeof input[flag] !== 'boolean') return `${flag} must be true or false`;
  }
  return undefined;
}

export class WechatFaultSwitch extends KnobSwitch<WechatFaults> {
  constructor() {
    super(NO_WECHAT_FAULTS, wechatFaultProblem);
  }
}

/** Latency first, then hang / 500 / busy; only for the API paths (dev and admin never fault). */
export function wechatFaultMiddleware(faults: WechatFaultSwitch, signal: AbortSignal): Middleware {
  return async (ctx: Context, next: Next) => {
    if (ctx.path.startsWith('/__')) return next();
    const f = faults.current;
    if (f.latencyMs > 0) {
      try {
        await sleep(f.latencyMs, signal);
      } catch {
        return; // the simulator is closing
      }
    }
    if (f.hang) {
      ctx.respond = false;
      return;
    }
    if (f.status500) {
      ctx.status = 500;
      ctx.type = 'text/html';
      ctx.body = '<html><body><h1>500 Internal Server Error</h1></body></html>';
      return;
    }
    if (f.systemBusy) {
      ctx.body = { errcode: -1, errmsg: 'system error' };
      return;
    }
    return next();
  };
}
