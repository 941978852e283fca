/**
 * The report id the API hands out: the patient, hospital and hospital's report number, opaque
 * to clients. It is bound to the patient, so every read re-checks that the patient is the
 * caller's (another account's id is a 404) and the hospital re-checks the person.
 */
export interface ReportRef {
  patientId: string;
  hospitalId: string;
  sourceId: string;
}

const PREFIX = 'rp_';
const PATIENT = /^pt_[A-Za-z0-9_-]{16}$/;
const HOSPITAL = /^[a-z0-9][a-z0-9-]{1,39}$/;
const SOURCE = /^[A-Za-z0-9._-]{1,64}$/;

export function encodeReportRef(ref: ReportRef): string {
  return PREFIX + Buffer.from(`${ref.patientId}|${ref.hospitalId}|${ref.sourceId}`).toString('base64url');
}

/** The parts of an id we issued; null for anything else (then it names no report: 404). */
export function decodeReportRef(id: string): ReportRef | null {
  if (!id.startsWith(PREFIX) || id.length > 200) return null;
  const parts = Buffer.from(id.slice(PREFIX.length), 'base64url').toString('utf8').split('|');
  if (parts.length !== 3) return null;
  const [patientId, hospitalId, sourceId] = parts as [string, string, string];
  if (!PATIENT.test(patientId) || !HOSPITAL.test(hospitalId) || !SOURCE.test(sourceId)) return null;
  return { patientId, hospitalId, sourceId };
}

/** The hospital's own report number from an adapter id (`${hospitalId}:${sourceId}`). */
export const sourceIdOf = (adapterId: string, hospitalId: string): string =>
  adapterId.startsWith(`${hospitalId}:`) ? adapterId.slice(hospitalId.length + 1) : adapterId;
