import { sm2Sign, sm2Verify, type Sm2PrivateKey, type Sm2PublicKey } from '../../lib/guomi';
import { base32Decode, base32Encode } from './base32';

/**
 * The text of a dynamic e-health-card code (动态码): a signed, compact payload shown as a QR code
 * and posted back by a clinic terminal that scanned it.
 *
 * Payload, 35 bytes, big-endian:
 *   0 version (1) | 1 key id (1) | 2 scene (1) | 3 card reference (16) |
 *   19 issued at (uint32, s) | 23 expires at (uint32, s) | 27 nonce (8)
 * followed by the 64-byte raw SM2 signature (r || s) over those 35 bytes.
 * Version and key id come first because they say how to read and how to check the rest.
 *
 * Text: `JK1.` + base32 (RFC 4648 alphabet A-Z 2-7, no padding) of payload || signature, 163
 * characters. Every character is in the QR alphanumeric set (5.5 bits per character instead of
 * 8 in byte mode), so at error-correction level H this is a version 10 symbol (57x57 modules),
 * where base64url (136 characters, byte mode) needs version 11 (61x61). Upper case only and
 * unused trailing bits must be zero, so each payload has exactly one text: a changed character
 * always changes the bytes.
 */
export const CODE_PREFIX = 'JK1.';
export const CODE_VERSION = 1;
export const CARD_REF_BYTES = 16;
export const NONCE_BYTES = 8;
export const SIGNATURE_BYTES = 64;
const PAYLOAD_BYTES = 3 + CARD_REF_BYTES + 4 + 4 + NONCE_BYTES;
const TEXT_LENGTH = CODE_PREFIX.length + Math.ceil(((PAYLOAD_BYTES + SIGNATURE_BYTES) * 8) / 5);

/** What the code is shown for; the byte is what the payload carries and must never be reused. */
export const CODE_SCENES = {
  general: { byte: 0, label: '通用' },
  registration: { byte: 1, label: '挂号' },
  triage: { byte: 2, label: '分诊' },
  pharmacy: { byte: 3, label: '取药' },
  payment: { byte: 4, label: '缴费' },
} as const;
export type CodeScene = keyof typeof CODE_SCENES;
const SCENE_BY_BYTE = new Map<number, CodeScene>(
  Object.entries(CODE_SCENES).map(([scene, { byte }]) => [byte, scene as CodeScene]),
);

/** What the issuer says about the code; times are whole seconds since the epoch. */
export interface CodeClaims {
  scene: CodeScene;
  /** The card's opaque id in our database (16 random bytes). */
  cardRef: Buffer;
  issuedAtSec: number;
  /** The first second at which the code is no longer valid. */
  expiresAtSec: number;
  /** 8 random bytes, so two codes issued in the same second differ. */
  nonce: Buffer;
}

export interface CodeFields extends CodeClaims {
  /** Which signing key, so keys can rotate: old codes keep verifying until they expire. */
  keyId: number;
}

export interface CodeSigner {
  keyId: number;
  /** The 64-byte raw signature of `payload`. */
  sign(payload: Buffer): Uint8Array;
}

/** Must not throw: it sees signatures from anyone. */
export type CodeVerifier = (payload: Buffer, signature: Buffer) => boolean;

export type DecodeResult = { ok: true; fields: CodeFields } | { ok: false; reason: 'malformed' | 'tampered' };

export const sm2CodeSigner = (keyId: number, key: Sm2PrivateKey): CodeSigner => ({
  keyId,
  sign: (payload) => sm2Sign(key, payload),
});

/** With the private key the check is one native multiplication instead of two pure-JS ones (see guomi/sm2). */
export const sm2CodeVerifier =
  (key: Sm2PrivateKey | Sm2PublicKey): CodeVerifier =>
  (payload, signature) =>
    sm2Verify(key, payload, signature);

const isUint = (value: number, max: number) => Number.isInteger(value) && value >= 0 && value <= max;

