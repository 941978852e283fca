import { createHmac } from 'node:crypto';
import { AppError } from '../../lib/app-error';
import { pushSignature, verifyPushSignature } from './push-signature';

const SECRET = 'unit-test-push-secret-0123456789';
const NOW = 1_767_574_800_123;
const SKEW = 300_000;
const body = Buffer.from('{"events":[{"eventId":"e1","note":"挂号"}]}', 'utf8');

function headers(over: Partial<Record<'timestamp' | 'nonce' | 'signature', string>> = {}) {
  const timestamp = over.timestamp ?? String(NOW);
  const nonce = over.nonce ?? '6f1c0d7e2b3a4c5d8e9f0a1b2c3d4e5f';
  return { timestamp, nonce, signature: pushSignature(SECRET, timestamp, nonce, body), ...over };
}

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('SIGNATURE_INVALID');
    return (err as AppError).message;
  }
  throw new Error('expected a refusal');
}

describe('push signature', () => {
  it('is the documented HMAC over timestamp, nonce and the exact body bytes', () => {
    const expected = createHmac('sha256', SECRET)
      .update(`1\nn\n${body.toString('utf8')}`)
      .digest('hex');
    expect(pushSignature(SECRET, '1', 'n', body)).toBe(expected);
  });

  it('when everything is right, then it returns the nonce and timestamp', () => {
    expect(verifyPushSignature(SECRET, headers(), body, NOW, SKEW)).toEqual({
      nonce: '6f1c0d7e2b3a4c5d8e9f0a1b2c3d4e5f',
      timestampMs: NOW,
    });
  });

  it('when the signature is in upper case hex, then it is accepted', () => {
    const h = headers();
    expect(() =>
      verifyPushSignature(SECRET, { ...h, signature: h.signature.toUpperCase() }, body, NOW, SKEW),
    ).not.toThrow();
  });

  it('when the timestamp is exactly at the skew limit, then it is accepted; one ms over, refused', () => {
    const at = String(NOW - SKEW);
    expect(() => verifyPushSignature(SECRET, headers({ timestamp: at }), body, NOW, SKEW)).not.toThrow();
    const over = String(NOW - SKEW - 1);
    expect(refusal(() => verifyPushSignature(SECRET, headers({ timestamp: over }), body, NOW, SKEW))).toMatch(
      /Timestamp/,
    );
  });

  test.each([
    ['no signature', { signature: '' }, /Missing X-Feed-Signature/],
    ['no timestamp', { timestamp: '' }, /Timestamp/],
    ['a timestamp that is not a number', { timestamp: '2026-01-05T09:00:00Z' }, /Timestamp/],
    ['no nonce', { nonce: '' }, /Nonce/],
    ['a nonce with odd characters', { nonce: 'abc def ghi' }, /Nonce/],
    ['a short signature', { signature: 'abcd' }, /64 hex/],
    ['a signature with a non-hex character', { signature: 'g'.repeat(64) }, /64 hex/],
    [
      'another secret’s signature',
      { signature: pushSignature('x'.repeat(20), String(NOW), 'n'.repeat(32), body) },
      /does not match/,
    ],
  ])('when the request has %s, then SIGNATURE_INVALID', (_what, over, message) => {
    const h = { ...headers(), ...over };
    expect(refusal(() => verifyPushSignature(SECRET, h, body, NOW, SKEW))).toMatch(message);
  });

  it('when one byte of the body changes, then the signature does not match', () => {
    const h = headers();
    const tampered = Buffer.from(body);
    tampered[5] = tampered[5]! ^ 1;
    expect(refusal(() => verifyPushSignature(SECRET, h, tampered, NOW, SKEW))).toMatch(/does not match/);
  });

  it('never puts the secret or the signature into the message', () => {
    const h = headers({ timestamp: String(NOW - 2 * SKEW) });
    const message = refusal(() => verifyPushSignature(SECRET, h, body, NOW, SKEW));
    expect(message).not.toContain(SECRET);
    expect(message).not.toContain(h.signature);
  });
});
