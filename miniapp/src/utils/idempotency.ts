/**
 * Idempotency keys for booking writes. One key per confirmation screen and request body: a retry
 * of the same request (lost answer, timeout, 5xx, a double tap) sends the same key, so the BFF
 * answers with the first booking instead of making a second. A different body (another patient)
 * gets a new key, because the BFF refuses a key reused with a different body.
 */

const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** 24 random URL-safe characters, prefixed `mp-` (the BFF accepts 8–64 of [A-Za-z0-9_-]). */
export function newIdempotencyKey(random: () => number = Math.random): string {
  let out = 'mp-';
  for (let i = 0; i < 24; i += 1) out += ALPHABET[Math.floor(random() * ALPHABET.length)] ?? 'x';
  return out;
}

export interface IdempotencyKeys {
  /** The key for this body: the same one every time until the body changes. */
  keyFor(body: unknown): string;
}

export function idempotencyKeys(make: () => string = () => newIdempotencyKey()): IdempotencyKeys {
  const keys = new Map<string, string>();
  return {
    keyFor(body) {
      const text = JSON.stringify(body);
      let key = keys.get(text);
      if (!key) {
        key = make();
        keys.set(text, key);
      }
      return key;
    },
  };
}
