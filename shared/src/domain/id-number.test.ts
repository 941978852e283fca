import fc from 'fast-check';
import { residentIdCheckChar, validateIdDocument, validateResidentId } from './id-number';

const NOW = new Date('2026-06-15T04:00:00Z');

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** A well-formed resident ID: plausible region, real birth date 1800..2026-06-15, any sequence. */
const validId = fc
  .record({
    province: fc.integer({ min: 11, max: 82 }),
    rest: fc.integer({ min: 0, max: 9999 }),
    birth: fc.date({
      min: new Date('1800-01-01T00:00:00Z'),
      max: new Date('2026-06-14T00:00:00Z'),
      noInvalidDate: true,
    }),
    seq: fc.integer({ min: 0, max: 999 }),
  })
  .map(({ province, rest, birth, seq }) => {
    const date = birth.toISOString().slice(0, 10).replace(/-/g, '');
    const first17 = `${pad(province, 2)}${pad(rest, 4)}${date}${pad(seq, 3)}`;
    return first17 + residentIdCheckChar(first17);
  });

/** Recomputes the check character, so tests can build IDs with a chosen birth date. */
const withCheck = (first17: string) => first17 + residentIdCheckChar(first17);

describe('validateResidentId', () => {
  it('accepts a known good number and reads birth date and sex from it', () => {
    expect(validateResidentId('11010519491231002X', NOW)).toEqual({
      ok: true,
      normalized: '11010519491231002X',
      birthDate: '1949-12-31',
      sex: 'F',
    });
    expect(validateResidentId(withCheck('44130219900307123'), NOW)).toMatchObject({ ok: true, sex: 'M' });
  });

  it('when the check character is a lowercase x, then it is normalised to X', () => {
    expect(validateResidentId(' 11010519491231002x ', NOW)).toMatchObject({
      ok: true,
      normalized: '11010519491231002X',
    });
  });

  it('every generated valid ID validates and round-trips', () => {
    fc.assert(
      fc.property(validId, (id) => {
        const r = validateResidentId(id.toLowerCase(), NOW);
        if (!r.ok) return false;
        const again = validateResidentId(r.normalized, NOW);
        return (
          r.normalized === id &&
          again.ok &&
          again.normalized === id &&
          r.birthDate.replace(/-/g, '') === id.slice(6, 14)
        );
      }),
    );
  });

  it('changing any single digit breaks the checksum', () => {
    fc.assert(
      fc.property(
        validId,
        fc.integer({ min: 0, max: 17 }),
        fc.integer({ min: 1, max: 9 }),
        (id, at, delta) => {
          const chars = id.split('');
          const old = chars[at] as string;
          chars[at] =
            at === 17 && old === 'X' ? String(delta) : String((Number(old === 'X' ? 10 : old) + delta) % 10);
          if (chars[at] === old) return true;
          return !validateResidentId(chars.join(''), NOW).ok;
        },
      ),
    );
  });

  it('when the person was born before 1900 (GB 11643 sets no floor), then the number is accepted', () => {
    const r = validateResidentId(withCheck('44130218991231123'), NOW);
    expect(r).toMatchObject({ ok: true, birthDate: '1899-12-31', sex: 'M' });
  });

  it.each([
    ['17 digits', '44130219900307123', '18位'],
    ['19 digits', '4413021990030712345', '18位'],
    ['letters inside', '4413021990O3071234', '只能包含数字'],
    ['2024-02-30', withCheck('44130220240230123'), '出生日期不存在'],
    ['2023-02-29', withCheck('44130220230229123'), '出生日期不存在'],
    ['month 13', withCheck('44130219901301123'), '出生日期不存在'],
    ['a future birth date', withCheck('44130220260616123'), '晚于今天'],
    ['born before 1800', withCheck('44130217991231123'), '早于1800'],
    ['region 000000', withCheck('00000019900307123'), '地区码'],
    ['province 99', withCheck('99130219900307123'), '地区码'],
    ['province 10', withCheck('10130219900307123'), '地区码'],
    ['a bad check character', '11010519491231002Y'.slice(0, 17) + '1', '校验位'],
    ['empty', '', '请输入'],
  ])('when the number has %s, then it is refused with a Chinese reason', (_case, id, reason) => {
    const r = validateResidentId(id, NOW);
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.reason).toContain(reason);
  });

  it('accepts 2024-02-29 and today but not tomorrow (Beijing calendar)', () => {
    expect(validateResidentId(withCheck('44130220240229123'), NOW).ok).toBe(true);
    expect(validateResidentId(withCheck('44130220260615123'), NOW).ok).toBe(true);
    // 2026-06-15T20:00Z is already the 16th in Beijing.
    expect(validateResidentId(withCheck('44130220260616123'), new Date('2026-06-15T20:00:00Z')).ok).toBe(
      true,
    );
  });
});

describe('validateIdDocument', () => {
  it.each([
    ['hk_macau_permit', 'H12345678', 'H12345678'],
    ['hk_macau_permit', 'm1234567890', 'M1234567890'],
    ['taiwan_permit', '12345678', '12345678'],
    ['taiwan_permit', '1234567890', '1234567890'],
    ['passport', 'e12345678', 'E12345678'],
    ['passport', 'GB 1234567', 'GB1234567'],
  ] as const)('accepts a %s like %s', (type, raw, normalized) => {
    expect(validateIdDocument(type, raw, NOW)).toEqual({ ok: true, normalized });
  });

  it.each([
    ['hk_macau_permit', 'X12345678'],
    ['hk_macau_permit', 'H1234567'],
    ['taiwan_permit', '1234567'],
    ['taiwan_permit', 'T12345678'],
    ['passport', 'ABCDEFGH'],
    ['passport', 'E1'],
    ['resident_id', '44130219900307123'],
  ] as const)('refuses a %s like %s', (type, raw) => {
    expect(validateIdDocument(type, raw, NOW).ok).toBe(false);
  });
});
