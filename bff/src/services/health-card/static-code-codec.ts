import { base32Decode, base32Encode } from './base32';
import { CARD_REF_BYTES, SIGNATURE_BYTES, type CodeSigner, type CodeVerifier } from './code-codec';

/**
 * The text of a static e-health-card code (静态码): long-lived and printable, accepted only with
 * the card's PIN. No expiry and no nonce; instead a serial, so issuing a new static code revokes
 * every earlier one (a lost printout stops working once the resident prints a new one).
 *
 * Payload, 26 bytes, big-endian:
 *   0 version (1) | 1 key id (1) | 2 card reference (16) | 18 issued at (uint32, s) | 22 serial (uint32)
 * followed by the 64-byte raw SM2 signature over `JK1S` || payload. The signed prefix keeps the
 * two formats apart: no signature made for a dynamic code can ever pass as a static one.
 *
 * Text: `JK1S.` + base32 of payload || signature, 149 characters (90 bytes are exactly 144
 * base32 characters), all in the QR alphanumeric set like the dynamic code.
 */
export const STATIC_PREFIX = 'JK1S.';
export const STATIC_VERSION = 1;
const DOMAIN = Buffer.from('JK1S', 'ascii');
const PAYLOAD_BYTES = 2 + CARD_REF_BYTES + 4 + 4;
const TEXT_LENGTH = STATIC_PREFIX.length + Math.ceil(((PAYLOAD_BYTES + SIGNATURE_BYTES) * 8) / 5);

export interface StaticClaims {
  cardRef: Buffer;
  issuedAtSec: number;
  /** 1 for the card's first static code, one more for each reissue. */
  serial: number;
}

export interface StaticFields extends StaticClaims {
  keyId: number;
}

export type StaticDecodeResult =
  { ok: true; fields: StaticFields } | { ok: false; reason: 'malformed' | 'tampered' };

const signed = (payload: Buffer) => Buffer.concat([DOMAIN, payload]);
const isUint32 = (value: number) => Number.isInteger(value) && value >= 0 && value <= 0xffffffff;

/** Throws a RangeError on fields no code may carry (our own bug, not a user's input). */
export function encodeStaticCode(claims: StaticClaims, signer: CodeSigner): string {
  if (claims.cardRef.length !== CARD_REF_BYTES)
    throw new RangeError(`the card reference is ${CARD_REF_BYTES} bytes`);
  if (!isUint32(claims.issuedAtSec) || !isUint32(claims.serial) || claims.serial < 1)
    throw new RangeError('the issue time and the serial are 32-bit, the serial at least 1');
  if (!Number.isInteger(signer.keyId) || signer.keyId < 0 || signer.keyId > 0xff)
    throw new RangeError('the key id is one byte');
  const payload = Buffer.alloc(PAYLOAD_BYTES);
  payload[0] = STATIC_VERSION;
  payload[1] = signer.keyId;
  payload.set(claims.cardRef, 2);
  payload.writeUInt32BE(claims.issuedAtSec, 18);
  payload.writeUInt32BE(claims.serial, 22);
  const signature = signer.sign(signed(payload));
  if (signature.length !== SIGNATURE_BYTES) throw new RangeError(`the signature is ${SIGNATURE_BYTES} bytes`);
  return STATIC_PREFIX + base32Encode(Buffer.concat([payload, signature]));
}

/** As strict as decodeCode and never throws; the length is checked before anything else. */
export function decodeStaticCode(
  text: string,
  verifierFor: (keyId: number) => CodeVerifier | undefined,
): StaticDecodeResult {
  if (typeof text !== 'string' || text.length !== TEXT_LENGTH || !text.startsWith(STATIC_PREFIX))
    return { ok: false, reason: 'malformed' };
  const bytes = base32Decode(text, STATIC_PREFIX.length);
  if (!bytes || bytes[0] !== STATIC_VERSION) return { ok: false, reason: 'malformed' };
  const payload = bytes.subarray(0, PAYLOAD_BYTES);
  const keyId = payload[1] as number;
  const verify = verifierFor(keyId);
  if (!verify) return { ok: false, reason: 'malformed' };
  if (!verify(signed(payload), bytes.subarray(PAYLOAD_BYTES))) return { ok: false, reason: 'tampered' };
  const serial = payload.readUInt32BE(22);
  if (serial < 1) return { ok: false, reason: 'malformed' };
  return {
    ok: true,
    fields: {
      keyId,
      cardRef: Buffer.from(payload.subarray(2, 18)),
      issuedAtSec: payload.readUInt32BE(18),
      serial,
    },
  };
}
