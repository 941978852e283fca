import type { Context, Middleware, Next } from 'koa';
import { sleep } from '../lib/sleep';
import { KnobSwitch } from '../lib/faults';
import type { FeedFaults } from './types';

export const NO_FEED_FAULTS: Readonly<FeedFaults> = Object.freeze({
  latencyMs: 0,
  hang: false,
  status500: false,
  status429: null,
  reset: false,
  malformed: false,
  hugeBody: false,
  commitThenDrop: false,
  foreignReport: false,
});

export const HUGE_BODY_BYTES = 10 * 1024 * 1024;
const MAX_LATENCY_MS = 120_000;

/** The first problem with a partial fault setting, or undefined when it is usable. */
export function feedFaultProblem(input: Record<string, unknown>): string | undefined {
  for (const key of Object.keys(input)) if (!(key in NO_FEED_FAULTS)) return `unknown fault "${key}"`;
  const { latencyMs, status500, status429 } = input;
  if (latencyMs !== undefined) {
    if (typeof latencyMs !== 'number' || !(latencyMs >= 0 && latencyMs <= MAX_LATENCY_MS))
      return `latencyMs must be a number from 0 to ${MAX_LATENCY_MS}`;
  }
  for (const flag of ['hang', 'reset', 'malformed', 'hugeBody', 'commitThenDrop', 'foreignReport'] as const) {
    if (input[flag] !== undefined && typeof input[flag] !== 'boolean') return `${flag} must be true or false`;
  }
  if (status500 !== undefined && typeof status500 !== 'boolean') {
    if (typeof status500 !== 'number' || !(status500 >= 0 && status500 <= 1))
      return 'status500 must be true, false or a rate from 0 to 1';
  }
  if (status429 !== undefined && status429 !== null) {
    const secs = (status429 as { retryAfterSeconds?: unknown }).retryAfterSeconds;
    if (typeof secs !== 'number' || !Number.isInteger(secs) || secs < 0 || secs > 86_400)
      return 'status429 must be null or { retryAfterSeconds: integer 0–86400 }';
  }
  return undefined;
}

export class FeedFaultSwitch extends KnobSwitch<FeedFaults> {
  constructor() {
    super(NO_FEED_FAULTS, feedFaultProblem);
  }
}

/** How one protocol words an injected failure and rewrites its own bodies. */
export interface FaultDialect {
  serverError(ctx: Context): void;
  throttled(ctx: Context, retryAfterSeconds: number): void;
  /** The body as text (decoded with the feed's charset). */
  text(body: unknown): string;
  /** Text back into what goes on the wire (encoded with the feed's charset). */
  wire(text: string): string | Buffer;
}

/** Grows a valid-looking answer past 10 MB by repeating its records. */
export function inflate(text: string, contentType: string): string {
  const parts: string[] = [];
  let size = 0;
  const add = (s: string) => {
    parts.push(s);
    // Code units: never more than the bytes in UTF-8 or GBK, so the wire body is at least this big.
    size += s.length;
  };
  if (contentType.includes('xml')) {
    const row = /<ROW>[\s\S]*?<\/ROW>/.exec(text)?.[0] ?? '<ROW><BZ>padding</BZ></ROW>';
    const lastRow = text.lastIndexOf('</ROW>');
    const at = lastRow >= 0 ? lastRow + '</ROW>'.length : text.lastIndexOf('</');
    add(text.slice(0, at));
    while (size < HUGE_BODY_BYTES) add(row);
    add(text.slice(at));
  } else if (contentType.includes('ndjson')) {
    const line = text.split('\n').find((l) => l.trim()) ?? '{"resourceType":"Slot"}';
    add(text.endsWith('\n') || text === '' ? text : `${text}\n`);
    while (size < HUGE_BODY_BYTES) add(`${line}\n`);
  } else {
    const json = JSON.parse(text) as Record<string, unknown>;
    const key = Object.keys(json).find((k) => Array.isArray(json[k]) && (json[k] as unknown[]).length > 0);
    const sample = key ? JSON.stringify((json[key] as unknown[])[0]) : JSON.stringify('x'.repeat(1024));
    const count = Math.ceil(HUGE_BODY_BYTES / (sample.length + 1)) + 1;
    const copies = `[${Array.from({ length: count }, () => sample).join(',')}]`;
    const field = key ?? 'padding';
    add(JSON.stringify({ ...json, [field]: '\u0000' }).replace('"\\u0000"', copies));
  }
  return parts.join('');
}

/** A body cut off part way, with trailing junk: never parses as the content type promises. */
export function garble(text: string): string {
  return `${text.slice(0, Math.floor(text.length * 0.6))}\n\u0000<<<garbage}{`;
}

/** A route marks a booking write it has committed, so `commitThenDrop` can lose its answer. */
export function markCommitted(ctx: Context): void {
  ctx.state.bookingCommitted = true;
}

function destroySocket(ctx: Context): void {
  ctx.respond = false;
  const socket = ctx.req.socket;
  if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
  else socket.destroy();
}

/**
 * Fault injection for the feed routes (admin is mounted before this and never sees it).
 * Order: latency, then hang / reset / 429 / 500 before the route; commit-then-drop, malformed /
 * huge after it. Booking requests go through the same knobs.
 */
export function feedFaultMiddleware(opts: {
  faults: FeedFaultSwitch;
  random: () => number;
  signal: AbortSignal;
  dialect: FaultDialect;
}): Middleware {
  return async (ctx: Context, next: Next) => {
    const f = opts.faults.current;
    if (f.latencyMs > 0) {
      try {
        await sleep(f.latencyMs, opts.signal);
      } catch {
        return; // the server is closing
      }
    }
    if (f.hang) {
      // Koa leaves the response alone; the socket stays open until the client gives up or we close.
      ctx.respond = false;
      return;
    }
    if (f.reset) return destroySocket(ctx);
    if (f.status429) return opts.dialect.throttled(ctx, f.status429.retryAfterSeconds);
    const rate = f.status500 === true ? 1 : f.status500 === false ? 0 : f.status500;
    if (rate > 0 && opts.random() < rate) return opts.dialect.serverError(ctx);
    await next();
    if (f.commitThenDrop && ctx.state.bookingCommitted === true) return destroySocket(ctx);
    if ((ctx.status !== 200 && ctx.status !== 201) || ctx.body == null || (!f.malformed && !f.hugeBody))
      return;
    const type = ctx.response.get('Content-Type');
    let text = opts.dialect.text(ctx.body);
    if (f.hugeBody) text = inflate(text, type);
    if (f.malformed) text = garble(text);
    ctx.body = opts.dialect.wire(text);
    ctx.set('Content-Type', type);
    ctx.remove('ETag');
  };
}
