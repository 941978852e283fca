import { ConfigError } from '../../config';
import { Sm2PrivateKey, sm3 } from '../../lib/guomi';
import { bigintFrom, SM2_N } from '../../lib/guomi/sm2-curve';
import { sm2CodeSigner, sm2CodeVerifier, type CodeSigner, type CodeVerifier } from './code-codec';

export interface CodeKeyConfig {
  keyId: number;
  /** A PEM, or a `dev-only…` text (see config.ts). */
  privateKey: string;
}

/**
 * A development key derived from its text, so every replica and restart of a dev setup signs
 * with the same key (printed static codes keep working) without a key file in the repository.
 */
function devKey(text: string): Sm2PrivateKey {
  return Sm2PrivateKey.fromScalar((bigintFrom(sm3(text)) % (SM2_N - 2n)) + 1n);
}

export function privateKeyFrom(text: string, configKey: string): Sm2PrivateKey {
  if (text.startsWith('dev-only')) return devKey(text);
  try {
    return Sm2PrivateKey.fromPem(text.replace(/\\n/g, '\n'));
  } catch (err) {
    throw new ConfigError(`config error: ${configKey}: ${(err as Error).message.split('\n')[0]}`);
  }
}

/**
 * The signing key of new codes and every key whose codes are still accepted, by key id. Codes
 * are checked with the private key (one native multiplication, see guomi/sm2): the BFF is the
 * only verifier, and the public-key check is about 60 times slower.
 */
export class CodeKeyRing {
  readonly signer: CodeSigner;
  private readonly verifiers = new Map<number, CodeVerifier>();

  constructor(active: CodeKeyConfig, retired: readonly CodeKeyConfig[] = []) {
    const key = privateKeyFrom(active.privateKey, 'healthCard.signingKey.privateKey');
    this.signer = sm2CodeSigner(active.keyId, key);
    this.verifiers.set(active.keyId, sm2CodeVerifier(key));
    retired.forEach((k, i) => {
      if (this.verifiers.has(k.keyId))
        throw new ConfigError(`config error: healthCard.retiredKeys.${i}.keyId: key id ${k.keyId} is taken`);
      this.verifiers.set(
        k.keyId,
        sm2CodeVerifier(privateKeyFrom(k.privateKey, `healthCard.retiredKeys.${i}.privateKey`)),
      );
    });
  }

  readonly verifierFor = (keyId: number): CodeVerifier | undefined => this.verifiers.get(keyId);
}
