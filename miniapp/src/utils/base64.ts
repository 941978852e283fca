const CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
/** Base64 of an ASCII string (the SVGs we draw): btoa is not on weapp. */
export function base64Ascii(ascii: string): string {
  let out = '';
  for (let i = 0; i < ascii.length; i += 3) {
    const n =
      (ascii.charCodeAt(i) << 16) | ((ascii.charCodeAt(i + 1) || 0) << 8) | (ascii.charCodeAt(i + 2) || 0);
    out += CHARS[(n >> 18) & 63]! + CHARS[(n >> 12) & 63]!;
    out += i + 1 < ascii.length ? CHARS[(n >> 6) & 63]! : '=';
    out += i + 2 < ascii.length ? CHARS[n & 63]! : '=';
  }
  return out;
}
