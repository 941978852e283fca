import { generateKeyPairSync } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { inspect } from 'node:util';
import { bytes32, SM2_N } from './sm2-curve';
import { generateSm2KeyPair, Sm2PrivateKey, Sm2PublicKey } from './sm2-keys';
import { opensslOk, scratchDir } from './test-support/openssl';

const scratch = scratchDir();
afterAll(() => scratch.cleanup());

describe('sm2 keys', () => {
  it('when we generate a key pair, then openssl reads our PKCS#8 and derives our SPKI public key', () => {
    const { privateKeyPem, publicKeyPem } = generateSm2KeyPair();
    expect(privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
    writeFileSync(scratch.path('ours.pem'), privateKeyPem);
    const text = opensslOk(['pkey', '-in', scratch.path('ours.pem'), '-noout', '-text']).toString();
    expect(text).toContain('ASN1 OID: SM2');
    expect(opensslOk(['pkey', '-in', scratch.path('ours.pem'), '-pubout']).toString()).toBe(publicKeyPem);
  });

  it('when openssl writes a key, then we read it and write back the very same PEMs', () => {
    const keyPem = scratch.path('theirs.pem');
    opensslOk(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:SM2', '-out', keyPem]);
    const pem = readFileSync(keyPem, 'utf8');
    const publicPem = opensslOk(['pkey', '-in', keyPem, '-pubout']).toString();
    const key = Sm2PrivateKey.fromPem(pem);
    expect(key.toPem()).toBe(pem);
    expect(key.publicKey.toPem()).toBe(publicPem);
    expect(Sm2PublicKey.fromPem(publicPem).equals(key.publicKey)).toBe(true);
  });

  it('when the key comes as SEC1 (openssl 3.0 labels it SM2 PRIVATE KEY) or the public point is compressed, then it still loads', () => {
    const keyPem = scratch.path('sec1-source.pem');
    opensslOk(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:SM2', '-out', keyPem]);
    const sec1 = opensslOk(['ec', '-in', keyPem, '-outform', 'PEM']).toString();
    expect(sec1).toContain('BEGIN SM2 PRIVATE KEY');
    const compressed = opensslOk(['ec', '-in', keyPem, '-pubout', '-conv_form', 'compressed']).toString();
    const key = Sm2PrivateKey.fromPem(readFileSync(keyPem, 'utf8'));
    expect(Sm2PrivateKey.fromPem(sec1).d).toBe(key.d);
    expect(Sm2PublicKey.fromPem(compressed).equals(key.publicKey)).toBe(true);
  });

  it('when the PEM is another kind of key, then loading it throws', () => {
    const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
    expect(() =>
      Sm2PrivateKey.fromPem(p256.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()),
    ).toThrow('not an SM2 private key');
    expect(() =>
      Sm2PrivateKey.fromPem(rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()),
    ).toThrow();
    expect(() =>
      Sm2PublicKey.fromPem(p256.publicKey.export({ type: 'spki', format: 'pem' }).toString()),
    ).toThrow('not an SM2 public key');
    expect(() => Sm2PublicKey.fromPem(generateSm2KeyPair().privateKeyPem)).toThrow('got a private key');
    expect(() => Sm2PrivateKey.fromPem('not a pem')).toThrow();
  });

  it('when a PKCS#8 carries a public key that is not its own, then loading it throws', () => {
    const a = Sm2PrivateKey.generate();
    const b = Sm2PrivateKey.generate();
    const swapped = Buffer.from(a.toPem().replace(/-----[^-]+-----|\n/g, ''), 'base64');
    const ownPoint = a.publicKey.point;
    swapped.set(b.publicKey.point, swapped.indexOf(ownPoint));
    const pem = `-----BEGIN PRIVATE KEY-----\n${swapped.toString('base64')}\n-----END PRIVATE KEY-----\n`;
    expect(() => Sm2PrivateKey.fromPem(pem)).toThrow('does not match');
  });

  it.each([
    ['0', 0n],
    ['n - 1', SM2_N - 1n],
    ['n', SM2_N],
  ])('when the scalar is %s, then it is refused as a private key', (_name, d) => {
    expect(() => Sm2PrivateKey.fromScalar(d)).toThrow(RangeError);
  });

  it('when a point is not on the curve or not a point, then it is refused as a public key', () => {
    const offCurve = Buffer.alloc(65, 1);
    offCurve[0] = 4;
    expect(() => Sm2PublicKey.fromPoint(offCurve)).toThrow('not on the SM2 curve');
    expect(() => Sm2PublicKey.fromPoint(Buffer.from([0]))).toThrow('not an SM2 public point');
  });

  it('when a private key is logged or serialised, then its scalar does not show', () => {
    const key = Sm2PrivateKey.generate();
    const secret = bytes32(key.d).toString('hex');
    expect(JSON.stringify(key)).not.toContain(secret);
    expect(inspect(key, { depth: 5, showHidden: true })).not.toContain(secret);
    expect(inspect(key, { depth: 5 })).not.toContain(key.d.toString());
  });
});
