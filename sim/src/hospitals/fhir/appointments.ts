import type { Context, Middleware } from 'koa';
import { BodyTooLargeError, readRawBody } from '../../lib/raw-body';
import type { AppointmentBook, BookingRefusal, BookingRequest } from '../appointments';
import { bookingRequestProblem } from '../appointments';
import { markCommitted } from '../feed-faults';
import { originOf } from '../http-cache';
import type { SimAppointment } from '../types';
import { FHIR_BASE, FHIR_JSON } from './routes';

/** Our booking id on an Appointment (`identifier`), the idempotency key. */
export const BOOKING_SYSTEM = 'urn:jiankang:booking';
/** The regional master patient index: the patient's identifier system. */
export const EMPI_SYSTEM = 'urn:jiankang:empi';
/** `OperationOutcome.issue[0].details.coding[0].system` on a refused booking. */
export const REFUSAL_SYSTEM = 'urn:jiankang:booking-refusal';
const MAX_BODY_BYTES = 64 * 1024;

/** HTTP status and FHIR issue code of each refusal; details.coding carries the reason itself. */
const REFUSALS: Record<BookingRefusal, { status: number; code: string }> = {
  slot_full: { status: 409, code: 'conflict' },
  not_released: { status: 422, code: 'business-rule' },
  cancelled: { status: 422, code: 'business-rule' },
  in_past: { status: 422, code: 'business-rule' },
  no_slot: { status: 422, code: 'not-found' },
  reference_conflict: { status: 409, code: 'duplicate' },
};

function outcome(ctx: Context, status: number, code: string, message: string, reason?: string): void {
  ctx.status = status;
  ctx.set('Content-Type', FHIR_JSON);
  const details = reason ? { details: { coding: [{ system: REFUSAL_SYSTEM, code: reason }] } } : {};
  ctx.body = JSON.stringify({
    resourceType: 'OperationOutcome',
    issue: [{ severity: 'error', code, ...details, diagnostics: message }],
  });
}

