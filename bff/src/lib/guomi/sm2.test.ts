import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import fc from 'fast-check';
import { sm2 as smCrypto } from 'sm-crypto';
import { SM2_N, bytes32 } from './sm2-curve';
import { Sm2PrivateKey, Sm2PublicKey } from './sm2-keys';
import { sm2Sign, sm2SignatureToDer, sm2SignatureToRaw, sm2Verify } from './sm2';
import { openssl, opensslOk, scratchDir } from './test-support/openssl';

/*
 * OpenSSL 3.0's CLI computes Z with an EMPTY id unless told otherwise, so every command passes
 * the GM/T 0009 default explicitly. Both of these work in 3.0.19:
 *   openssl pkeyutl -verify -pubin -inkey pub.pem -rawin -digest sm3 -pkeyopt distid:1234567812345678 -in msg -sigfile sig.der
 *   openssl dgst -sm3 -verify pub.pem -sigopt distid:1234567812345678 -signature sig.der msg
 * and for signing: pkeyutl -sign -inkey key.pem -rawin -digest sm3 -pkeyopt distid:… -in msg -out sig.der
 *              or: dgst -sm3 -sign key.pem -sigopt distid:… -out sig.der msg
 */
const DISTID = 'distid:1234567812345678';
const scratch = scratchDir();
afterAll(() => scratch.cleanup());

const key = Sm2PrivateKey.generate();
const pubPem = scratch.path('pub.pem');
writeFileSync(pubPem, key.publicKey.toPem());

function opensslVerifies(
  message: Buffer,
  derSignature: Buffer,
  tool: 'pkeyutl' | 'dgst',
  distid = DISTID,
): boolean {
  writeFileSync(scratch.path('msg'), message);
  writeFileSync(scratch.path('sig.der'), derSignature);
  const args =
    tool === 'pkeyutl'
      ? ['pkeyutl', '-verify', '-pubin', '-inkey', pubPem, '-rawin', '-digest', 'sm3', '-pkeyopt', distid]
      : ['dgst', '-sm3', '-verify', pubPem, '-sigopt', distid, '-signature', scratch.path('sig.der')];
  const io =
    tool === 'pkeyutl'
      ? ['-in', scratch.path('msg'), '-sigfile', scratch.path('sig.der')]
      : [scratch.path('msg')];
  return openssl([...args, ...io]).status === 0;
}

