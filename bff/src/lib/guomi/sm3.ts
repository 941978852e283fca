import { sm3 as sm3Hex } from 'sm-crypto';

/**
 * SM3 (GB/T 32905-2016), 32-byte digest.
 *
 * sm-crypto hashes a string with its own UTF-8 encoder, which throws on a lone surrogate; and it
 * treats anything else as a list of byte values. So strings are encoded here with Node's UTF-8
 * (a lone surrogate becomes U+FFFD, as everywhere else in Node) and only bytes reach sm-crypto.
 */
export function sm3(data: Uint8Array | string): Buffer {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  return Buffer.from(sm3Hex(bytes), 'hex');
}
