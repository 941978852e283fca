import type { PatientUpdate } from '@jiankang/shared';
import { AppError } from '../../lib/app-error';
import { claimIds, type PatientDoc } from '../../models/patients';
import { refuseIf } from './add-patient';
import { ClaimSet, release } from './patient-claims';
import type { PatientDeps } from './patient-deps';
import { masterIdOf } from './person-check';
import { SEAL, openPatient, type OpenPatient } from './patient-view';

export const notFound = () => new AppError('PATIENT_NOT_FOUND', '没有找到这位就诊人');

export async function findActive(
  deps: PatientDeps,
  accountId: string,
  patientId: string,
): Promise<PatientDoc> {
  // By `_id` alone, checked here: FerretDB answers an `_id` look-up from its primary key but
  // scans the whole collection for a filter with any other condition.
  const doc = await deps.models.Patient.findById(patientId).lean<PatientDoc>().exec();
  if (!doc || doc.accountId !== accountId || doc.removedAt) throw notFound();
  return doc;
}

/**
 * Name, phone and relation may change; the ID document may not (remove and add again). A new
 * name is checked at the EMPI again. Becoming 本人 takes the two 本人 claims first; ceasing to
 * be 本人 gives them back after the patient is written.
 */
export async function editPatient(
  deps: PatientDeps,
  accountId: string,
  patientId: string,
  change: PatientUpdate,
): Promise<OpenPatient> {
  const { models, pii } = deps;
  const before = openPatient(pii, await findActive(deps, accountId, patientId));
  const { doc } = before;
  const renamed = change.name !== undefined && change.name !== before.name;
  const masterId = renamed
    ? await masterIdOf(deps.empi, {
        name: change.name as string,
        idType: doc.idType,
        idNumber: before.idNumber,
      })
    : doc.masterId;

  const selfClaims = [claimIds.self(accountId), claimIds.selfOfId(doc.idHmac)];
  const toSelf = change.relation === 'self' && doc.relation !== 'self';
  const fromSelf = change.relation !== undefined && change.relation !== 'self' && doc.relation === 'self';
  const now = deps.now();
  const claims = new ClaimSet(models, accountId, patientId, now);
  try {
    if (toSelf) {
      refuseIf(!(await claims.take(selfClaims[0] as string)), 'SELF_ALREADY_EXISTS');
      refuseIf(!(await claims.take(selfClaims[1] as string)), 'ID_NUMBER_TAKEN');
    }
    const set: Partial<PatientDoc> = { updatedAt: now, masterId };
    if (change.name !== undefined) set.nameEnc = pii.encrypt(change.name, SEAL.name);
    if (change.phone !== undefined) set.phoneEnc = pii.encrypt(change.phone, SEAL.phone);
    if (change.relation !== undefined) set.relation = change.relation;
    const res = await models.Patient.updateOne(
      { _id: patientId, accountId, removedAt: null },
      { $set: set },
    ).exec();
    if (res.matchedCount === 0) throw notFound();
  } catch (err) {
    await claims.undo().catch((undoErr: unknown) => deps.onCleanupError(undoErr));
    throw err;
  }
  if (fromSelf) await release(models, selfClaims, patientId);
  return openPatient(pii, await findActive(deps, accountId, patientId));
}

/** Soft delete (bookings keep the id), then every claim the patient held is given back. */
export async function removePatient(deps: PatientDeps, accountId: string, patientId: string): Promise<void> {
  await findActive(deps, accountId, patientId);
  const now = deps.now();
  const res = await deps.models.Patient.updateOne(
    { _id: patientId, accountId, removedAt: null },
    { $set: { removedAt: now, updatedAt: now } },
  ).exec();
  if (res.matchedCount === 0) throw notFound();
  await deps.models.PatientClaim.deleteMany({ patientId }).exec();
}
