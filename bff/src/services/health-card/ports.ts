import type { IdType } from '@jiankang/shared/domain';

/** A 就诊人 in clear, as the card application and the PIN rules need them; server-side only. */
export interface CardHolder {
  patientId: string;
  masterId: string;
  name: string;
  idType: IdType;
  idNumber: string;
  phone: string;
}

export interface CardHolders {
  /** The account's patient; AppError PATIENT_NOT_FOUND for anyone else's or a removed one. */
  forHealthCard(accountId: string, patientId: string): Promise<CardHolder>;
}

/** Hospital names for the resident's scan list. */
export interface HospitalNames {
  hospital(id: string): { name: string } | undefined;
}
