import { maskIdNumber, maskName, maskPhone } from '@jiankang/shared/domain';
import type { Patient } from '@jiankang/shared';
import type { Pii } from '../../lib/pii';
import type { PatientDoc } from '../../models/patients';

/** The purposes sealed values are bound to (AES-GCM associated data). */
export const SEAL = { name: 'patient.name', idNumber: 'patient.idNumber', phone: 'patient.phone' } as const;

/** A stored patient with its personal data opened: server-side only. */
export interface OpenPatient {
  doc: PatientDoc;
  name: string;
  idNumber: string;
  phone: string;
}

export function openPatient(pii: Pii, doc: PatientDoc): OpenPatient {
  return {
    doc,
    name: pii.decrypt(doc.nameEnc, SEAL.name),
    idNumber: pii.decrypt(doc.idNumberEnc, SEAL.idNumber),
    phone: pii.decrypt(doc.phoneEnc, SEAL.phone),
  };
}

/** What leaves the BFF: masked, and without the EMPI master id. */
export function patientView(open: OpenPatient): Patient {
  return {
    id: open.doc._id,
    name: maskName(open.name),
    idType: open.doc.idType,
    idNumberMasked: maskIdNumber(open.idNumber),
    phoneMasked: maskPhone(open.phone),
    relation: open.doc.relation,
    createdAt: open.doc.createdAt.toISOString(),
  };
}
