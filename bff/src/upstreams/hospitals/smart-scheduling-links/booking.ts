import type { AxiosInstance } from 'axios';
import type { z } from 'zod';
import { createFeedHttp, expectContentType, type FeedResponse } from '../common/http';
import type {
  BookingAdapterConfig,
  BookingRefusalReason,
  BookRequest,
  BookResult,
  CancelResult,
  HospitalAppointmentStatus,
  HospitalBookingAdapter,
  LookupResult,
} from '../common/booking-adapter';
import {
  bookingRequest,
  bookingUpstream,
  expectReference,
  malformed,
  parseJson,
  retryRead,
  unexpectedStatus,
} from '../common/booking-http';
import { ProviderAppointment, ProviderAppointments, ProviderError } from '../common/booking-schemas';

const JSON_TYPE = /^application\/json\b/i;
const HEADERS = { 'Content-Type': 'application/json', Accept: 'application/json' };
const REASONS = new Set<string>(['slot_full', 'not_released', 'cancelled', 'in_past']);

const VISIT_STATUS = {
  booked: 'booked',
  cancelled: 'cancelled',
  fulfilled: 'attended',
  noshow: 'no_show',
} as const satisfies Record<z.infer<typeof ProviderAppointment>['status'], HospitalAppointmentStatus>;

/**
 * A SMART Scheduling Links hospital. The spec leaves booking to the provider's site (the slot's
 * booking-deep-link); this speaks that provider's JSON API (docs/upstreams/smart-scheduling-links.md).
 */
export class SmartBookingAdapter implements HospitalBookingAdapter {
  readonly kind = 'smart-scheduling-links' as const;
  readonly hospitalId: string;
  private readonly http: AxiosInstance;
  private readonly upstream: string;
  private readonly api: string;
  private readonly attempts: number;

  constructor(config: BookingAdapterConfig) {
    this.hospitalId = config.id;
    this.http = createFeedHttp(config);
    this.upstream = bookingUpstream(config.id);
    this.api = (
      config.bookingApiUrl ?? new URL('/booking/api/appointments', config.baseUrl).toString()
    ).replace(/\/+$/, '');
    this.attempts = config.lookupAttempts ?? 3;
  }

  async book(req: BookRequest, signal?: AbortSignal): Promise<BookResult> {
    const res = await bookingRequest(
      this.http,
      this.upstream,
      {
        method: 'POST',
        url: this.api,
        data: JSON.stringify({ slotId: req.sourceSlotId, reference: req.reference, patient: req.patient }),
        headers: HEADERS,
        signal,
      },
      true,
    );
    if (res.status === 200 || res.status === 201) {
      const appointment = this.json(res, ProviderAppointment, 'appointment');
      expectReference(this.upstream, appointment.reference, req.reference);
      if (appointment.status === 'booked')
        return { outcome: 'booked', hospitalBookingId: appointment.appointmentId };
      return {
        outcome: 'rejected',
        reason: 'other',
        message: `reference ${req.reference} belongs to cancelled appointment ${appointment.appointmentId}`,
      };
    }
    if (res.status === 400 || res.status === 404 || res.status === 409 || res.status === 422) {
      const { error, message } = this.json(res, ProviderError, `HTTP ${res.status} error`);
      const reason = REASONS.has(error) ? (error as BookingRefusalReason) : 'other';
      return { outcome: 'rejected', reason, message: message ?? error };
    }
    throw unexpectedStatus(this.upstream, res, true);
  }

  async lookup(reference: string, signal?: AbortSignal): Promise<LookupResult> {
    const found = await this.find(reference, signal);
    return found
      ? { found: true, hospitalBookingId: found.appointmentId, status: VISIT_STATUS[found.status] }
      : { found: false };
  }

  async cancel(reference: string, signal?: AbortSignal): Promise<CancelResult> {
    const found = await this.find(reference, signal);
    if (!found) return { outcome: 'not_found' };
    if (found.status === 'cancelled')
      return { outcome: 'cancelled', hospitalBookingId: found.appointmentId, alreadyCancelled: true };
    const res = await bookingRequest(
      this.http,
      this.upstream,
      {
        method: 'POST',
        url: `${this.api}/${encodeURIComponent(found.appointmentId)}/cancel`,
        headers: HEADERS,
        signal,
      },
      true,
    );
    if (res.status === 200) {
      const cancelled = this.json(res, ProviderAppointment, 'appointment');
      if (cancelled.appointmentId !== found.appointmentId || cancelled.status !== 'cancelled')
        throw malformed(this.upstream, `cancel of ${found.appointmentId} did not cancel it`);
      return { outcome: 'cancelled', hospitalBookingId: cancelled.appointmentId, alreadyCancelled: false };
    }
    if (res.status === 404) return { outcome: 'not_found' };
    if (res.status === 409 || res.status === 422) {
      const { error, message } = this.json(res, ProviderError, `HTTP ${res.status} error`);
      return { outcome: 'rejected', message: message ?? error };
    }
    throw unexpectedStatus(this.upstream, res, true);
  }

  private async find(reference: string, signal?: AbortSignal) {
    const { appointments } = await retryRead(
      async () => {
        const res = await bookingRequest(
          this.http,
          this.upstream,
          {
            method: 'GET',
            url: this.api,
            params: { reference },
            headers: { Accept: 'application/json' },
            signal,
          },
          false,
        );
        if (res.status !== 200) throw unexpectedStatus(this.upstream, res, false);
        return this.json(res, ProviderAppointments, 'appointment list');
      },
      this.attempts,
      signal,
    );
    if (appointments.length > 1)
      throw malformed(this.upstream, `${appointments.length} appointments for reference ${reference}`);
    const found = appointments[0];
    if (found) expectReference(this.upstream, found.reference, reference);
    return found;
  }

  private json<T extends z.ZodType>(res: FeedResponse, schema: T, what: string): z.infer<T> {
    expectContentType(this.upstream, res, JSON_TYPE);
    return parseJson(this.upstream, res, schema, what);
  }
}
