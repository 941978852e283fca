import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import {
  Booking,
  BookingCreate,
  BookingListQuery,
  BookingListResponse,
  BookingRebook,
  IdempotencyKey,
} from '@jiankang/shared';

type Named = <T extends z.ZodType>(name: string, schema: T) => T;

const json = (schema: z.ZodType, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

/** 预约挂号 (issue 7): the signed-in account's bookings, writes idempotent and rate limited. */
export function registerBookingPaths(registry: OpenAPIRegistry, named: Named, Error: z.ZodType): void {
  const security = [{ bearerAuth: [] }];
  const base = '/api/v1/bookings';
  const params = z.object({
    id: z.string().openapi({ param: { name: 'id', in: 'path' }, example: 'bkq3Jx9Qw0ZkLmN8sTuVw1' }),
  });
  const idempotencyKey = z.object({
    'Idempotency-Key': IdempotencyKey.clone().openapi({
      param: { name: 'Idempotency-Key', in: 'header', required: true },
      description:
        '8–64 letters, digits, - or _ (a UUID fits). A retry with the same key and body gets the first answer (with `Idempotent-Replayed: true`).',
      example: '0b5e8f6c-4d1a-4c3e-9a77-2f1d6b0e9c21',
    }),
  });
  const replayedHeader = {
    'Idempotent-Replayed': {
      description: '`true` when this is the stored answer to an earlier request with the same key',
      schema: { type: 'string' as const, enum: ['true'] },
    },
  };
  const resident = {
    401: json(Error, '`UNAUTHENTICATED` or `TOKEN_EXPIRED`'),
    403: json(Error, '`CONSENT_REQUIRED`'),
  };
  const notFound = json(Error, '`BOOKING_NOT_FOUND` (also another account’s booking)');
  const limited = json(Error, '`RATE_LIMITED` (booking writes per account and per address); see Retry-After');
  const One = named('Booking', Booking);
  /** Both writes that book a seat answer alike: confirmed, or still waiting for the hospital. */
  const booked = {
    201: { ...json(One, 'Booked: the hospital confirmed it'), headers: replayedHeader },
    202: {
      ...json(One, 'Claimed locally, the hospital’s answer is not known yet (`awaitingHospital`)'),
      headers: replayedHeader,
    },
  };
  const bookingRefusals = {
    400: json(
      Error,
      '`VALIDATION_FAILED` (body or Idempotency-Key), `MALFORMED_JSON` or `IDEMPOTENCY_KEY_REQUIRED`',
    ),
    ...resident,
    409: json(
      Error,
      '`SLOT_FULL`, `SLOT_NOT_RELEASED`, `SLOT_IN_PAST`, `SLOT_CANCELLED`, `DUPLICATE_BOOKING`, `TOO_MANY_ACTIVE_BOOKINGS`, `NO_SHOW_BANNED`, `HOSPITAL_REJECTED` or `REQUEST_IN_PROGRESS` (the first request with this key is still running; see Retry-After)',
    ),
    422: json(Error, '`IDEMPOTENCY_KEY_REUSED`: the key was used with a different body'),
    429: limited,
  };

  registry.registerPath({
    method: 'post',
    path: base,
    summary: 'Book a 分时段 period for one of the account’s patients',
    description:
      'Requires an `Idempotency-Key` header. The seat, the per-day department rule and the active-bookings limit are claimed before the hospital is asked; when the hospital does not answer in time the booking answers 202 `pending` and the reconciler settles it.',
    security,
    request: {
      headers: idempotencyKey,
      body: { content: { 'application/json': { schema: named('BookingCreate', BookingCreate) } } },
    },
    responses: {
      ...booked,
      ...bookingRefusals,
      404: json(Error, '`PATIENT_NOT_FOUND` or `SLOT_NOT_FOUND`'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: base,
    summary: 'The account’s bookings (我的预约), filtered by status',
    security,
    request: { query: BookingListQuery },
    responses: {
      200: json(named('BookingListResponse', BookingListResponse), 'The bookings'),
      400: json(Error, '`VALIDATION_FAILED` (status)'),
      ...resident,
    },
  });
  registry.registerPath({
    method: 'get',
    path: `${base}/{id}`,
    summary: 'One booking of the account',
    security,
    request: { params },
    responses: { 200: json(One, 'The booking'), ...resident, 404: notFound },
  });
  registry.registerPath({
    method: 'post',
    path: `${base}/{id}/cancel`,
    summary: 'Cancel a confirmed booking at the hospital',
    description:
      'Idempotent: a booking already cancelled by the patient answers as it is. Allowed until `cancellableUntil`.',
    security,
    request: { params },
    responses: {
      200: json(One, 'Cancelled (`cancelled_by_patient`)'),
      ...resident,
      404: notFound,
      409: json(Error, '`BOOKING_NOT_CANCELLABLE` (not confirmed) or `CANCEL_WINDOW_CLOSED`'),
      429: limited,
      502: json(Error, '`UPSTREAM_UNAVAILABLE`: the hospital could not be reached; nothing changed'),
    },
  });
  registry.registerPath({
    method: 'post',
    path: `${base}/{id}/rebook`,
    summary: 'Rebook a booking the hospital cancelled (停诊) onto another period, once',
    description:
      'Requires an `Idempotency-Key` header. Books `slotId` for the same patient; the old booking then names the new one in `rebookedAs`. `alternatives` of the cancelled booking suggest periods.',
    security,
    request: {
      params,
      headers: idempotencyKey,
      body: { content: { 'application/json': { schema: named('BookingRebook', BookingRebook) } } },
    },
    responses: {
      ...booked,
      ...bookingRefusals,
      404: json(Error, '`BOOKING_NOT_FOUND` or `SLOT_NOT_FOUND`'),
      409: json(
        Error,
        '`BOOKING_NOT_REBOOKABLE` (not cancelled by the hospital, or rebooked already), or any refusal of booking the new period (`SLOT_FULL`, `DUPLICATE_BOOKING`, …, `REQUEST_IN_PROGRESS`)',
      ),
    },
  });
}
