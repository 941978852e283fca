import { Pii, PiiError } from './pii';

const pii = new Pii(Buffer.alloc(32, 7));

describe('Pii', () => {
  it('when a value is sealed, then it opens again and the ciphertext shows nothing of it', () => {
    const sealed = pii.encrypt('11010519491231002X', 'idNumber');
    expect(sealed).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(sealed).not.toContain('1101051949');
    expect(pii.decrypt(sealed, 'idNumber')).toBe('11010519491231002X');
  });

  it('when the same value is sealed twice, then the ciphertexts differ (fresh IV)', () => {
    expect(pii.encrypt('13812345678', 'phone')).not.toBe(pii.encrypt('13812345678', 'phone'));
  });

  it('when a sealed value is tampered with, opened for another purpose or with another key, then it fails', () => {
    const sealed = pii.encrypt('13812345678', 'phone');
    const [version, iv, tag, body] = sealed.split('.') as [string, string, string, string];
    const flipped = Buffer.from(body, 'base64url');
    flipped[0] = flipped[0]! ^ 1;
    expect(() => pii.decrypt([version, iv, tag, flipped.toString('base64url')].join('.'), 'phone')).toThrow(
      PiiError,
    );
    // Same bytes spelled differently (a changed unused low bit in the last character) or a tag
    // cut short are refused too, not just forgeries that change the bytes.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const last = alphabet[alphabet.indexOf(tag.slice(-1)) ^ 1] as string;
    expect(Buffer.from(tag.slice(0, -1) + last, 'base64url').equals(Buffer.from(tag, 'base64url'))).toBe(
      true,
    );
    expect(() => pii.decrypt([version, iv, tag.slice(0, -1) + last, body].join('.'), 'phone')).toThrow(
      PiiError,
    );
    const shortTag = Buffer.from(tag, 'base64url').subarray(0, 4).toString('base64url');
    expect(() => pii.decrypt([version, iv, shortTag, body].join('.'), 'phone')).toThrow(PiiError);
    expect(() => pii.decrypt(sealed, 'idNumber')).toThrow(PiiError);
    expect(() => new Pii(Buffer.alloc(32, 8)).decrypt(sealed, 'phone')).toThrow(PiiError);
  });

  it('the look-up hash is stable, keyed and bound to its purpose', () => {
    const a = pii.lookupHash('11010519491231002X', 'resident_id');
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(pii.lookupHash('11010519491231002X', 'resident_id')).toBe(a);
    expect(pii.lookupHash('11010519491231002X', 'passport')).not.toBe(a);
    expect(new Pii(Buffer.alloc(32, 8)).lookupHash('11010519491231002X', 'resident_id')).not.toBe(a);
  });

  it('when the key is short, then construction fails', () => {
    expect(() => new Pii(Buffer.alloc(16))).toThrow(PiiError);
  });
});
