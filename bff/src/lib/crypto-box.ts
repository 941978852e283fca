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
  if (version !== VERSION || extra !== undefined) throw new Error('not a sealed value');
  const ivBytes = strictBase64url(iv);
  const tagBytes = strictBase64url(tag);
  const bodyBytes = strictBase64url(body);
  // A shorter tag would let a forger try 2^32 instead of 2^128 (GCM truncation): only 16 bytes.
  if (ivBytes.length !== 12 || tagBytes.length !== 16) throw new Error('not a sealed value');
  const decipher = createDecipheriv('aes-256-gcm', key, ivBytes, { authTagLength: 16 });
  decipher.setAuthTag(tagBytes);
  return Buffer.concat([decipher.update(bodyBytes), decipher.final()]).toString('utf8');
}

/**
 * Node's decoder ignores stray characters and the unused low bits of the last one, so two
 * strings would open to the same box. Only the one canonical spelling is accepted.
 */
function strictBase64url(part: string | undefined): Buffer {
  if (part === undefined) throw new Error('not a sealed value');
  const bytes = Buffer.from(part, 'base64url');
  if (bytes.toString('base64url') !== part) throw new Error('not a sealed value');
  return bytes;
}

/**
 * A keyed hash for look-ups (find the record of this ID number without decrypting them all):
 * HMAC-SHA256, hex. Use a different key than `encrypt`'s, or at least a purpose prefix in `text`.
 */
export function hmac(key: DataKey | string, text: string): string {
  return createHmac('sha256', key).update(text, 'utf8').digest('hex');
}
