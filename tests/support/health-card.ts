import type mongoose from 'mongoose';
import { residentIdCheckChar, type PatientResponse } from '@jiankang/shared';
import { signClinicRequest } from '../../bff/src/services/health-card/clinic-signature';
import { bearer, type LoggedIn } from './auth';
import { request, type JsonResponse } from './http';
import type { Stack, StackOptions } from './stack';

/**
 * E-health card tests: a clock the BFF's card services read (so a test can step past a code's
 * expiry or a PIN lock), clinic terminals that sign like a hospital's, and patients to hold cards.
 */
export class TestClock {
  private offsetMs = 0;
  readonly now = (): Date => new Date(Date.now() + this.offsetMs);
  advance(ms: number): void {
    this.offsetMs += ms;
  }
  set(at: Date | string | number): void {
    this.offsetMs = new Date(at).getTime() - Date.now();
  }
  reset(): void {
    this.offsetMs = 0;
  }
}

/** Two directory hospitals whose terminals may verify; no feeds are polled. */
export const CLINIC_KEYS = {
  hzszxrmyy: 'test-only-clinic-key-hzszxrmyy-0001',
  hzsdyrmyy: 'test-only-clinic-key-hzsdyrmyy-0002',
} as const;
export type ClinicHospital = keyof typeof CLINIC_KEYS;

export function cardStackOptions(clock: TestClock, overrides: StackOptions['overrides'] = {}): StackOptions {
  return {
    healthCardNow: clock.now,
    overrides: {
      rateLimits: { loginPerIpPerMinute: 10_000 },
      feeds: { enabled: false },
      hospitalRegistry: {
        hospitals: Object.entries(CLINIC_KEYS).map(([id, clinicKey]) => ({
          id,
          adapter: 'fhir' as const,
          baseUrl: 'http://127.0.0.1:9/fhir',
          clinicKey,
        })),
      },
      ...overrides,
      healthCard: { statusCacheMs: 0, codesPerAccountPerMinute: 10_000, ...overrides.healthCard },
      clinic: { perTerminalPerMinute: 10_000, ...overrides.clinic },
    },
  };
}

let idSeq = 200;
/** A valid, distinct 居民身份证 number (synthetic), born on `birth` (YYYYMMDD). */
export function residentId(birth = '19850307'): string {
  idSeq += 1;
  const first17 = `441302${birth}${String(idSeq % 1000).padStart(3, '0')}`;
  return first17 + residentIdCheckChar(first17);
}

export function callAs<T = unknown>(
  stack: Stack,
  who: LoggedIn,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<JsonResponse<T>> {
  return request<T>(`${stack.baseUrl}/api/v1${path}`, {
    method,
    headers: {
      ...bearer(who.accessToken),
      ...(body !== undefined && { 'content-type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

export async function addPatient(
  stack: Stack,
  who: LoggedIn,
  overrides: Record<string, unknown> = {},
): Promise<{ id: string; idNumber: string }> {
  const idNumber = (overrides.idNumber as string | undefined) ?? residentId();
  const res = await callAs<PatientResponse>(stack, who, 'POST', '/patients', {
    name: '张三明',
    idType: 'resident_id',
    idNumber,
    phone: `139${String(10_000_000 + idSeq).slice(-8)}`,
    relation: 'parent',
    ...overrides,
  });
  if (res.status !== 201) throw new Error(`patient: ${res.status} ${res.text}`);
  return { id: res.body.patient.id, idNumber };
}

/** A patient with an active card: added, applied for. */
export async function patientWithCard(stack: Stack, who: LoggedIn, overrides: Record<string, unknown> = {}) {
  const patient = await addPatient(stack, who, overrides);
  const res = await callAs(stack, who, 'POST', `/patients/${patient.id}/health-card`);
  if (res.status !== 201) throw new Error(`apply: ${res.status} ${res.text}`);
  return patient;
}

export async function dynamicCode(stack: Stack, who: LoggedIn, patientId: string, scene = 'general') {
  const res = await callAs<{ code: string; expiresAt: string }>(
    stack,
    who,
    'GET',
    `/patients/${patientId}/health-card/code?scene=${scene}`,
  );
  if (res.status !== 200) throw new Error(`code: ${res.status} ${res.text}`);
  return res.body;
}

export interface SignedRequest {
  url: string;
  init: RequestInit & { headers: Record<string, string>; body: string };
}

/** A clinic terminal of `hospital`: signs each request with the hospital's key and the BFF's clock. */
export function terminal(stack: Stack, clock: TestClock, hospital: ClinicHospital, terminalId = 'reg-01') {
  const path = '/api/v1/clinic/verify';
  const sign = (body: unknown, opts: { key?: string; claim?: ClinicHospital } = {}): SignedRequest => {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    const headers = signClinicRequest(opts.key ?? CLINIC_KEYS[hospital], {
      method: 'POST',
      path,
      query: '',
      hospitalId: opts.claim ?? hospital,
      terminalId,
      timestamp: String(clock.now().getTime()),
      body: text,
    });
    return {
      url: `${stack.baseUrl}${path}`,
      init: { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: text },
    };
  };
  return {
    terminalId,
    sign,
    send: <T = unknown>(signed: SignedRequest) => request<T>(signed.url, signed.init),
    verify: <T = unknown>(input: { code: string; scene?: string; pin?: string }) => {
      const signed = sign({ scene: 'registration', ...input, terminalId });
      return request<T>(signed.url, signed.init);
    },
  };
}

export function setCardStatus(stack: Stack, cardId: string, status: 'active' | 'frozen' | 'cancelled') {
  return request(`${stack.regional.url}/__admin/health-cards/${cardId}/status`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ status }),
  });
}

/** The platform card id our card of this patient refers to (the API only shows it masked). */
export async function platformCardId(db: mongoose.Connection, patientId: string): Promise<string> {
  const claim = await db.collection('health_card_claims').findOne({ _id: `patient#${patientId}` as never });
  const card = await db.collection('health_cards').findOne({ _id: claim?.cardRef as never });
  if (!card) throw new Error(`no card for ${patientId}`);
  return card.cardId as string;
}
