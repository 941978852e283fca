import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { AppError } from '../../lib/app-error';

/**
 * Request signing of hospital clinic terminals (docs/health-card.md, "Clinic signature"), in the
 * style of the regional platform's: HMAC-SHA256 with the hospital's key over a canonical text
 * that names the hospital and the terminal, so a request captured at one hospital is refused
 * when replayed from another, whether it keeps its headers (the nonce) or changes them.
 */
export const CLINIC_HEADERS = {
  hospital: 'X-JK-Hospital',
  terminal: 'X-JK-Terminal',
  timestamp: 'X-JK-Timestamp',
  nonce: 'X-JK-Nonce',
  signature: 'X-JK-Signature',
} as const;

export type ClinicAuthHeaders = Partial<Record<keyof typeof CLINIC_HEADERS, string>>;

export interface ClinicRequestParts {
  method: string;
  /** The path without the query, e.g. /api/v1/clinic/verify. */
  path: string;
  /** The raw query string (without `?`), usually empty. */
  query: string;
  hospitalId: string;
  terminalId: string;
  timestamp: string;
  nonce: string;
  body: Buffer | string;
}

const VERSION = 'JK-CLINIC-V1';
const HOSPITAL = /^[a-z0-9][a-z0-9-]{1,39}$/;
const TERMINAL = /^[A-Za-z0-9_-]{1,32}$/;
const TIMESTAMP = /^[0-9]{1,15}$/;
const NONCE = /^[A-Za-z0-9_-]{16,64}$/;
const SIGNATURE = /^[0-9a-f]{64}$/;

export function clinicCanonical(p: ClinicRequestParts): string {
  return [
    VERSION,
    p.method.toUpperCase(),
    p.path,
    p.query,
    p.hospitalId,
    p.terminalId,
    p.timestamp,
    p.nonce,
    createHash('sha256').update(p.body).digest('hex'),
  ].join('\n');
}

export const clinicSignature = (key: string, p: ClinicRequestParts): string =>
  createHmac('sha256', key).update(clinicCanonical(p)).digest('hex');

/** The headers a terminal sends; for tests, the bench and as the reference for hospital IT. */
export function signClinicRequest(
  key: string,
  p: Omit<ClinicRequestParts, 'timestamp' | 'nonce'> & { timestamp?: string; nonce?: string },
): Record<string, string> {
  const parts = {
    ...p,
    timestamp: p.timestamp ?? String(Date.now()),
    nonce: p.nonce ?? randomBytes(16).toString('hex'),
  };
  return {
    [CLINIC_HEADERS.hospital]: parts.hospitalId,
    [CLINIC_HEADERS.terminal]: parts.terminalId,
    [CLINIC_HEADERS.timestamp]: parts.timestamp,
    [CLINIC_HEADERS.nonce]: parts.nonce,
    [CLINIC_HEADERS.signature]: clinicSignature(key, parts),
  };
}

const refuse = (message: string) => new AppError('SIGNATURE_INVALID', message);

export interface ClinicCaller {
  hospitalId: string;
  terminalId: string;
  nonce: string;
}

/** The hospital a request claims to come from, checked for shape only (before the body is read). */
export function claimedHospital(headers: ClinicAuthHeaders): string {
  const hospitalId = headers.hospital ?? '';
  if (!HOSPITAL.test(hospitalId)) throw refuse(`Send the ${CLINIC_HEADERS.hospital} header (a hospital id)`);
  return hospitalId;
}

/**
 * Checks shapes, the signature (constant time) and then the clock. Throws SIGNATURE_INVALID with a
 * message naming the check, never a key or the expected signature. The nonce's single use is the
 * caller's insert.
 */
export function verifyClinicSignature(
  key: string,
  headers: ClinicAuthHeaders,
  request: Pick<ClinicRequestParts, 'method' | 'path' | 'query' | 'body'>,
  nowMs: number,
  maxSkewMs: number,
): ClinicCaller {
  const hospitalId = claimedHospital(headers);
  const { terminal = '', timestamp = '', nonce = '', signature = '' } = headers;
  if (!TERMINAL.test(terminal))
    throw refuse(`${CLINIC_HEADERS.terminal} must be 1–32 letters, digits, - or _`);
  if (!TIMESTAMP.test(timestamp)) throw refuse(`${CLINIC_HEADERS.timestamp} must be Unix epoch milliseconds`);
  if (!NONCE.test(nonce)) throw refuse(`${CLINIC_HEADERS.nonce} must be 16–64 letters, digits, - or _`);
  if (!SIGNATURE.test(signature))
    throw refuse(`${CLINIC_HEADERS.signature} must be 64 lower-case hex characters`);

  const expected = Buffer.from(
    clinicSignature(key, { ...request, hospitalId, terminalId: terminal, timestamp, nonce }),
    'hex',
  );
  if (!timingSafeEqual(expected, Buffer.from(signature, 'hex'))) throw refuse('Signature does not match');
  if (Math.abs(nowMs - Number(timestamp)) > maxSkewMs)
    throw refuse(`${CLINIC_HEADERS.timestamp} is more than ${Math.round(maxSkewMs / 1000)} s off our clock`);
  return { hospitalId, terminalId: terminal, nonce };
}
