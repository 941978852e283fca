import { createECDH, type ECDH } from 'node:crypto';
import { sm3 } from './sm3';

/**
 * The SM2 recommended curve (GB/T 32918.5-2017) and the arithmetic SM2 signing needs.
 *
 * Scalar multiplication of the base point is done by Node's OpenSSL through an ECDH object on
 * the 'SM2' curve: some 30 times faster than sm-crypto's pure-JS big numbers, and hardened against timing attacks (a Montgomery ladder).
 * What remains (a few multiplications mod n) is plain bigint arithmetic.
 */
export const SM2_N = 0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123n;

/** a || b || xG || yG, the curve part of the user digest Z (GB/T 32918.2, 5.5). */
const CURVE_FOR_Z = Buffer.from(
  'fffffffeffffffffffffffffffffffffffffffff00000000fffffffffffffffc' +
    '28e9fa9e9d9f5e344d5a9e4bcf6509a7f39789f515ab8f92ddbcbd414d940e93' +
    '32c4ae2c1f1981195f9904466a39c9948fe30bbff2660be1715a4589334c74c7' +
    'bc3736a2f4f6779c59bdcee36b692153d0a9877cc62a474002df32e52139f0a0',
  'hex',
);

/** GM/T 0009-2012's default distinguishing identifier, used when the parties agree on none. */
export const DEFAULT_USER_ID: Buffer = Buffer.from('1234567812345678', 'utf8');

export const bigintFrom = (bytes: Uint8Array): bigint =>
  bytes.length === 0
    ? 0n
    : BigInt(`0x${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex')}`);

/** `value` (0 <= value < 2^256) as 32 big-endian bytes. */
export const bytes32 = (value: bigint): Buffer => Buffer.from(value.toString(16).padStart(64, '0'), 'hex');

export const modN = (value: bigint): bigint => ((value % SM2_N) + SM2_N) % SM2_N;

/** a^-1 mod n (n is prime; a must not be a multiple of n). */
export function invertModN(a: bigint): bigint {
  let [oldR, r] = [modN(a), SM2_N];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  if (oldR !== 1n) throw new RangeError('not invertible mod n');
  return modN(oldS);
}

// Created on first use, so that merely importing this module works on a Node without SM2.
let ecdh: ECDH | undefined;
const curve = (): ECDH => (ecdh ??= createECDH('SM2'));

/** k·G as the uncompressed point 04 || x || y; k must be in [1, n-1]. */
export function multiplyBase(k: bigint): Buffer {
  const c = curve();
  c.setPrivateKey(bytes32(k));
  return c.getPublicKey();
}

/** A uniformly random k in [1, n-1] (OpenSSL's key generation) and the x coordinate of k·G. */
export function randomMultiple(): { k: bigint; x: bigint } {
  const c = curve();
  const point = c.generateKeys();
  return { k: bigintFrom(c.getPrivateKey()), x: bigintFrom(point.subarray(1, 33)) };
}

/**
 * Z = SM3(ENTL || ID || a || b || xG || yG || xA || yA): binds a signature to the signer's
 * identity and public key (GB/T 32918.2, 5.5). `point` is the uncompressed public key.
 */
export function userDigest(point: Uint8Array, userId: Uint8Array = DEFAULT_USER_ID): Buffer {
  const bits = userId.length * 8;
  if (bits > 0xffff) throw new RangeError('an SM2 user id is at most 8191 bytes');
  return sm3(Buffer.concat([Buffer.from([bits >> 8, bits & 0xff]), userId, CURVE_FOR_Z, point.subarray(1)]));
}

/** e = SM3(Z || M) as a number, the value an SM2 signature actually signs. */
export const messageDigest = (z: Uint8Array, message: Uint8Array): bigint =>
  bigintFrom(sm3(Buffer.concat([z, message])));
