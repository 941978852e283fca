import { pinPersonalProblem, validateResidentId } from '@jiankang/shared/domain';
import { AppError } from '../../lib/app-error';
import { cardOfAccount } from './card-of-account';
import type { HealthCardDeps } from './deps';
import { hashPin } from './pin-hash';

/**
 * Sets (or changes) the card's static-code PIN. The shape rules ran on the input already; here
 * the ones that need the person: not their birthday, not the tail of their ID number. The
 * account is the proof of who is asking (a family member may manage an elderly parent's card),
 * so the old PIN is not asked for. The last write wins, as a resident changing it expects.
 */
export async function setPin(deps: HealthCardDeps, accountId: string, patientId: string, pin: string) {
  const { holder, card } = await cardOfAccount(deps, accountId, patientId);
  const resident = holder.idType === 'resident_id' ? validateResidentId(holder.idNumber) : undefined;
  const problem = pinPersonalProblem(pin, {
    birthDate: resident?.ok ? resident.birthDate : undefined,
    idNumber: holder.idNumber,
  });
  if (problem)
    throw new AppError('VALIDATION_FAILED', `Invalid body field 'pin': ${problem}`, {
      field: 'pin',
      details: [{ field: 'pin', message: problem }],
    });
  const { salt, hash } = await hashPin(deps.pii, card._id, pin);
  await deps.models.Pin.replaceOne(
    { _id: card._id },
    { _id: card._id, salt, hash, setAt: deps.now() },
    { upsert: true },
  ).exec();
}
