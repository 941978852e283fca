/** What the booking service needs from its neighbours, kept narrow so each can be swapped. */

export interface BookingPatient {
  id: string;
  /** Masked (张*明): the only form a booking stores. */
  maskedName: string;
  relation: string;
  /** The regional master id (EMPI): how hospitals know the person. */
  masterId: string;
  /** In clear, only to hand to the hospital. */
  name: string;
  phone: string;
}

export interface PatientLookup {
  /** The account's patient; AppError PATIENT_NOT_FOUND for anyone else's or a removed one. */
  forBooking(accountId: string, patientId: string): Promise<BookingPatient>;
}

export type {
  BookResult as BookOutcome,
  LookupResult as LookupOutcome,
  HospitalBookingAdapter as HospitalBooking,
} from '../../upstreams/hospitals/common/booking-adapter';
