import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Context, Middleware, Next } from 'koa';
import { BodyTooLargeError, readRawBody } from '../lib/raw-body';
import { PlatformError, badAuth, badTimestamp, replayedNonce } from './envelope';
import type { NonceCache } from './nonce-cache';

/**
 * The platform's request signature (docs/upstreams/regional-platform.md is the public
 * description; keep the two in step). The canonical string is seven lines: method, path,
 * canonical query, app id, timestamp, nonce, SHA-256 of the body.
 */
export interface CanonicalInput {
  method: string;
  /** As sent in the request line, without the query. */
  path: string;
  /** The raw query string without '?'. */
  query: string;
  appId: string;
  timestamp: string;
  nonce: string;
  body: Buffer | string;
}

const NONCE = /^[A-Za-z0-9_-]{8,64}$/;
const TIMESTAMP = /^\d{1,15}$/;
const SIGNATURE = /^[0-9a-f]{64}$/;
const BODY_LIMIT = 1024 * 1024;

// Sorting the encoded pairs (not the decoded ones) makes the order independent of how a
// client spelled the percent-escapes, and matches what a client can compute from its params.
export function canonicalQuery(rawQuery: string): string {
  const pairs = [...new URLSearchParams(rawQuery)].map(
    ([k, v]) => [encodeURIComponent(k), encodeURIComponent(v)] as const,
  );
  pairs.sort(([ka, va], [kb, vb]) => (ka < kb ? -1 : ka > kb ? 1 : va < vb ? -1 : va > vb ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join('&');
}

export function canonicalString(input: CanonicalInput): string {
  return [
    input.method.toUpperCase(),
    input.path,
    canonicalQuery(input.query),
    input.appId,
    input.timestamp,
    input.nonce,
    createHash('sha256').update(input.body).digest('hex'),
  ].join('\n');
}

export function computeSignature(secret: string, canonical: string): string {
  return createHmac('sha256', secret).update(canonical, 'utf8').digest('hex');
}

function sameSignature(expected: string, given: string): boolean {
  // timingSafeEqual needs equal lengths; the format check already guarantees 64 bytes.
  return SIGNATURE.test(given) && timingSafeEqual(Buffer.from(expected), Buffer.from(given));
}

export interface VerifyOptions {
  apps: Record<string, string>;
  maxSkewMs: number;
  nonces: NonceCache;
  now?: () => number;
}

function header(ctx: Context, name: string): string {
  const value = ctx.get(name);
  if (!value) throw badAuth(`missing header ${name}`);
  return value;
}

/** Check order is part of the contract: see the doc's "Refusals" table. */
export function verifySignature(opts: VerifyOptions): Middleware {
  const now = opts.now ?? Date.now;
  return async (ctx: Context, next: Next) => {
    const appId = header(ctx, 'X-App-Id');
    const timestamp = header(ctx, 'X-Timestamp');
    const nonce = header(ctx, 'X-Nonce');
    const signature = header(ctx, 'X-Signature');
    if (!NONCE.test(nonce)) throw badAuth('X-Nonce must be 8-64 characters of [A-Za-z0-9_-]');

    const secret = Object.hasOwn(opts.apps, appId) ? opts.apps[appId] : undefined;
    if (secret === undefined) throw badAuth('unknown app id');

    if (!TIMESTAMP.test(timestamp)) throw badTimestamp('X-Timestamp must be Unix epoch milliseconds');
    if (Math.abs(now() - Number(timestamp)) > opts.maxSkewMs)
      throw badTimestamp('X-Timestamp is outside the allowed clock skew');

    let body: Buffer;
    try {
      body = await readRawBody(ctx.req, BODY_LIMIT);
    } catch (err) {
      if (err instanceof BodyTooLargeError) throw new PlatformError(413, 41301, err.message);
      throw err;
    }
    const canonical = canonicalString({
      method: ctx.method,
      path: ctx.path,
      query: ctx.querystring,
      appId,
      timestamp,
      nonce,
      body,
    });
    if (!sameSignature(computeSignature(secret, canonical), signature)) throw badAuth('signature mismatch');

    // Only a correctly signed request may spend a nonce, so a forger cannot burn a real one.
    if (!opts.nonces.claim(appId, nonce)) throw replayedNonce();
    ctx.state.appId = appId;
    // The bytes the signature covered; a POST route parses these (the stream is spent).
    ctx.state.rawBody = body;
    return next();
  };
}
