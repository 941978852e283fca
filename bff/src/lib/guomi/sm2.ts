import { sm2 as smCrypto } from 'sm-crypto';
import { decodeSignatureDer, encodeSignatureDer, type SignatureNumbers } from './der';
import {
  bigintFrom,
  bytes32,
  DEFAULT_USER_ID,
  invertModN,
  messageDigest,
  modN,
  multiplyBase,
  randomMultiple,
  SM2_N,
  userDigest,
} from './sm2-curve';
import { Sm2PrivateKey, Sm2PublicKey } from './sm2-keys';

/**
 * SM2 signatures over SM3 (GB/T 32918.2-2016), with the user digest Z of GM/T 0009's default id
 * "1234567812345678" unless another id is given. Two forms: `raw` is r || s, 32 bytes each (what
 * a QR code carries: 64 bytes); `der` is SEQUENCE { r, s } (what openssl and X.509 use).
 *
 * Signing follows the standard directly: k·G comes from OpenSSL (see sm2-curve), and per key we
 * precompute Z and (1 + d)^-1. Verifying with the public key uses sm-crypto (pure JS, slow: two
 * scalar multiplications). The holder of the private key (the BFF checking its own codes) can
 * verify much faster: s·G + t·P = (s + t·d)·G, one native multiplication, same acceptance rule.
 *
 * Why not Node's own crypto.sign on SM2 keys: it fixes the id to the empty string (as the openssl
 * 3.0 CLI does unless given `distid`), so its signatures do not verify under the default id.
 */
export type Sm2SignatureFormat = 'raw' | 'der';

export interface Sm2Options {
  /** Default 'raw'. */
  format?: Sm2SignatureFormat;
  /** The distinguishing identifier in Z; default GM/T 0009's "1234567812345678". */
  userId?: Uint8Array | string;
}

const RAW_LENGTH = 64;

// Per-key precomputation, kept beside the keys rather than in them so keys stay plain values.
const defaultZ = new WeakMap<Sm2PublicKey, Buffer>();
const signingInverse = new WeakMap<Sm2PrivateKey, bigint>();
const publicHex = new WeakMap<Sm2PublicKey, string>();

function zOf(key: Sm2PublicKey, userId: Uint8Array | string | undefined): Buffer {
  if (userId !== undefined) {
    const id = typeof userId === 'string' ? Buffer.from(userId, 'utf8') : userId;
    if (!DEFAULT_USER_ID.equals(id)) return userDigest(key.point, id);
  }
  let z = defaultZ.get(key);
  if (!z) defaultZ.set(key, (z = userDigest(key.point)));
  return z;
}

function inverseOf(key: Sm2PrivateKey): bigint {
  let inverse = signingInverse.get(key);
  if (inverse === undefined) signingInverse.set(key, (inverse = invertModN(key.d + 1n)));
  return inverse;
}

export function sm2Sign(key: Sm2PrivateKey, message: Uint8Array, options: Sm2Options = {}): Buffer {
  const e = messageDigest(zOf(key.publicKey, options.userId), message);
  const d = key.d;
  const inverse = inverseOf(key);
  for (;;) {
    const { k, x } = randomMultiple();
    const r = modN(e + x);
    if (r === 0n || r + k === SM2_N) continue;
    const s = modN(inverse * (k - r * d));
    if (s === 0n) continue;
    return options.format === 'der' ? encodeSignatureDer({ r, s }) : Buffer.concat([bytes32(r), bytes32(s)]);
  }
}

/** True only for a valid signature; false for a wrong, malformed or out-of-range one (never throws). */
export function sm2Verify(
  key: Sm2PublicKey | Sm2PrivateKey,
  message: Uint8Array,
  signature: Uint8Array,
  options: Sm2Options = {},
): boolean {
  const numbers = parseSignature(signature, options.format ?? 'raw');
  if (!numbers) return false;
  const { r, s } = numbers;
  if (r < 1n || r >= SM2_N || s < 1n || s >= SM2_N) return false;
  const t = modN(r + s);
  if (t === 0n) return false;
  const publicKey = key instanceof Sm2PrivateKey ? key.publicKey : key;
  const e = messageDigest(zOf(publicKey, options.userId), message);
  if (key instanceof Sm2PrivateKey) {
    const u = modN(s + t * key.d);
    // u = 0 means s·G + t·P is the point at infinity, which has no x: the standard rejects.
    if (u === 0n) return false;
    return modN(e + bigintFrom(multiplyBase(u).subarray(1, 33))) === r;
  }
  let hex = publicHex.get(publicKey);
  if (!hex) publicHex.set(publicKey, (hex = publicKey.point.toString('hex')));
  try {
    // hash: false because e is computed above (with the cached Z); sm-crypto then reads e's bytes as the number.
    return smCrypto.doVerifySignature(
      Array.from(bytes32(e)),
      bytes32(r).toString('hex') + bytes32(s).toString('hex'),
      hex,
    );
  } catch {
    return false;
  }
}

function parseSignature(signature: Uint8Array, format: Sm2SignatureFormat): SignatureNumbers | undefined {
  if (format === 'der') return decodeSignatureDer(signature);
  if (signature.length !== RAW_LENGTH) return undefined;
  return { r: bigintFrom(signature.subarray(0, 32)), s: bigintFrom(signature.subarray(32)) };
}

/** Converts between the two forms; `undefined` when the input is not a well-formed signature. */
export function sm2SignatureToDer(raw: Uint8Array): Buffer | undefined {
  const numbers = parseSignature(raw, 'raw');
  return numbers && encodeSignatureDer(numbers);
}

export function sm2SignatureToRaw(der: Uint8Array): Buffer | undefined {
  const numbers = decodeSignatureDer(der);
  if (!numbers || numbers.r >= 1n << 256n || numbers.s >= 1n << 256n) return undefined;
  return Buffer.concat([bytes32(numbers.r), bytes32(numbers.s)]);
}