describe('sm2 signatures', () => {
  it.each(['pkeyutl', 'dgst'] as const)(
    'when we sign random bytes, then openssl %s verifies them with the default id and rejects a tampered message',
    (tool) => {
      const message = randomBytes(77);
      const signature = sm2Sign(key, message, { format: 'der' });
      expect(opensslVerifies(message, signature, tool)).toBe(true);
      const tampered = Buffer.from(message);
      tampered[10] = (tampered[10] as number) ^ 0x01;
      expect(opensslVerifies(tampered, signature, tool)).toBe(false);
    },
  );

  it('when openssl 3.0 is not given the distid, then it uses an empty id and our signature fails there', () => {
    // Pins down why the commands above carry `distid`: without it the Z values differ.
    const message = randomBytes(20);
    expect(opensslVerifies(message, sm2Sign(key, message, { format: 'der' }), 'pkeyutl', 'distid:')).toBe(
      false,
    );
  });

  it.each([
    [
      'pkeyutl',
      (k: string, m: string, s: string) => [
        'pkeyutl',
        '-sign',
        '-inkey',
        k,
        '-rawin',
        '-digest',
        'sm3',
        '-pkeyopt',
        DISTID,
        '-in',
        m,
        '-out',
        s,
      ],
    ],
    [
      'dgst',
      (k: string, m: string, s: string) => ['dgst', '-sm3', '-sign', k, '-sigopt', DISTID, '-out', s, m],
    ],
  ])(
    'when openssl generates a key and signs with %s, then we verify with its PEMs and reject tampering',
    (_tool, signArgs) => {
      const keyPem = scratch.path('openssl-key.pem');
      const theirPubPem = scratch.path('openssl-pub.pem');
      opensslOk(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:SM2', '-out', keyPem]);
      opensslOk(['pkey', '-in', keyPem, '-pubout', '-out', theirPubPem]);
      const message = randomBytes(64);
      writeFileSync(scratch.path('their-msg'), message);
      opensslOk(signArgs(keyPem, scratch.path('their-msg'), scratch.path('their-sig')));
      const signature = readFileSync(scratch.path('their-sig'));

      const publicKey = Sm2PublicKey.fromPem(readFileSync(theirPubPem, 'utf8'));
      const privateKey = Sm2PrivateKey.fromPem(readFileSync(keyPem, 'utf8'));
      expect(sm2Verify(publicKey, message, signature, { format: 'der' })).toBe(true);
      expect(sm2Verify(privateKey, message, signature, { format: 'der' })).toBe(true);
      const raw = sm2SignatureToRaw(signature) as Buffer;
      expect(sm2Verify(publicKey, message, raw)).toBe(true);

      const tampered = Buffer.from(message);
      tampered[63] = (tampered[63] as number) ^ 0x80;
      expect(sm2Verify(publicKey, tampered, signature, { format: 'der' })).toBe(false);
      expect(sm2Verify(privateKey, tampered, signature, { format: 'der' })).toBe(false);
    },
  );

  it('when sm-crypto signs with its own Z computation, then we verify it, and sm-crypto verifies ours', () => {
    const message = randomBytes(35);
    const hex = key.publicKey.point.toString('hex');
    const theirs = smCrypto.doSignature(Array.from(message), bytes32(key.d).toString('hex'), { hash: true });
    expect(sm2Verify(key.publicKey, message, Buffer.from(theirs, 'hex'))).toBe(true);
    const ours = sm2Sign(key, message);
    expect(ours).toHaveLength(64);
    expect(smCrypto.doVerifySignature(Array.from(message), ours.toString('hex'), hex, { hash: true })).toBe(
      true,
    );
  });

  it('when verifying with the private key, then the answer is the public-key answer', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), fc.nat(63), fc.boolean(), (message, at, tamper) => {
        const signature = sm2Sign(key, message);
        if (tamper) signature[at] = (signature[at] as number) ^ 0x04;
        const expected = !tamper;
        expect(sm2Verify(key, message, signature)).toBe(expected);
        expect(sm2Verify(key.publicKey, message, signature)).toBe(expected);
      }),
      { numRuns: 15 },
    );
  });

  it('when the signature is garbage of any length or format, then verification says false and never throws', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 80 }),
        fc.constantFrom('raw' as const, 'der' as const),
        (signature, format) => {
          expect(sm2Verify(key, Buffer.from('m'), signature, { format })).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });

  it.each([
    ['r = 0', 0n, 1n],
    ['s = 0', 1n, 0n],
    ['r = n', SM2_N, 1n],
    ['s = n', 1n, SM2_N],
    ['r + s = n', 1n, SM2_N - 1n],
    ['r = 2^256 - 1', (1n << 256n) - 1n, 5n],
  ])('when %s, then the signature is rejected by both verifiers', (_case, r, s) => {
    const signature = Buffer.concat([bytes32(r), bytes32(s)]);
    expect(sm2Verify(key, Buffer.from('m'), signature)).toBe(false);
    expect(sm2Verify(key.publicKey, Buffer.from('m'), signature)).toBe(false);
  });

  it('when converting between raw and DER, then the forms carry the same signature', () => {
    const message = randomBytes(16);
    const raw = sm2Sign(key, message);
    const der = sm2SignatureToDer(raw) as Buffer;
    expect(sm2Verify(key.publicKey, message, der, { format: 'der' })).toBe(true);
    expect(sm2SignatureToRaw(der)?.equals(raw)).toBe(true);
    expect(sm2Verify(key, message, der)).toBe(false);
    expect(sm2Verify(key, message, raw, { format: 'der' })).toBe(false);
    expect(sm2SignatureToDer(raw.subarray(1))).toBeUndefined();
  });

  it('when a different user id is used, then only that id verifies, in openssl too', () => {
    const message = randomBytes(30);
    const signature = sm2Sign(key, message, { userId: 'ALICE123@YAHOO.COM', format: 'der' });
    expect(
      sm2Verify(key.publicKey, message, signature, { userId: 'ALICE123@YAHOO.COM', format: 'der' }),
    ).toBe(true);
    expect(sm2Verify(key.publicKey, message, signature, { format: 'der' })).toBe(false);
    expect(opensslVerifies(message, signature, 'pkeyutl', 'distid:ALICE123@YAHOO.COM')).toBe(true);
    // Naming the default id explicitly is the same as not naming one.
    const plain = sm2Sign(key, message);
    expect(sm2Verify(key, message, plain, { userId: Buffer.from('1234567812345678') })).toBe(true);
  });

  it('when the same message is signed twice, then the signatures differ (fresh k each time)', () => {
    const message = Buffer.from('same');
    expect(sm2Sign(key, message).equals(sm2Sign(key, message))).toBe(false);
  });
});
