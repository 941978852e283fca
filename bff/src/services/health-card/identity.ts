import type { ClinicIdentity } from '@jiankang/shared';
import { beijingDate, maskIdNumber, validateResidentId } from '@jiankang/shared/domain';
import type { Pii } from '../../lib/pii';
import type { HealthCardDoc } from '../../models/health-cards';
import { CARD_SEAL } from './deps';

/** Whole years from `birthDate` to `today`, both YYYY-MM-DD (a birthday counts on its day). */
export function ageOn(birthDate: string, today: string): number {
  const years = Number(today.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return today.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

/**
 * Who the card belongs to, as a registration window needs it: the name in full (it goes on
 * the slip), gender and age from a 居民身份证 (other documents carry neither, so null), the ID
 * number masked, and the card and EMPI ids the hospital's own systems key on.
 */
export function identityOf(pii: Pii, card: HealthCardDoc, now: Date): ClinicIdentity {
  const idNumber = pii.decrypt(card.idNumberEnc, CARD_SEAL.idNumber);
  const resident = card.idType === 'resident_id' ? validateResidentId(idNumber, now) : undefined;
  return {
    name: pii.decrypt(card.nameEnc, CARD_SEAL.name),
    gender: resident?.ok ? resident.sex : null,
    age: resident?.ok ? Math.max(0, ageOn(resident.birthDate, beijingDate(now))) : null,
    idType: card.idType,
    idNumberMasked: maskIdNumber(idNumber),
    cardId: card.cardId,
    masterId: card.masterId,
  };
}