/** Throws a RangeError on fields no code may carry: they come from our own code, not from users. */
export function encodeCode(claims: CodeClaims, signer: CodeSigner): string {
  const scene = CODE_SCENES[claims.scene]?.byte;
  if (scene === undefined) throw new RangeError(`unknown scene ${claims.scene}`);
  if (!isUint(signer.keyId, 0xff)) throw new RangeError('the key id is one byte');
  if (claims.cardRef.length !== CARD_REF_BYTES)
    throw new RangeError(`the card reference is ${CARD_REF_BYTES} bytes`);
  if (claims.nonce.length !== NONCE_BYTES) throw new RangeError(`the nonce is ${NONCE_BYTES} bytes`);
  if (!isUint(claims.issuedAtSec, 0xffffffff) || !isUint(claims.expiresAtSec, 0xffffffff))
    throw new RangeError('times are whole seconds that fit in 32 bits');

  const payload = Buffer.alloc(PAYLOAD_BYTES);
  payload[0] = CODE_VERSION;
  payload[1] = signer.keyId;
  payload[2] = scene;
  payload.set(claims.cardRef, 3);
  payload.writeUInt32BE(claims.issuedAtSec, 19);
  payload.writeUInt32BE(claims.expiresAtSec, 23);
  payload.set(claims.nonce, 27);
  const signature = signer.sign(payload);
  if (signature.length !== SIGNATURE_BYTES) throw new RangeError(`the signature is ${SIGNATURE_BYTES} bytes`);
  return CODE_PREFIX + base32Encode(Buffer.concat([payload, signature]));
}

const MALFORMED: DecodeResult = { ok: false, reason: 'malformed' };
const TAMPERED: DecodeResult = { ok: false, reason: 'tampered' };

/**
 * Reads and checks a scanned code; never throws. Everything cheap is checked before the
 * signature, and the length first, so an oversized or garbage input costs next to nothing.
 * Whether the code is still valid in time is the caller's call: see `windowState`.
 */
export function decodeCode(
  text: string,
  verifierFor: (keyId: number) => CodeVerifier | undefined,
): DecodeResult {
  if (typeof text !== 'string' || text.length !== TEXT_LENGTH || !text.startsWith(CODE_PREFIX))
    return MALFORMED;
  const bytes = base32Decode(text, CODE_PREFIX.length);
  if (!bytes) return MALFORMED;
  const payload = bytes.subarray(0, PAYLOAD_BYTES);
  const keyId = payload[1] as number;
  const scene = SCENE_BY_BYTE.get(payload[2] as number);
  if (payload[0] !== CODE_VERSION || scene === undefined) return MALFORMED;
  const verify = verifierFor(keyId);
  if (!verify) return MALFORMED;
  if (!verify(payload, bytes.subarray(PAYLOAD_BYTES))) return TAMPERED;
  return {
    ok: true,
    fields: {
      keyId,
      scene,
      cardRef: Buffer.from(payload.subarray(3, 19)),
      issuedAtSec: payload.readUInt32BE(19),
      expiresAtSec: payload.readUInt32BE(23),
      nonce: Buffer.from(payload.subarray(27, 35)),
    },
  };
}

export type WindowState = 'not_yet' | 'valid' | 'expired';

/** Issuer and verifier are both BFF replicas on NTP, so a few seconds of tolerance is plenty. */
export const DEFAULT_CLOCK_SKEW_MS = 5_000;

export function windowState(
  fields: Pick<CodeFields, 'issuedAtSec' | 'expiresAtSec'>,
  nowMs: number,
  clockSkewMs = DEFAULT_CLOCK_SKEW_MS,
): WindowState {
  if (nowMs < fields.issuedAtSec * 1000 - clockSkewMs) return 'not_yet';
  if (nowMs >= fields.expiresAtSec * 1000 + clockSkewMs) return 'expired';
  return 'valid';
}
