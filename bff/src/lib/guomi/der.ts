/**
 * The few DER (X.690) structures SM2 needs: PKCS#8 / SPKI key envelopes and the
 * SEQUENCE { r INTEGER, s INTEGER } signature. Reading is strict (definite, minimal lengths;
 * minimal non-negative integers; nothing left over) so that one signature or key has exactly one
 * encoding, and it never throws: malformed input gives `undefined`.
 */
export const TAG = {
  integer: 0x02,
  bitString: 0x03,
  octetString: 0x04,
  oid: 0x06,
  sequence: 0x30,
  context0: 0xa0,
  context1: 0xa1,
} as const;

export interface Tlv {
  tag: number;
  /** The whole element, tag and length included. */
  raw: Buffer;
  content: Buffer;
}

export function encodeTlv(tag: number, ...contents: Uint8Array[]): Buffer {
  const content = Buffer.concat(contents);
  const n = content.length;
  if (n > 0xffff) throw new RangeError('DER element too long');
  const length = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff];
  return Buffer.concat([Buffer.from([tag, ...length]), content]);
}

/** A non-negative INTEGER in its minimal form. */
export function encodeInteger(value: bigint): Buffer {
  if (value < 0n) throw new RangeError('only non-negative integers are encoded');
  let hex = value.toString(16);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  const bytes = Buffer.from(hex, 'hex');
  return encodeTlv(
    TAG.integer,
    (bytes[0] as number) & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes,
  );
}

/** Reads the element at `offset`; `undefined` when it is not well-formed DER or overruns `input`. */
export function readTlv(input: Buffer, offset = 0): Tlv | undefined {
  const tag = input[offset];
  const first = input[offset + 1];
  // Multi-byte tags (low five bits all set) never occur in the structures we read.
  if (tag === undefined || first === undefined || (tag & 0x1f) === 0x1f) return undefined;
  let length = first;
  let header = 2;
  if (first >= 0x80) {
    const count = first & 0x7f;
    if (count === 0 || count > 2) return undefined;
    length = 0;
    for (let i = 0; i < count; i++) {
      const byte = input[offset + 2 + i];
      if (byte === undefined) return undefined;
      length = (length << 8) | byte;
    }
    // Minimal length: the long form only for 128 and up, with no leading zero byte.
    if (length < 0x80 || (count === 2 && length < 0x100)) return undefined;
    header += count;
  }
  const end = offset + header + length;
  if (end > input.length) return undefined;
  return { tag, raw: input.subarray(offset, end), content: input.subarray(offset + header, end) };
}

/** The elements that exactly fill `content` (a constructed element's content). */
export function readChildren(content: Buffer): Tlv[] | undefined {
  const children: Tlv[] = [];
  for (let offset = 0; offset < content.length;) {
    const child = readTlv(content, offset);
    if (!child) return undefined;
    children.push(child);
    offset += child.raw.length;
  }
  return children;
}

/** The single element that is all of `input`, with the expected tag. */
export function readWhole(input: Buffer, tag: number): Tlv | undefined {
  const element = readTlv(input);
  return element && element.tag === tag && element.raw.length === input.length ? element : undefined;
}

/** The elements of the SEQUENCE that is all of `input`. */
export function readSequence(input: Buffer): Tlv[] | undefined {
  const sequence = readWhole(input, TAG.sequence);
  return sequence && readChildren(sequence.content);
}

/** A minimal non-negative INTEGER's value. */
export function readInteger(element: Tlv | undefined): bigint | undefined {
  if (!element || element.tag !== TAG.integer) return undefined;
  const [first, second] = element.content;
  if (first === undefined || first & 0x80) return undefined;
  if (first === 0 && second !== undefined && !(second & 0x80)) return undefined;
  return BigInt(`0x${element.content.toString('hex')}`);
}

export interface SignatureNumbers {
  r: bigint;
  s: bigint;
}

export function encodeSignatureDer({ r, s }: SignatureNumbers): Buffer {
  return encodeTlv(TAG.sequence, encodeInteger(r), encodeInteger(s));
}

export function decodeSignatureDer(input: Uint8Array): SignatureNumbers | undefined {
  const children = readSequence(Buffer.from(input.buffer, input.byteOffset, input.byteLength));
  if (!children || children.length !== 2) return undefined;
  const r = readInteger(children[0]);
  const s = readInteger(children[1]);
  return r === undefined || s === undefined ? undefined : { r, s };
}
