import { createHmac, timingSafeEqual } from 'node:crypto';
import { AppError } from '../../lib/app-error';

/** The three headers a pushing hospital signs with (docs/upstreams/slot-push.md). */
export interface PushAuthHeaders {
  timestamp: string;
  nonce: string;
  signature: string;
}

const TIMESTAMP = /^[0-9]{1,15}$/;
const NONCE = /^[A-Za-z0-9_-]{8,64}$/;
const SIGNATURE = /^[0-9a-fA-F]{64}$/;

const refuse = (message: string) => new AppError('SIGNATURE_INVALID', message);

/** Lowercase hex HMAC-SHA256(secret, `${timestamp}\n${nonce}\n${rawBody}`), over the exact body bytes. */
export function pushSignature(secret: string, timestamp: string, nonce: string, rawBody: Buffer): string {
  return createHmac('sha256', secret).update(`${timestamp}\n${nonce}\n`).update(rawBody).digest('hex');
}

/**
 * Checks the signature (in constant time) and then the timestamp, before anything in the body is
 * read. Throws SIGNATURE_INVALID; the messages name the check, never the secret or the signature.
 * The nonce is only checked for shape here: whether it was used before is the caller's insert.
 */
export function verifyPushSignature(
  secret: string,
  headers: Partial<PushAuthHeaders>,
  rawBody: Buffer,
  nowMs: number,
  maxSkewMs: number,
): { nonce: string; timestampMs: number } {
  const { timestamp = '', nonce = '', signature = '' } = headers;
  if (!signature) throw refuse('Missing X-Feed-Signature header');
  if (!TIMESTAMP.test(timestamp)) throw refuse('X-Feed-Timestamp must be Unix epoch milliseconds');
  if (!NONCE.test(nonce)) throw refuse('X-Feed-Nonce must be 8–64 letters or digits');
  if (!SIGNATURE.test(signature)) throw refuse('X-Feed-Signature must be 64 hex characters');

  const expected = Buffer.from(pushSignature(secret, timestamp, nonce, rawBody), 'hex');
  if (!timingSafeEqual(expected, Buffer.from(signature, 'hex'))) throw refuse('Signature does not match');

  const timestampMs = Number(timestamp);
  if (Math.abs(nowMs - timestampMs) > maxSkewMs) {
    throw refuse(`X-Feed-Timestamp is more than ${Math.round(maxSkewMs / 1000)} s off our clock`);
  }
  return { nonce, timestampMs };
}
