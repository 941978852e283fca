import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import QRCode from 'qrcode';
import { Sm2PrivateKey } from '../../lib/guomi';
import {
  CODE_PREFIX,
  CODE_SCENES,
  decodeCode,
  encodeCode,
  sm2CodeSigner,
  sm2CodeVerifier,
  windowState,
  type CodeClaims,
  type CodeScene,
  type CodeVerifier,
} from './code-codec';

const key = Sm2PrivateKey.generate();
const otherKey = Sm2PrivateKey.generate();
const signer = sm2CodeSigner(7, key);
const verifiers = new Map<number, CodeVerifier>([[7, sm2CodeVerifier(key)]]);
const verifierFor = (keyId: number) => verifiers.get(keyId);

const claims = (overrides: Partial<CodeClaims> = {}): CodeClaims => ({
  scene: 'registration',
  cardRef: randomBytes(16),
  issuedAtSec: 1_760_000_000,
  expiresAtSec: 1_760_000_060,
  nonce: randomBytes(8),
  ...overrides,
});

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const body = (text: string) => text.slice(CODE_PREFIX.length);

/** Rebuilds a code's text around changed bytes, the way an attacker holding a valid code would. */
function withBytes(text: string, change: (bytes: Buffer) => void): string {
  let bits = '';
  for (const char of body(text)) bits += ALPHABET.indexOf(char).toString(2).padStart(5, '0');
  const bytes = Buffer.from(
    bits
      .slice(0, 99 * 8)
      .match(/.{8}/g)
      ?.map((b) => parseInt(b, 2)) ?? [],
  );
  change(bytes);
  let out = '';
  let all = [...bytes].map((b) => b.toString(2).padStart(8, '0')).join('');
  all = all.padEnd(Math.ceil(all.length / 5) * 5, '0');
  for (let i = 0; i < all.length; i += 5) out += ALPHABET[parseInt(all.slice(i, i + 5), 2)];
  return CODE_PREFIX + out;
}

