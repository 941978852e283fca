import { randomBytes } from 'node:crypto';
import type { PatientInput } from '@jiankang/shared';
import { MAX_PATIENTS_PER_ACCOUNT } from '@jiankang/shared/domain';
import { AppError } from '../../lib/app-error';
import { claimIds } from '../../models/patients';
import { ClaimSet, heldClaimIds } from './patient-claims';
import { masterIdOf } from './person-check';
import { SEAL, type OpenPatient } from './patient-view';
import type { PatientDeps } from './patient-deps';

const newPatientId = () => `pt_${randomBytes(12).toString('base64url')}`;

/**
 * Adds a 就诊人: cheap refusals from the claims already held, the EMPI check, then the claims
 * that decide (a seat of 5, the ID once per account, and for 本人 the account's one 本人 and
 * the ID's one account), then the patient. Any refusal gives back what was taken, in reverse.
 */
export async function addPatient(
  deps: PatientDeps,
  accountId: string,
  input: PatientInput,
): Promise<OpenPatient> {
  const { models, pii } = deps;
  const idHmac = pii.lookupHash(input.idNumber, `idNumber:${input.idType}`);
  const seats = Array.from({ length: MAX_PATIENTS_PER_ACCOUNT }, (_, i) => claimIds.seat(accountId, i + 1));
  const sameId = claimIds.idInAccount(accountId, idHmac);
  const accountSelf = claimIds.self(accountId);
  const idSelf = claimIds.selfOfId(idHmac);
  const isSelf = input.relation === 'self';

  // Early answers so a full account does not ask the EMPI; not authoritative, the inserts are.
  const held = await heldClaimIds(models, [...seats, sameId, accountSelf, idSelf]);
  refuseIf(
    seats.every((s) => held.has(s)),
    'PATIENT_LIMIT_REACHED',
  );
  refuseIf(held.has(sameId), 'ID_NUMBER_TAKEN');
  refuseIf(isSelf && held.has(accountSelf), 'SELF_ALREADY_EXISTS');
  refuseIf(isSelf && held.has(idSelf), 'ID_NUMBER_TAKEN');

  const masterId = await masterIdOf(deps.empi, input);

  const id = newPatientId();
  const now = deps.now();
  const claims = new ClaimSet(models, accountId, id, now);
  try {
    const seat = await claims.takeFirstFree([
      ...seats.filter((s) => !held.has(s)),
      ...seats.filter((s) => held.has(s)),
    ]);
    refuseIf(seat === null, 'PATIENT_LIMIT_REACHED');
    refuseIf(!(await claims.take(sameId)), 'ID_NUMBER_TAKEN');
    if (isSelf) {
      refuseIf(!(await claims.take(accountSelf)), 'SELF_ALREADY_EXISTS');
      refuseIf(!(await claims.take(idSelf)), 'ID_NUMBER_TAKEN');
    }
    const doc = await models.Patient.create({
      _id: id,
      accountId,
      nameEnc: pii.encrypt(input.name, SEAL.name),
      idType: input.idType,
      idNumberEnc: pii.encrypt(input.idNumber, SEAL.idNumber),
      idHmac,
      phoneEnc: pii.encrypt(input.phone, SEAL.phone),
      relation: input.relation,
      masterId,
      seat: seats.indexOf(seat as string) + 1,
      createdAt: now,
      updatedAt: now,
      removedAt: null,
    });
    return { doc: doc.toObject(), name: input.name, idNumber: input.idNumber, phone: input.phone };
  } catch (err) {
    await claims.undo().catch((undoErr: unknown) => deps.onCleanupError(undoErr));
    throw err;
  }
}

const MESSAGES = {
  PATIENT_LIMIT_REACHED: `每个账号最多添加${MAX_PATIENTS_PER_ACCOUNT}位就诊人`,
  ID_NUMBER_TAKEN: '该证件号码已被添加，或已是其他账号的本人',
  SELF_ALREADY_EXISTS: '本账号已有“本人”就诊人',
} as const;

export function refuseIf(condition: boolean, code: keyof typeof MESSAGES): void {
  if (condition) throw new AppError(code, MESSAGES[code]);
}
