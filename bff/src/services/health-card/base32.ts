/**
 * Base32 with the RFC 4648 alphabet (A-Z 2-7), no padding: every character is in the QR
 * alphanumeric set, which is why the card codes use it (see code-codec.ts).
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const VALUE_OF = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) VALUE_OF[ALPHABET.charCodeAt(i)] = i;

export function base32Encode(bytes: Buffer): string {
  let out = '';
  let acc = 0;
  let bits = 0;
  for (const byte of bytes) {
    acc = ((acc << 8) | byte) & 0xfff;
    bits += 8;
    while (bits >= 5) out += ALPHABET[(acc >> (bits -= 5)) & 31];
  }
  return bits > 0 ? out + ALPHABET[(acc << (5 - bits)) & 31] : out;
}

/** Strict: only the alphabet, and the unused low bits of the last character must be zero. */
export function base32Decode(text: string, from: number): Buffer | undefined {
  const out = Buffer.alloc(Math.floor(((text.length - from) * 5) / 8));
  let acc = 0;
  let bits = 0;
  let at = 0;
  for (let i = from; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const value = code < 128 ? (VALUE_OF[code] as number) : -1;
    if (value < 0) return undefined;
    acc = ((acc << 5) | value) & 0xfff;
    bits += 5;
    if (bits >= 8) out[at++] = (acc >> (bits -= 8)) & 0xff;
  }
  return (acc & ((1 << bits) - 1)) === 0 ? out : undefined;
}
