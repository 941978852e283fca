import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import QRCode from 'qrcode';
import { Sm2PrivateKey } from '../../lib/guomi';
import { decodeCode, encodeCode, sm2CodeSigner, sm2CodeVerifier, type CodeVerifier } from './code-codec';
import { decodeStaticCode, encodeStaticCode, STATIC_PREFIX, type StaticClaims } from './static-code-codec';

const key = Sm2PrivateKey.generate();
const signer = sm2CodeSigner(3, key);
const verifierFor = (keyId: number): CodeVerifier | undefined =>
  keyId === 3 ? sm2CodeVerifier(key) : undefined;
const claims = (overrides: Partial<StaticClaims> = {}): StaticClaims => ({
  cardRef: randomBytes(16),
  issuedAtSec: 1_760_000_000,
  serial: 1,
  ...overrides,
});
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

describe('static code codec', () => {
  it('when a static code is issued, then it is JK1S. + 144 base32 characters and decodes to its fields', () => {
    const issued = claims({ serial: 42 });
    const text = encodeStaticCode(issued, signer);
    expect(text).toMatch(/^JK1S\.[A-Z2-7]{144}$/);
    expect(decodeStaticCode(text, verifierFor)).toEqual({ ok: true, fields: { ...issued, keyId: 3 } });
  });

  it('when printed as a QR at level H, then it is one alphanumeric segment', () => {
    const qr = QRCode.create(encodeStaticCode(claims(), signer), { errorCorrectionLevel: 'H' });
    expect(qr.segments.map((s) => s.mode.id)).toEqual(['Alphanumeric']);
    expect(qr.version).toBeLessThanOrEqual(10);
  });

  it('when any one character is replaced, then it is never ok', () => {
    const text = encodeStaticCode(claims(), signer);
    fc.assert(
      fc.property(fc.nat(text.length - 1), fc.constantFrom(...ALPHABET, 'a', '=', ' '), (at, char) => {
        fc.pre(text[at] !== char);
        expect(decodeStaticCode(text.slice(0, at) + char + text.slice(at + 1), verifierFor).ok).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('when the serial is raised by hand, then the code is tampered', () => {
    const text = encodeStaticCode(claims({ serial: 1 }), signer);
    // The serial's last byte is byte 25: bits 200–207, inside characters 40 and 41 of the body.
    const body = text.slice(STATIC_PREFIX.length);
    const bits = [...body].map((c) => ALPHABET.indexOf(c).toString(2).padStart(5, '0')).join('');
    const flipped = `${bits.slice(0, 206)}${bits[206] === '0' ? '1' : '0'}${bits.slice(207)}`;
    const changed = flipped
      .match(/.{5}/g)!
      .map((b) => ALPHABET[parseInt(b, 2)])
      .join('');
    expect(decodeStaticCode(STATIC_PREFIX + changed, verifierFor)).toEqual({ ok: false, reason: 'tampered' });
  });

  it('when a dynamic code or garbage is read as a static one, then it is malformed', () => {
    const dynamic = encodeCode(
      {
        scene: 'general',
        cardRef: randomBytes(16),
        issuedAtSec: 1,
        expiresAtSec: 2,
        nonce: randomBytes(8),
      },
      signer,
    );
    for (const text of [
      dynamic,
      '',
      STATIC_PREFIX,
      `${STATIC_PREFIX}${'A'.repeat(10_000)}`,
      'JK1S.' + '='.repeat(144),
    ])
      expect(decodeStaticCode(text, verifierFor)).toEqual({ ok: false, reason: 'malformed' });
    expect(decodeCode(encodeStaticCode(claims(), signer), verifierFor)).toEqual({
      ok: false,
      reason: 'malformed',
    });
  });

  it('when another key signed under our key id, then the code is tampered', () => {
    const forged = encodeStaticCode(claims(), sm2CodeSigner(3, Sm2PrivateKey.generate()));
    expect(decodeStaticCode(forged, verifierFor)).toEqual({ ok: false, reason: 'tampered' });
  });

  it.each([
    ['serial 0', { serial: 0 }],
    ['a short card reference', { cardRef: randomBytes(15) }],
    ['a time in milliseconds', { issuedAtSec: Date.now() * 1000 }],
  ])('when issuing with %s, then encoding throws', (_case, overrides) => {
    expect(() => encodeStaticCode(claims(overrides), signer)).toThrow(RangeError);
  });
});