describe('health-card code codec', () => {
  it('when a code is issued, then it decodes to the same fields with the signer key id', () => {
    const issued = claims();
    const text = encodeCode(issued, signer);
    expect(text).toMatch(/^JK1\.[A-Z2-7]{159}$/);
    expect(decodeCode(text, verifierFor)).toEqual({ ok: true, fields: { ...issued, keyId: 7 } });
  });

  it('when only the public key is at hand, then the code still verifies', () => {
    const text = encodeCode(claims(), signer);
    expect(decodeCode(text, () => sm2CodeVerifier(key.publicKey))).toMatchObject({ ok: true });
  });

  it('when a code is shown as a QR at level H, then it is a version 10 alphanumeric symbol', () => {
    const qr = QRCode.create(encodeCode(claims(), signer), { errorCorrectionLevel: 'H' });
    expect(qr.version).toBe(10);
    expect(qr.segments.map((segment) => segment.mode.id)).toEqual(['Alphanumeric']);
  });

  it('when arbitrary fields are encoded, then they round-trip', () => {
    const seconds = fc.integer({ min: 0, max: 0xffffffff });
    fc.assert(
      fc.property(
        fc.record({
          scene: fc.constantFrom(...(Object.keys(CODE_SCENES) as CodeScene[])),
          cardRef: fc.uint8Array({ minLength: 16, maxLength: 16 }).map((b) => Buffer.from(b)),
          issuedAtSec: seconds,
          expiresAtSec: seconds,
          nonce: fc.uint8Array({ minLength: 8, maxLength: 8 }).map((b) => Buffer.from(b)),
        }),
        fc.integer({ min: 0, max: 255 }),
        (fields, keyId) => {
          const decoded = decodeCode(encodeCode(fields, sm2CodeSigner(keyId, key)), (id) =>
            id === keyId ? sm2CodeVerifier(key) : undefined,
          );
          expect(decoded).toEqual({ ok: true, fields: { ...fields, keyId } });
        },
      ),
      { numRuns: 150 },
    );
  });

  it('when any string at all is decoded, then it is malformed and nothing throws', () => {
    const verify = jest.fn(() => true);
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.string({ unit: 'binary', maxLength: 300 }),
          fc.string().map((s) => CODE_PREFIX + s),
        ),
        (text) => {
          expect(decodeCode(text, () => verify)).toEqual({ ok: false, reason: 'malformed' });
        },
      ),
      { numRuns: 1000 },
    );
    expect(verify).not.toHaveBeenCalled();
  });

  it('when a string of the right shape but random content is decoded, then it is never ok', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...ALPHABET), { minLength: 159, maxLength: 159 }), (chars) => {
        expect(decodeCode(CODE_PREFIX + chars.join(''), verifierFor).ok).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('when any one character of a valid code is replaced, then it is tampered or malformed, never ok', () => {
    const text = encodeCode(claims(), signer);
    const replacement = fc.constantFrom(...ALPHABET, ...'abcz01.-_=+/ é\n');
    fc.assert(
      fc.property(fc.nat(text.length - 1), replacement, (at, char) => {
        fc.pre(text[at] !== char);
        const changed = text.slice(0, at) + char + text.slice(at + 1);
        expect(decodeCode(changed, verifierFor)).toMatchObject({ ok: false });
      }),
      { numRuns: 500 },
    );
  });

  it('when any one byte of a valid code is changed and re-encoded, then it is tampered or malformed, never ok', () => {
    const text = encodeCode(claims(), signer);
    fc.assert(
      fc.property(fc.nat(98), fc.integer({ min: 1, max: 255 }), (at, xor) => {
        const changed = withBytes(text, (bytes) => {
          bytes[at] = (bytes[at] as number) ^ xor;
        });
        expect(decodeCode(changed, verifierFor)).toMatchObject({ ok: false });
      }),
      { numRuns: 500 },
    );
  });

  it.each([
    ['a card reference', 'tampered', 3],
    ['the issue time', 'tampered', 22],
    ['the expiry', 'tampered', 26],
    ['the nonce', 'tampered', 34],
    ['the signature', 'tampered', 60],
    ['the version', 'malformed', 0],
  ] as const)('when %s is changed, then the code is %s', (_field, reason, at) => {
    const changed = withBytes(encodeCode(claims(), signer), (bytes) => {
      bytes[at] = (bytes[at] as number) ^ 0x01;
    });
    expect(decodeCode(changed, verifierFor)).toEqual({ ok: false, reason });
  });

  it('when the scene or key id is one we do not know, then the code is malformed', () => {
    const text = encodeCode(claims(), signer);
    expect(
      decodeCode(
        withBytes(text, (bytes) => void (bytes[2] = 200)),
        verifierFor,
      ),
    ).toEqual({ ok: false, reason: 'malformed' });
    expect(decodeCode(encodeCode(claims(), sm2CodeSigner(8, key)), verifierFor)).toEqual({
      ok: false,
      reason: 'malformed',
    });
  });

  it('when another key signed under our key id, then the code is tampered', () => {
    expect(decodeCode(encodeCode(claims(), sm2CodeSigner(7, otherKey)), verifierFor)).toEqual({
      ok: false,
      reason: 'tampered',
    });
  });

  it.each([
    ['another prefix', (t: string) => `JK2.${body(t)}`],
    ['lower case', (t: string) => t.toLowerCase()],
    ['lower case body', (t: string) => CODE_PREFIX + body(t).toLowerCase()],
    ['padding', (t: string) => `${t.slice(0, -1)}=`],
    ['a trailing newline', (t: string) => `${t}\n`],
    ['a missing character', (t: string) => t.slice(0, -1)],
    ['base64url characters', (t: string) => `${t.slice(0, 10)}-_${t.slice(12)}`],
    [
      'non-zero unused bits',
      (t: string) => t.slice(0, -1) + ALPHABET[ALPHABET.indexOf(t.at(-1) as string) | 1],
    ],
    ['nothing', () => ''],
  ])('when the text has %s, then it is malformed', (_case, mangle) => {
    const text = encodeCode(claims(), signer);
    expect(decodeCode(mangle(text), verifierFor)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('when a 10 kB input arrives, then it is refused before any decoding, cheaply', () => {
    const verify = jest.fn(() => true);
    const huge = CODE_PREFIX + 'A'.repeat(10_000);
    let accepted = 0;
    const started = process.hrtime.bigint();
    for (let i = 0; i < 10_000; i++) if (decodeCode(huge, () => verify).ok) accepted++;
    // A length check is a few nanoseconds; the bound only catches an accidental decode of it all.
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(500);
    expect(accepted).toBe(0);
    expect(verify).not.toHaveBeenCalled();
  });

  it.each([
    ['a short card reference', { cardRef: randomBytes(15) }],
    ['a long nonce', { nonce: randomBytes(9) }],
    ['a time in milliseconds', { issuedAtSec: Date.now() * 1000 }],
    ['a fractional time', { expiresAtSec: 1.5 }],
    ['a negative time', { issuedAtSec: -1 }],
    ['an unknown scene', { scene: 'lottery' as CodeScene }],
  ])('when issuing with %s, then encoding throws', (_case, overrides) => {
    expect(() => encodeCode(claims(overrides), signer)).toThrow(RangeError);
  });

  it('when the key id does not fit a byte, then encoding throws', () => {
    expect(() => encodeCode(claims(), sm2CodeSigner(256, key))).toThrow(RangeError);
  });

  it.each([
    [1_760_000_000_000 - 5_001, 'not_yet'],
    [1_760_000_000_000 - 5_000, 'valid'],
    [1_760_000_030_000, 'valid'],
    [1_760_000_065_000 - 1, 'valid'],
    [1_760_000_065_000, 'expired'],
  ] as const)('when the clock reads %d with the default skew, then the code is %s', (nowMs, state) => {
    expect(windowState(claims(), nowMs)).toBe(state);
  });

  it('when no skew is allowed, then the window is exactly [issued, expires)', () => {
    const fields = claims();
    expect(windowState(fields, 1_760_000_000_000 - 1, 0)).toBe('not_yet');
    expect(windowState(fields, 1_760_000_000_000, 0)).toBe('valid');
    expect(windowState(fields, 1_760_000_060_000, 0)).toBe('expired');
  });
});
