import { randomBytes } from 'node:crypto';
import type { FeedSlot, HospitalFeedHandle } from '@jiankang/sim';
import type { Booking, PatientResponse } from '@jiankang/shared';
import { syntheticMasterId } from '../../sim/src/testing/report-people';
import { SYNTHETIC_NAME, syntheticIdNumber } from '../support/synthetic-person';
import { json, pool, signIn, type BenchStack } from './bench-kit';

/**
 * The people the scale scenario measures, made through the API on the still empty database (so
 * making them costs the same at both sizes): the measured resident, identical at both sizes (same
 * three 就诊人, a card, the 共享调阅 consent, four bookings), and the bookers, one account and
 * patient per timed booking. Each is the same person at both sizes; only the city around differs.
 */

/** A free released period at a simulator, bookable by the BFF as `slotId`. */
export interface Period {
  slotId: string;
  slot: FeedSlot;
}

export interface MeasuredResident {
  auth: Record<string, string>;
  patientIds: string[];
  /** The 本人: has reports at the simulators, a card and the records consent. */
  selfId: string;
  bookings: number;
}

export interface Booker {
  auth: Record<string, string>;
  patientId: string;
}

const MEASURED_BOOKINGS = 4;

/**
 * Distinct free periods of `hospitals`, spread over hospitals and days, at least 3 h ahead (a
 * booking must be made before the period starts, and the run takes a while).
 */
export function freePeriods(handles: HospitalFeedHandle[], hospitals: readonly string[]): Period[] {
  const later = Date.now() + 3 * 3_600_000;
  return handles
    .filter((h) => hospitals.includes(h.hospitalId))
    .flatMap((h) =>
      h
        .listSlots()
        .filter((s) => s.status === 'free' && s.released && s.remaining > 0 && Date.parse(s.start) > later)
        .map((slot) => ({ slotId: `${h.hospitalId}:${slot.sourceSlotId}`, slot })),
    )
    .sort((a, b) => (a.slot.sourceSlotId < b.slot.sourceSlotId ? -1 : 1));
}

/** The first synthetic person with reports at one of the simulators, so the list has content. */
export function personWithReports(handles: HospitalFeedHandle[]): number {
  for (let n = 1; n < 500; n += 1)
    if (handles.some((h) => h.reportsOf(syntheticMasterId(n)).length > 0)) return n;
  throw new Error('no synthetic person with reports at the simulators');
}

async function addPatient(
  stack: BenchStack,
  auth: Record<string, string>,
  body: { name: string; idNumber: string; phone: string; relation: string },
): Promise<string> {
  const res = await json<PatientResponse>(`${stack.base}/patients`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({ idType: 'resident_id', ...body }),
  });
  if (res.status !== 201) throw new Error(`patient: ${res.status} ${res.text}`);
  return res.body.patient.id;
}

/** A new booking of `period`, which must come back 201 confirmed. */
export async function book(base: string, who: Booker, period: Period): Promise<Booking> {
  const res = await json<Booking>(`${base}/bookings`, {
    method: 'POST',
    headers: { ...who.auth, 'Idempotency-Key': `scale-${randomBytes(8).toString('hex')}` },
    body: JSON.stringify({ slotId: period.slotId, patientId: who.patientId }),
  });
  if (res.status !== 201 || res.body.status !== 'confirmed')
    throw new Error(`booking ${period.slotId}: ${res.status} ${res.text.slice(0, 300)}`);
  return res.body;
}

/**
 * The measured resident, booking `MEASURED_BOOKINGS` of `periods` for its first two patients, each
 * on its own day and department (one booking per patient, department and day is a rule).
 * Returns the periods it took too, so the bookers get the others.
 */
export async function makeMeasuredResident(
  stack: BenchStack,
  reportPerson: number,
  periods: Period[],
): Promise<{ resident: MeasuredResident; taken: Set<string> }> {
  const auth = await signIn(stack);
  const patientIds: string[] = [];
  for (let i = 0; i < 3; i += 1)
    patientIds.push(
      await addPatient(stack, auth, {
        name: SYNTHETIC_NAME,
        idNumber: syntheticIdNumber(reportPerson + i),
        phone: `1360000000${i}`,
        relation: i === 0 ? 'self' : i === 1 ? 'child' : 'parent',
      }),
    );
  const selfId = patientIds[0] as string;
  const consent = await json(`${stack.base}/patients/${selfId}/reports/consent`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({ version: stack.config.reports.consentVersion }),
  });
  if (consent.status !== 201) throw new Error(`records consent: ${consent.status} ${consent.text}`);
  const card = await json(`${stack.base}/patients/${selfId}/health-card`, { method: 'POST', headers: auth });
  if (card.status !== 201) throw new Error(`card: ${card.status} ${card.text}`);
  const taken = new Set<string>();
  const days = new Set<string>();
  for (let i = 0; i < MEASURED_BOOKINGS; i += 1) {
    const patientId = patientIds[i % 2] as string;
    const dayOf = (p: Period) => `${patientId}|${p.slot.start.slice(0, 10)}|${p.slot.stdDeptCode}`;
    const period = periods.find((p) => !taken.has(p.slotId) && !days.has(dayOf(p)));
    if (!period) throw new Error('not enough free periods for the measured resident');
    await book(stack.base, { auth, patientId }, period);
    taken.add(period.slotId);
    days.add(dayOf(period));
  }
  return { resident: { auth, patientIds, selfId, bookings: MEASURED_BOOKINGS }, taken };
}

export const MEASURED_PERIODS = MEASURED_BOOKINGS;

/** `count` accounts with one 本人 each (persons 700_000 + i: the same people at both sizes). */
export async function makeBookers(stack: BenchStack, count: number): Promise<Booker[]> {
  const out: Booker[] = new Array<Booker>(count);
  await pool(
    Array.from({ length: count }, (_, i) => i),
    8,
    async (i) => {
      const auth = await signIn(stack);
      const patientId = await addPatient(stack, auth, {
        name: '陈大文',
        idNumber: syntheticIdNumber(700_000 + i),
        phone: `137${String(i).padStart(8, '0')}`,
        relation: 'self',
      });
      out[i] = { auth, patientId };
    },
  );
  return out;
}