export function fhirAppointment(a: SimAppointment) {
  const phone = a.patient.phone ? { telecom: [{ system: 'phone', value: a.patient.phone }] } : {};
  const patientId = { system: EMPI_SYSTEM, value: a.patient.masterId };
  return {
    resourceType: 'Appointment',
    id: a.id,
    meta: { versionId: String(a.version), lastUpdated: a.updatedAt },
    contained: [
      {
        resourceType: 'Patient',
        id: 'patient',
        identifier: [patientId],
        name: [{ text: a.patient.name }],
        ...phone,
      },
    ],
    identifier: [{ system: BOOKING_SYSTEM, value: a.reference }],
    status: a.status,
    ...(a.status === 'cancelled' && { cancelationReason: { text: '患者取消' } }),
    serviceCategory: [{ text: a.deptName }],
    start: a.start,
    end: a.end,
    created: a.createdAt,
    slot: [{ reference: `Slot/${a.sourceSlotId}` }],
    participant: [
      {
        actor: { reference: '#patient', type: 'Patient', identifier: patientId, display: a.patient.name },
        status: 'accepted',
      },
      {
        actor: { reference: `Practitioner/${a.doctorCode}`, display: a.doctorName },
        status: 'accepted',
      },
    ],
  };
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : undefined;
const list = (v: unknown): Json[] => (Array.isArray(v) ? v.map(obj).filter((x): x is Json => !!x) : []);

/** What a POSTed Appointment asks for, or the reason it cannot be read. */
function readBooking(resource: Json): { request: BookingRequest } | { problem: string } {
  if (resource.resourceType !== 'Appointment') return { problem: 'resourceType must be Appointment' };
  if (resource.status !== 'booked') return { problem: 'status must be booked' };
  const slotRef = list(resource.slot)[0]?.reference;
  const reference = list(resource.identifier).find((i) => i.system === BOOKING_SYSTEM)?.value;
  const patientActor = list(resource.participant)
    .map((p) => obj(p.actor))
    .find((a) => a?.type === 'Patient' || obj(a?.identifier)?.system === EMPI_SYSTEM);
  const patientId = obj(patientActor?.identifier);
  const contained = list(resource.contained).find((r) => r.resourceType === 'Patient');
  const phone = list(contained?.telecom).find((t) => t.system === 'phone')?.value;
  const req = {
    sourceSlotId: typeof slotRef === 'string' ? slotRef.replace(/^Slot\//, '') : undefined,
    reference,
    patient: {
      masterId: patientId?.system === EMPI_SYSTEM ? patientId.value : undefined,
      name: patientActor?.display,
      ...(phone !== undefined && { phone }),
    },
  };
  const problem = bookingRequestProblem(req);
  return problem ? { problem } : { request: req as BookingRequest };
}

async function jsonBody(ctx: Context): Promise<Json | string> {
  let raw: Buffer;
  try {
    raw = await readRawBody(ctx.req, MAX_BODY_BYTES);
  } catch (err) {
    if (err instanceof BodyTooLargeError) return err.message;
    throw err;
  }
  try {
    return obj(JSON.parse(raw.toString('utf8'))) ?? 'body must be a JSON object';
  } catch {
    return 'body is not JSON';
  }
}

function sendAppointment(ctx: Context, a: SimAppointment, status: number): void {
  ctx.status = status;
  ctx.set('Content-Type', FHIR_JSON);
  ctx.set('ETag', `W/"${a.version}"`);
  ctx.set('Location', `${originOf(ctx)}${FHIR_BASE}/Appointment/${a.id}/_history/${a.version}`);
  ctx.body = JSON.stringify(fhirAppointment(a));
}

/**
 * FHIR R4 Appointment: create (POST, idempotent by the booking identifier, as a conditional create
 * with `If-None-Exist` would be), read, search by identifier, and cancel by PUT with status cancelled.
 */
export function fhirAppointmentRoutes(appointments: AppointmentBook): Middleware {
  const base = `${FHIR_BASE}/Appointment`;
  return async (ctx, next) => {
    if (ctx.path !== base && !ctx.path.startsWith(`${base}/`)) return next();
    const [id, ...extra] = ctx.path.slice(base.length + 1).split('/');
    if (extra.length > 0) return outcome(ctx, 404, 'not-found', `no route for ${ctx.path}`);

    if (!id && ctx.method === 'POST') {
      const body = await jsonBody(ctx);
      if (typeof body === 'string') return outcome(ctx, 400, 'invalid', body);
      const read = readBooking(body);
      if ('problem' in read) return outcome(ctx, 400, 'invalid', read.problem);
      const booked = appointments.book(read.request);
      if (!booked.ok) {
        const { status, code } = REFUSALS[booked.reason];
        return outcome(ctx, status, code, booked.message, booked.reason);
      }
      markCommitted(ctx);
      // FHIR conditional create: an existing match is answered 200, a new resource 201.
      return sendAppointment(ctx, booked.appointment, booked.created ? 201 : 200);
    }
    if (!id && (ctx.method === 'GET' || ctx.method === 'HEAD')) {
      const token = new URLSearchParams(ctx.querystring).get('identifier');
      if (!token) return outcome(ctx, 400, 'invalid', 'search Appointments by identifier=system|value');
      const bar = token.indexOf('|');
      const system = bar < 0 ? undefined : token.slice(0, bar);
      const value = bar < 0 ? token : token.slice(bar + 1);
      const found = system === undefined || system === BOOKING_SYSTEM ? appointments.byRef(value) : undefined;
      ctx.status = 200;
      ctx.set('Content-Type', FHIR_JSON);
      ctx.body = JSON.stringify({
        resourceType: 'Bundle',
        type: 'searchset',
        total: found ? 1 : 0,
        link: [{ relation: 'self', url: `${originOf(ctx)}${ctx.url}` }],
        entry: found
          ? [
              {
                fullUrl: `${originOf(ctx)}${base}/${found.id}`,
                resource: fhirAppointment(found),
                search: { mode: 'match' },
              },
            ]
          : [],
      });
      return;
    }
    if (!id) return outcome(ctx, 405, 'not-supported', `${ctx.method} ${base} is not supported`);

    const current = appointments.get(id);
    if (ctx.method === 'GET' || ctx.method === 'HEAD') {
      if (!current) return outcome(ctx, 404, 'not-found', `Appointment/${id} is not known`);
      return sendAppointment(ctx, current, 200);
    }
    if (ctx.method !== 'PUT') return outcome(ctx, 405, 'not-supported', `${ctx.method} is not supported`);
    if (!current) return outcome(ctx, 404, 'not-found', `Appointment/${id} is not known`);
    const body = await jsonBody(ctx);
    if (typeof body === 'string') return outcome(ctx, 400, 'invalid', body);
    if (body.resourceType !== 'Appointment' || body.id !== id)
      return outcome(ctx, 400, 'invalid', `the body must be Appointment/${id}`);
    if (body.status === current.status) return sendAppointment(ctx, current, 200);
    if (body.status === 'booked')
      return outcome(ctx, 422, 'business-rule', `a ${current.status} appointment cannot be booked again`);
    if (current.status === 'fulfilled' || current.status === 'noshow')
      return outcome(ctx, 422, 'business-rule', `the visit is over (${current.status})`);
    if (body.status !== 'cancelled')
      return outcome(ctx, 422, 'business-rule', 'only a change of status to cancelled is accepted');
    const cancelled = appointments.cancel({ id });
    if (!cancelled.ok) return outcome(ctx, 404, 'not-found', cancelled.message);
    markCommitted(ctx);
    return sendAppointment(ctx, cancelled.appointment, 200);
  };
}
