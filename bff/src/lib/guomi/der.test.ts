import fc from 'fast-check';
import { decodeSignatureDer, encodeSignatureDer, readTlv } from './der';

const hex = (text: string) => Buffer.from(text.replace(/\s/g, ''), 'hex');

describe('der', () => {
  it('when a signature pair is encoded, then it decodes to the same numbers', () => {
    const number = fc.bigInt({ min: 0n, max: (1n << 256n) - 1n });
    fc.assert(
      fc.property(number, number, (r, s) => {
        expect(decodeSignatureDer(encodeSignatureDer({ r, s }))).toEqual({ r, s });
      }),
    );
  });

  it.each([
    ['a valid pair', '3006 020101 020102', { r: 1n, s: 2n }],
    ['a high bit kept positive with 00', '3007 02020080 020102', { r: 0x80n, s: 2n }],
    ['a negative integer', '3006 020180 020102', undefined],
    ['a needless leading zero', '3007 02020001 020102', undefined],
    ['an empty integer', '3005 0200 020102', undefined],
    ['a long-form length below 128', '308106 020101 020102', undefined],
    ['an indefinite length', '3080 020101 020102 0000', undefined],
    ['trailing bytes', '3006 020101 020102 00', undefined],
    ['a third element', '3009 020101 020102 020103', undefined],
    ['a length past the end', '3007 020101 020102', undefined],
    ['a set, not a sequence', '3106 020101 020102', undefined],
    ['nothing', '', undefined],
  ])('when decoding %s, then the result is as DER says', (_case, input, expected) => {
    expect(decodeSignatureDer(hex(input))).toEqual(expected);
  });

  it('when reading arbitrary bytes, then it never throws', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
        readTlv(Buffer.from(bytes));
        decodeSignatureDer(bytes);
      }),
    );
  });
});
