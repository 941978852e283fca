import type { Context, Middleware } from 'koa';
import { BodyTooLargeError, readRawBody } from '../../lib/raw-body';
import { bookingRequestProblem, type AppointmentBook } from '../appointments';
import { markCommitted } from '../feed-faults';
import type { SimAppointment } from '../types';

/** The provider's booking API, on the host of the SMART `booking-deep-link`. */
export const BOOKING_API = '/booking/api/appointments';
const JSON_TYPE = 'application/json; charset=utf-8';
const MAX_BODY_BYTES = 64 * 1024;

function send(ctx: Context, status: number, body: unknown): void {
  ctx.status = status;
  ctx.set('Content-Type', JSON_TYPE);
  ctx.body = JSON.stringify(body);
}

const fail = (ctx: Context, status: number, error: string, message: string) =>
  send(ctx, status, { error, message });

export const providerAppointment = (a: SimAppointment) => ({
  appointmentId: a.id,
  reference: a.reference,
  slotId: a.sourceSlotId,
  status: a.status,
  start: a.start,
  end: a.end,
  doctorName: a.doctorName,
  deptName: a.deptName,
  createdAt: a.createdAt,
  ...(a.cancelledAt && { cancelledAt: a.cancelledAt }),
});

/**
 * SMART Scheduling Links leaves booking to the provider's own site (the deep link). This is the
 * simulated provider's JSON API behind that host: book (idempotent by `reference`), look up by
 * reference, cancel by appointment id.
 */
export function smartBookingRoutes(appointments: AppointmentBook): Middleware {
  return async (ctx, next) => {
    if (ctx.path !== BOOKING_API && !ctx.path.startsWith(`${BOOKING_API}/`)) return next();
    const [id, action, ...extra] = ctx.path.slice(BOOKING_API.length + 1).split('/');

    if (!id && ctx.method === 'POST') {
      let body: Record<string, unknown>;
      try {
        const parsed: unknown = JSON.parse((await readRawBody(ctx.req, MAX_BODY_BYTES)).toString('utf8'));
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new SyntaxError();
        body = parsed as Record<string, unknown>;
      } catch (err) {
        if (err instanceof BodyTooLargeError) return fail(ctx, 413, 'invalid_request', err.message);
        return fail(ctx, 400, 'invalid_request', 'body must be a JSON object');
      }
      const patient = (body.patient ?? {}) as Record<string, unknown>;
      const req = { sourceSlotId: body.slotId, reference: body.reference, patient };
      const problem = bookingRequestProblem(req);
      if (problem) return fail(ctx, 400, 'invalid_request', problem);
      const booked = appointments.book({
        sourceSlotId: String(body.slotId),
        reference: String(body.reference),
        patient: {
          masterId: String(patient.masterId),
          name: String(patient.name),
          ...(patient.phone !== undefined && { phone: String(patient.phone) }),
        },
      });
      if (!booked.ok) {
        const status = booked.reason === 'no_slot' ? 404 : 409;
        return fail(
          ctx,
          status,
          booked.reason === 'no_slot' ? 'slot_not_found' : booked.reason,
          booked.message,
        );
      }
      markCommitted(ctx);
      return send(ctx, booked.created ? 201 : 200, providerAppointment(booked.appointment));
    }
    if (!id && ctx.method === 'GET') {
      const reference = ctx.query.reference;
      if (typeof reference !== 'string' || !reference)
        return fail(ctx, 400, 'invalid_request', 'give ?reference= once');
      const found = appointments.byRef(reference);
      return send(ctx, 200, { appointments: found ? [providerAppointment(found)] : [] });
    }
    if (id && !action && extra.length === 0 && ctx.method === 'GET') {
      const found = appointments.get(id);
      if (!found) return fail(ctx, 404, 'not_found', `no appointment ${id}`);
      return send(ctx, 200, providerAppointment(found));
    }
    if (id && action === 'cancel' && extra.length === 0 && ctx.method === 'POST') {
      const cancelled = appointments.cancel({ id });
      if (!cancelled.ok) return fail(ctx, 404, 'not_found', cancelled.message);
      markCommitted(ctx);
      return send(ctx, 200, providerAppointment(cancelled.appointment));
    }
    return fail(ctx, id ? 404 : 405, id ? 'not_found' : 'method_not_allowed', `${ctx.method} ${ctx.path}`);
  };
}
