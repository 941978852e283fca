import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { Pii } from '../../lib/pii';

/**
 * A PIN at rest: scrypt (N = 2^14, r = 8: about 16 MB and tens of milliseconds a try) of the PIN
 * peppered with a key derived from DATA_KEY, salted per card. Six digits are only a million
 * guesses, so the pepper is what keeps a copy of the database alone from revealing them; the
 * try limit is what stops guessing through the clinic API.
 */
const PARAMS: ScryptOptions = { N: 16_384, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const KEY_BYTES = 32;

function derive(password: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password, salt, KEY_BYTES, PARAMS, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

const peppered = (pii: Pii, cardRef: string, pin: string) =>
  pii.lookupHash(`${cardRef}:${pin}`, 'healthCard.pin');

export async function hashPin(
  pii: Pii,
  cardRef: string,
  pin: string,
): Promise<{ salt: string; hash: string }> {
  const salt = randomBytes(16);
  const hash = await derive(peppered(pii, cardRef, pin), salt);
  return { salt: salt.toString('base64'), hash: hash.toString('base64') };
}

export async function pinMatches(
  pii: Pii,
  cardRef: string,
  pin: string,
  stored: { salt: string; hash: string },
): Promise<boolean> {
  const expected = Buffer.from(stored.hash, 'base64');
  const actual = await derive(peppered(pii, cardRef, pin), Buffer.from(stored.salt, 'base64'));
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
