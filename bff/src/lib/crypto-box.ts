import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/**
 * Personal data at rest (WeChat session keys, national ID numbers): AES-256-GCM with a random
 * 96-bit IV, boxed as `v1.<iv>.<tag>.<ciphertext>` (base64url). The version prefix leaves room
 * for key rotation. A tampered box or the wrong key fails to open: GCM authenticates.
 */
const VERSION = 'v1';

export type DataKey = Buffer;

/** Reads the configured key (32 bytes, base64); throws a plain Error when it is not one. */
export function dataKeyFrom(base64: string): DataKey {
  const key = Buffer.from(base64, 'base64');
  if (key.length !== 32) throw new Error('the data key must be 32 bytes, base64');
  return key;
}

export function encrypt(key: DataKey, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, iv, tag, body].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
}

export function decrypt(key: DataKey, boxed: string): string {
  const [version, iv, tag, body, extra] = boxed.split('.');
  if (
    version !== VERSION ||
    iv === undefined ||
    tag === undefined ||
    body === undefined ||
    extra !== undefined
  )
    throw new Error('not a sealed value');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
}

/**
 * A keyed hash for look-ups (find the record of this ID number without decrypting them all):
 * HMAC-SHA256, hex. Use a different key than `encrypt`'s, or at least a purpose prefix in `text`.
 */
export function hmac(key: DataKey | string, text: string): string {
  return createHmac('sha256', key).update(text, 'utf8').digest('hex');
}
