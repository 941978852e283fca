import { randomBytes } from 'node:crypto';
import { opensslOk } from './test-support/openssl';
import { sm3 } from './sm3';

describe('sm3', () => {
  it.each([
    ['abc', '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0'],
    ['abcd'.repeat(16), 'debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732'],
  ])(
    'when hashing the GB/T 32905-2016 appendix A message %j, then the digest is the standard one',
    (message, digest) => {
      expect(sm3(message).toString('hex')).toBe(digest);
      expect(sm3(Buffer.from(message, 'latin1')).toString('hex')).toBe(digest);
    },
  );

  it('when hashing random bytes of lengths around the block boundaries, then openssl dgst -sm3 agrees', () => {
    for (const length of [0, 1, 55, 56, 63, 64, 65, 119, 120, 128, 1000]) {
      const data = randomBytes(length);
      // Bytes >= 0x80 are where a string-based hash would go wrong (they would be UTF-8 encoded).
      if (length > 0) data[0] = 0xff;
      const reference = opensslOk(['dgst', '-sm3', '-binary'], data);
      expect(sm3(data).toString('hex')).toBe(reference.toString('hex'));
    }
  });

  it('when hashing a string, then it is its UTF-8 bytes that are hashed, even with a lone surrogate', () => {
    expect(sm3('健康卡').equals(sm3(Buffer.from('健康卡', 'utf8')))).toBe(true);
    expect(sm3('\ud800').equals(sm3(Buffer.from([0xef, 0xbf, 0xbd])))).toBe(true);
  });

  it('when hashing a Uint8Array view into a larger buffer, then only the viewed bytes count', () => {
    const whole = randomBytes(96);
    const view = new Uint8Array(whole.buffer, whole.byteOffset + 16, 40);
    expect(sm3(view).equals(sm3(Buffer.from(whole.subarray(16, 56))))).toBe(true);
  });
});
