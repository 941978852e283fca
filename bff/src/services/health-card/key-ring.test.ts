import { randomBytes } from 'node:crypto';
import { ConfigError } from '../../config';
import { generateSm2KeyPair } from '../../lib/guomi';
import { decodeCode, encodeCode, sm2CodeSigner, type CodeClaims } from './code-codec';
import { CodeKeyRing, privateKeyFrom } from './key-ring';

const claims = (): CodeClaims => ({
  scene: 'general',
  cardRef: randomBytes(16),
  issuedAtSec: 1_760_000_000,
  expiresAtSec: 1_760_000_120,
  nonce: randomBytes(8),
});

describe('code key ring', () => {
  it('when a dev-only text is the key, then every ring built from it signs and verifies alike', () => {
    const a = new CodeKeyRing({ keyId: 1, privateKey: 'dev-only-healthcard-sm2-key-1-change-me' });
    const b = new CodeKeyRing({ keyId: 1, privateKey: 'dev-only-healthcard-sm2-key-1-change-me' });
    expect(decodeCode(encodeCode(claims(), a.signer), b.verifierFor)).toMatchObject({ ok: true });
    const other = new CodeKeyRing({ keyId: 1, privateKey: 'dev-only-another' });
    expect(decodeCode(encodeCode(claims(), a.signer), other.verifierFor)).toEqual({
      ok: false,
      reason: 'tampered',
    });
  });

  it('when keys rotate, then codes of the retired key still verify and new ones carry the new id', () => {
    const old = generateSm2KeyPair().privateKeyPem;
    const fresh = generateSm2KeyPair().privateKeyPem;
    const before = new CodeKeyRing({ keyId: 1, privateKey: old });
    const after = new CodeKeyRing({ keyId: 2, privateKey: fresh }, [{ keyId: 1, privateKey: old }]);
    expect(decodeCode(encodeCode(claims(), before.signer), after.verifierFor)).toMatchObject({
      ok: true,
      fields: { keyId: 1 },
    });
    expect(after.signer.keyId).toBe(2);
    expect(after.verifierFor(3)).toBeUndefined();
  });

  it('when the PEM comes with its line breaks escaped, then it is read all the same', () => {
    const { privateKeyPem } = generateSm2KeyPair();
    const ring = new CodeKeyRing({ keyId: 5, privateKey: privateKeyPem.replace(/\n/g, '\\n') });
    expect(
      decodeCode(
        encodeCode(claims(), sm2CodeSigner(5, privateKeyFrom(privateKeyPem, 'k'))),
        ring.verifierFor,
      ),
    ).toMatchObject({
      ok: true,
    });
  });

  it('when the key is not an SM2 key, then start-up fails naming the config key', () => {
    expect(
      () =>
        new CodeKeyRing({
          keyId: 1,
          privateKey: '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----',
        }),
    ).toThrow(ConfigError);
    expect(
      () =>
        new CodeKeyRing({
          keyId: 1,
          privateKey: '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----',
        }),
    ).toThrow(/^config error: healthCard\.signingKey\.privateKey: /);
    expect(
      () => new CodeKeyRing({ keyId: 1, privateKey: 'dev-only-a' }, [{ keyId: 1, privateKey: 'dev-only-b' }]),
    ).toThrow(/retiredKeys\.0\.keyId/);
  });
});
