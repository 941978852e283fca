import type { Patient, PatientInput, PatientListResponse, PatientUpdate } from '@jiankang/shared';
import { MAX_PATIENTS_PER_ACCOUNT } from '@jiankang/shared/domain';
import type { PatientDoc } from '../../models/patients';
import type { BookingPatient, PatientLookup } from '../bookings/ports';
import type { CardHolder, CardHolders } from '../health-card/ports';
import type { ReportPatient, ReportPatients } from '../reports/ports';
import { addPatient } from './add-patient';
import { editPatient, findActive, removePatient } from './edit-patient';
import type { PatientDeps } from './patient-deps';
import { openPatient, patientView } from './patient-view';

/** The 就诊人 use cases, scoped to one account each; what routes and the booking service call. */
export class PatientService implements PatientLookup, CardHolders, ReportPatients {
  constructor(private readonly deps: PatientDeps) {}

  async list(accountId: string): Promise<PatientListResponse> {
    const docs = await this.deps.models.Patient.find({ accountId, removedAt: null })
      .sort({ createdAt: 1, _id: 1 })
      .lean<PatientDoc[]>()
      .exec();
    return {
      items: docs.map((d) => patientView(openPatient(this.deps.pii, d))),
      limit: MAX_PATIENTS_PER_ACCOUNT,
    };
  }

  async get(accountId: string, patientId: string): Promise<Patient> {
    return patientView(openPatient(this.deps.pii, await findActive(this.deps, accountId, patientId)));
  }

  async add(accountId: string, input: PatientInput): Promise<Patient> {
    return patientView(await addPatient(this.deps, accountId, input));
  }

  async update(accountId: string, patientId: string, change: PatientUpdate): Promise<Patient> {
    return patientView(await editPatient(this.deps, accountId, patientId, change));
  }

  remove(accountId: string, patientId: string): Promise<void> {
    return removePatient(this.deps, accountId, patientId);
  }

  /** For the booking service: the patient in clear, to hand to the hospital. */
  async forBooking(accountId: string, patientId: string): Promise<BookingPatient> {
    const open = openPatient(this.deps.pii, await findActive(this.deps, accountId, patientId));
    const view = patientView(open);
    return {
      id: open.doc._id,
      maskedName: view.name,
      relation: open.doc.relation,
      masterId: open.doc.masterId,
      name: open.name,
      phone: open.phone,
    };
  }

  /** For the e-health card: the person in clear, to apply at the platform and to check a PIN against. */
  async forHealthCard(accountId: string, patientId: string): Promise<CardHolder> {
    const open = openPatient(this.deps.pii, await findActive(this.deps, accountId, patientId));
    return {
      patientId: open.doc._id,
      masterId: open.doc.masterId,
      name: open.name,
      idType: open.doc.idType,
      idNumber: open.idNumber,
      phone: open.phone,
    };
  }

  /** For the reports: the master id the hospitals know, and the person for an export. */
  forReports(accountId: string, patientId: string): Promise<ReportPatient> {
    return this.forHealthCard(accountId, patientId);
  }
}
