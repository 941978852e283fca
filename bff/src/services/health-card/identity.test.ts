import { randomBytes } from 'node:crypto';
import { residentIdCheckChar } from '@jiankang/shared/domain';
import { Pii } from '../../lib/pii';
import type { HealthCardDoc } from '../../models/health-cards';
import { CARD_SEAL } from './deps';
import { ageOn, identityOf } from './identity';

const pii = new Pii(randomBytes(32));
const id17 = '44130219850307123';
const idNumber = id17 + residentIdCheckChar(id17);

const card = (overrides: Partial<HealthCardDoc> = {}): HealthCardDoc => ({
  _id: 'ab'.repeat(16),
  cardId: 'C'.repeat(64),
  masterId: 'EMPI1',
  idType: 'resident_id',
  nameEnc: pii.encrypt('张三明', CARD_SEAL.name),
  idNumberEnc: pii.encrypt(idNumber, CARD_SEAL.idNumber),
  createdAt: new Date(),
  ...overrides,
});

describe('clinic identity', () => {
  it.each([
    ['1985-03-07', '2026-03-06', 40],
    ['1985-03-07', '2026-03-07', 41],
    ['2000-02-29', '2026-02-28', 25],
    ['2026-01-01', '2026-01-01', 0],
  ])('when born %s, then on %s the age is %d', (birth, today, age) => {
    expect(ageOn(birth, today)).toBe(age);
  });

  it('when the card is on a 居民身份证, then gender and age come from it and the number is masked', () => {
    // 2026-03-06 16:30Z is already 03-07 in Beijing: the birthday counts.
    expect(identityOf(pii, card(), new Date('2026-03-06T16:30:00Z'))).toEqual({
      name: '张三明',
      gender: 'M',
      age: 41,
      idType: 'resident_id',
      idNumberMasked: `441***********${idNumber.slice(-4)}`,
      cardId: 'C'.repeat(64),
      masterId: 'EMPI1',
    });
  });

  it('when the card is on a passport, then gender and age are unknown', () => {
    const passport = card({ idType: 'passport', idNumberEnc: pii.encrypt('E12345678', CARD_SEAL.idNumber) });
    expect(identityOf(pii, passport, new Date())).toMatchObject({
      gender: null,
      age: null,
      idNumberMasked: 'E******78',
    });
  });
});
