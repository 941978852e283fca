import { createPrivateKey, createPublicKey, ECDH } from 'node:crypto';
import { encodeTlv, readInteger, readSequence, readWhole, TAG, type Tlv } from './der';
import { bigintFrom, bytes32, multiplyBase, randomMultiple, SM2_N } from './sm2-curve';

/**
 * SM2 keys and their PEM forms: PKCS#8 (`BEGIN PRIVATE KEY`) and SPKI (`BEGIN PUBLIC KEY`) with
 * algorithm id-ecPublicKey (1.2.840.10045.2.1) and curve SM2 (1.2.156.10197.1.301), which is
 * what `openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:SM2` writes and reads.
 *
 * Node 20 parses these PEMs (and SEC1, `EC PRIVATE KEY` or openssl 3.0's `SM2 PRIVATE KEY`) but cannot export an SM2 key
 * as JWK, so the scalar and the point are taken from the DER that Node re-exports in its
 * canonical form; only that small DER is read by hand.
 */
const ALGORITHM = encodeTlv(
  TAG.sequence,
  Buffer.from('06072a8648ce3d0201', 'hex'), // id-ecPublicKey
  Buffer.from('06082a811ccf5501822d', 'hex'), // SM2 curve
);

const pem = (label: string, der: Buffer): string => {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
};

const isAlgorithmSm2 = (element: Tlv | undefined): boolean => !!element && element.raw.equals(ALGORITHM);

/** The key in a BIT STRING with no unused bits; throws if the bits are not a point on the curve. */
const publicKeyIn = (bits: Tlv | undefined): Sm2PublicKey | undefined =>
  bits?.tag === TAG.bitString && bits.content[0] === 0
    ? Sm2PublicKey.fromPoint(bits.content.subarray(1))
    : undefined;

/** An SM2 public key: a point on the curve, kept uncompressed (04 || x || y). */
export class Sm2PublicKey {
  readonly #point: Buffer;

  private constructor(point: Buffer) {
    this.#point = point;
  }

  /** 04 || x || y (a copy: a key never changes under its users). */
  get point(): Buffer {
    return Buffer.from(this.#point);
  }

  equals(other: Sm2PublicKey): boolean {
    return this.#point.equals(other.#point);
  }

  /** From an uncompressed (65-byte) or compressed (33-byte) point; throws if it is not on the curve. */
  static fromPoint(bytes: Uint8Array): Sm2PublicKey {
    const form = bytes[0];
    if (!((bytes.length === 65 && form === 4) || (bytes.length === 33 && (form === 2 || form === 3))))
      throw new Error('not an SM2 public point');
    let point: Buffer | string;
    try {
      point = ECDH.convertKey(Buffer.from(bytes), 'SM2', undefined, undefined, 'uncompressed');
    } catch {
      throw new Error('the point is not on the SM2 curve');
    }
    if (typeof point === 'string' || point.length !== 65) throw new Error('not an SM2 public point');
    return new Sm2PublicKey(point);
  }

  static fromPem(text: string): Sm2PublicKey {
    // Node would derive a public key from a private PEM; a secret in a "public" slot is a mistake.
    if (text.includes('PRIVATE KEY')) throw new Error('expected a public key PEM, got a private key');
    const spki = createPublicKey(text).export({ format: 'der', type: 'spki' });
    const [algorithm, bits, extra] = readSequence(spki) ?? [];
    const key = isAlgorithmSm2(algorithm) && extra === undefined ? publicKeyIn(bits) : undefined;
    if (!key) throw new Error('not an SM2 public key');
    return key;
  }

  toPem(): string {
    const bits = encodeTlv(TAG.bitString, Buffer.from([0]), this.#point);
    return pem('PUBLIC KEY', encodeTlv(TAG.sequence, ALGORITHM, bits));
  }
}

/** An SM2 private key. The scalar lives in a private field, so logging or JSON of a key never shows it. */
export class Sm2PrivateKey {
  readonly #d: bigint;
  readonly publicKey: Sm2PublicKey;

  private constructor(d: bigint) {
    this.#d = d;
    this.publicKey = Sm2PublicKey.fromPoint(multiplyBase(d));
  }

  /** The secret scalar d. */
  get d(): bigint {
    return this.#d;
  }

  /** From the 32-byte scalar; d must be in [1, n-2] (SM2 signing inverts 1 + d). */
  static fromScalar(d: Uint8Array | bigint): Sm2PrivateKey {
    const value = typeof d === 'bigint' ? d : bigintFrom(d);
    if (value < 1n || value > SM2_N - 2n) throw new RangeError('an SM2 private key must be in [1, n-2]');
    return new Sm2PrivateKey(value);
  }

  static generate(): Sm2PrivateKey {
    for (;;) {
      const { k } = randomMultiple();
      if (k !== SM2_N - 1n) return new Sm2PrivateKey(k);
    }
  }

  /** PKCS#8 or SEC1 PEM (unencrypted). Throws if it is not SM2 or its public key does not match. */
  static fromPem(text: string): Sm2PrivateKey {
    const pkcs8 = createPrivateKey(text).export({ format: 'der', type: 'pkcs8' });
    const [version, algorithm, wrapped] = readSequence(pkcs8) ?? [];
    if (readInteger(version) !== 0n || !isAlgorithmSm2(algorithm) || wrapped?.tag !== TAG.octetString)
      throw new Error('not an SM2 private key');
    // ECPrivateKey (RFC 5915): version 1, the scalar, optional [0] parameters, optional [1] public key.
    const [ecVersion, scalar, ...optional] = readSequence(wrapped.content) ?? [];
    if (readInteger(ecVersion) !== 1n || scalar?.tag !== TAG.octetString || scalar.content.length !== 32)
      throw new Error('not an SM2 private key');
    const key = Sm2PrivateKey.fromScalar(scalar.content);
    const embedded = optional.find((element) => element.tag === TAG.context1);
    if (embedded && !publicKeyIn(readWhole(embedded.content, TAG.bitString))?.equals(key.publicKey))
      throw new Error('the SM2 private key does not match its embedded public key');
    return key;
  }

  toPem(): string {
    const publicKey = encodeTlv(
      TAG.context1,
      encodeTlv(TAG.bitString, Buffer.from([0]), this.publicKey.point),
    );
    const ecPrivateKey = encodeTlv(
      TAG.sequence,
      Buffer.from([TAG.integer, 1, 1]),
      encodeTlv(TAG.octetString, bytes32(this.#d)),
      publicKey,
    );
    const der = encodeTlv(
      TAG.sequence,
      Buffer.from([TAG.integer, 1, 0]),
      ALGORITHM,
      encodeTlv(TAG.octetString, ecPrivateKey),
    );
    return pem('PRIVATE KEY', der);
  }
}

/** A fresh key pair as PEMs, e.g. for a development config or a test; never a committed production key. */
export function generateSm2KeyPair(): { privateKeyPem: string; publicKeyPem: string } {
  const key = Sm2PrivateKey.generate();
  return { privateKeyPem: key.toPem(), publicKeyPem: key.publicKey.toPem() };
}
