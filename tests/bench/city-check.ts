import type { Connection } from 'mongoose';
import { AccessLogEntry, Booking } from '@jiankang/shared';
import { validateResidentId } from '@jiankang/shared/domain';
import type { Pii } from '../../bff/src/lib/pii';
import { bookingModels, type BookingDoc } from '../../bff/src/models/bookings';
import { healthCardModels, type HealthCardDoc } from '../../bff/src/models/health-cards';
import { patientModels, type PatientDoc } from '../../bff/src/models/patients';
import { scanLogModels } from '../../bff/src/models/scan-log';
import { reportModels } from '../../bff/src/models/reports';
import { toBookingView } from '../../bff/src/services/bookings/booking-view';
import { identityOf } from '../../bff/src/services/health-card/identity';
import { checkScanLog } from '../../bff/src/services/health-card/scan-log-check';
import { SEAL } from '../../bff/src/services/patients/patient-view';
import { ReportAccessLog } from '../../bff/src/services/reports/access-log';

/**
 * Reads seeded documents back with the services' own readers, so a seed that drifts from the
 * models fails the bench instead of measuring documents nobody could read: schema validation,
 * sealed fields opened, the booking and access-log views checked against the API schemas, the
 * card's clinic identity, and (when `walkChains`, at the small size) every scan-log chain.
 */
export async function checkSeed(
  conn: Connection,
  pii: Pii,
  opts: { seededPatientId: string; walkChains: boolean },
): Promise<void> {
  const { Patient } = patientModels(conn);
  const { Booking: BookingModel } = bookingModels(conn);
  const cards = healthCardModels(conn);
  const problems: string[] = [];
  const check = (what: string, fn: () => unknown) => {
    try {
      const err = fn();
      if (err) problems.push(`${what}: ${String(err)}`);
    } catch (e) {
      problems.push(`${what}: ${(e as Error).message}`);
    }
  };

  const patient = await Patient.findById(opts.seededPatientId).lean<PatientDoc>().exec();
  if (!patient) throw new Error(`seeded patient ${opts.seededPatientId} not found`);
  check('patient schema', () => new Patient(patient).validateSync());
  check('patient ID number', () => {
    const id = pii.decrypt(patient.idNumberEnc, SEAL.idNumber);
    if (!validateResidentId(id, new Date()).ok) return `${id} is not a valid resident ID`;
    if (pii.lookupHash(id, 'idNumber:resident_id') !== patient.idHmac) return 'idHmac differs';
    pii.decrypt(patient.nameEnc, SEAL.name);
    pii.decrypt(patient.phoneEnc, SEAL.phone);
    return null;
  });

  const booking = await BookingModel.findOne({ patientId: patient._id }).lean<BookingDoc>().exec();
  if (!booking) problems.push('no booking for the seeded patient');
  else {
    check('booking schema', () => new BookingModel(booking).validateSync());
    check('booking view', () => Booking.parse(toBookingView(booking)) && null);
  }

  const claim = await cards.Claim.findById(`patient#${patient._id}`).lean().exec();
  const card = claim && (await cards.Card.findById(claim.cardRef).lean<HealthCardDoc>().exec());
  if (!card) problems.push('no card for the seeded patient');
  else check('card identity', () => identityOf(pii, card, new Date()) && null);

  const trail = await new ReportAccessLog(reportModels(conn)).list(patient._id);
  if (trail.length === 0) problems.push('no access-log entries for the seeded patient');
  check('access log view', () => trail.forEach((e) => AccessLogEntry.parse(e)));

  if (opts.walkChains) {
    const report = await checkScanLog(scanLogModels(conn));
    if (report.broken) problems.push(`scan log broken at ${report.broken.id}: ${report.broken.reason}`);
  }
  if (problems.length > 0) throw new Error(`seeded documents do not read back:\n- ${problems.join('\n- ')}`);
}
