import { randomBytes } from 'node:crypto';
import { dataKeyFrom, decrypt, encrypt, hmac } from './crypto-box';

const key = randomBytes(32);

describe('crypto-box', () => {
  it('when a value is sealed, then it opens with the same key and never shows the plaintext', () => {
    const boxed = encrypt(key, '44130219900101123X');
    expect(boxed).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(boxed).not.toContain('44130219900101123X');
    expect(decrypt(key, boxed)).toBe('44130219900101123X');
  });

  it('when the same value is sealed twice, then the boxes differ (random IV)', () => {
    expect(encrypt(key, 'same')).not.toBe(encrypt(key, 'same'));
  });

  it('when the box is tampered with or the key is wrong, then it does not open', () => {
    const boxed = encrypt(key, 'secret');
    const parts = boxed.split('.');
    const body = Buffer.from(parts[3] as string, 'base64url');
    body[0] = (body[0] as number) ^ 1;
    parts[3] = body.toString('base64url');
    expect(() => decrypt(key, parts.join('.'))).toThrow();
    expect(() => decrypt(randomBytes(32), boxed)).toThrow();
    expect(() => decrypt(key, 'plain text')).toThrow('not a sealed value');
  });

  it('when hashing for look-up, then the same text gives the same hash and keys separate', () => {
    expect(hmac(key, 'a')).toBe(hmac(key, 'a'));
    expect(hmac(key, 'a')).not.toBe(hmac(randomBytes(32), 'a'));
    expect(hmac(key, 'a')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('when the configured key is not 32 bytes, then it is refused', () => {
    expect(() => dataKeyFrom(Buffer.alloc(16).toString('base64'))).toThrow();
    expect(dataKeyFrom(key.toString('base64')).equals(key)).toBe(true);
  });
});
