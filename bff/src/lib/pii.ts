import { hkdfSync } from 'node:crypto';
import { decrypt, encrypt, hmac, type DataKey } from './crypto-box';

/**
 * Personal data at rest (DESIGN.md, Data) on top of crypto-box: AES-256-GCM for values we must
 * read back (ID number, phone, name) and HMAC-SHA256 for look-ups that must not reveal the
 * value (the ID number's uniqueness claims). Both keys are derived with HKDF from the data key
 * (config `auth.dataKey`, env DATA_KEY), so neither doubles as the other nor as the raw key
 * other features box their own data with.
 */
export class PiiError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PiiError';
  }
}

const derive = (key: DataKey, info: string) => Buffer.from(hkdfSync('sha256', key, 'jiankang-pii', info, 32));

export class Pii {
  private readonly encKey: DataKey;
  private readonly macKey: DataKey;

  constructor(dataKey: DataKey) {
    if (dataKey.length < 32) throw new PiiError('the personal-data key must be at least 32 bytes');
    this.encKey = derive(dataKey, 'aes-256-gcm');
    this.macKey = derive(dataKey, 'hmac-sha256');
  }

  /** `purpose` is sealed with the value: a phone's box cannot be opened as an ID number. */
  encrypt(plain: string, purpose: string): string {
    return encrypt(this.encKey, `${purpose}\n${plain}`);
  }

  decrypt(sealed: string, purpose: string): string {
    let opened: string;
    try {
      opened = decrypt(this.encKey, sealed);
    } catch {
      throw new PiiError('sealed value failed to open (wrong key, tampered or not sealed)');
    }
    const prefix = `${purpose}\n`;
    if (!opened.startsWith(prefix)) throw new PiiError(`sealed value is not a ${purpose}`);
    return opened.slice(prefix.length);
  }

  /** A keyed hash for equality look-ups; the same input always gives the same 64 hex characters. */
  lookupHash(value: string, purpose: string): string {
    return hmac(this.macKey, `${purpose}\n${value}`);
  }
}
