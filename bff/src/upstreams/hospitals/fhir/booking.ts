import type { AxiosInstance } from 'axios';
import { createFeedHttp, expectContentType } from '../common/http';
import { SearchBundle } from './slot-schemas';
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
import { FhirAppointment, OperationOutcome } from '../common/booking-schemas';

export const BOOKING_SYSTEM = 'urn:jiankang:booking';
export const EMPI_SYSTEM = 'urn:jiankang:empi';
export const REFUSAL_SYSTEM = 'urn:jiankang:booking-refusal';
const FHIR_JSON = /^application\/(fhir\+)?json\b/i;
const HEADERS = { 'Content-Type': 'application/fhir+json', Accept: 'application/fhir+json' };
/** Statuses with an OperationOutcome that is a definite "no" to a create or an update. */
const REFUSAL_STATUSES = new Set([400, 404, 409, 412, 422]);
const REASONS = new Set<BookingRefusalReason>(['slot_full', 'not_released', 'cancelled', 'in_past']);
/** The seat is held in every state but these. */
const CANCELLED = new Set(['cancelled', 'entered-in-error']);
const HELD = new Set(['booked', 'arrived', 'checked-in', 'fulfilled', 'noshow']);

/**
 * Why a hospital refused, from its OperationOutcome: our refusal coding when it sends one
 * (`details.coding` system urn:jiankang:booking-refusal), else issue code `conflict` = the slot is
 * taken, else 'other'.
 */
export function refusalOf(outcome: OperationOutcome): { reason: BookingRefusalReason; message: string } {
  const issue = outcome.issue[0]!;
  const coded = outcome.issue
    .flatMap((i) => i.details?.coding ?? [])
    .find((c) => c.system === REFUSAL_SYSTEM && REASONS.has(c.code as BookingRefusalReason))?.code;
  const reason =
    (coded as BookingRefusalReason | undefined) ?? (issue.code === 'conflict' ? 'slot_full' : 'other');
  return { reason, message: issue.diagnostics ?? issue.details?.text ?? issue.code };
}

/** A hospital with a FHIR R4 server: POST Appointment, search by our identifier, cancel by PUT. */
export class FhirBookingAdapter implements HospitalBookingAdapter {
  readonly kind = 'fhir' as const;
  readonly hospitalId: string;
  private readonly http: AxiosInstance;
  private readonly upstream: string;
  private readonly base: string;
  private readonly attempts: number;

  constructor(config: BookingAdapterConfig) {
    this.hospitalId = config.id;
    this.http = createFeedHttp(config);
    this.upstream = bookingUpstream(config.id);
    this.base = `${config.baseUrl.replace(/\/+$/, '')}/Appointment`;
    this.attempts = config.lookupAttempts ?? 3;
  }

  async book(req: BookRequest, signal?: AbortSignal): Promise<BookResult> {
    const patientId = { system: EMPI_SYSTEM, value: req.patient.masterId };
    const resource = {
      resourceType: 'Appointment',
      status: 'booked',
      identifier: [{ system: BOOKING_SYSTEM, value: req.reference }],
      slot: [{ reference: `Slot/${req.sourceSlotId}` }],
      contained: [
        {
          resourceType: 'Patient',
          id: 'patient',
          identifier: [patientId],
          name: [{ text: req.patient.name }],
          telecom: [{ system: 'phone', value: req.patient.phone }],
        },
      ],
      participant: [
        {
          actor: { reference: '#patient', type: 'Patient', identifier: patientId, display: req.patient.name },
          status: 'accepted',
        },
      ],
    };
    const res = await bookingRequest(
      this.http,
      this.upstream,
      {
        method: 'POST',
        url: this.base,
        data: JSON.stringify(resource),
        // Conditional create: a second POST with this reference returns the first Appointment.
        headers: { ...HEADERS, 'If-None-Exist': `identifier=${BOOKING_SYSTEM}|${req.reference}` },
        signal,
      },
      true,
    );
    if (res.status === 200 || res.status === 201) {
      expectContentType(this.upstream, res, FHIR_JSON);
      const appointment = parseJson(this.upstream, res, FhirAppointment, 'Appointment');
      expectReference(this.upstream, this.referenceOf(appointment), req.reference);
      const status = this.statusOf(appointment);
      if (status === 'booked') return { outcome: 'booked', hospitalBookingId: appointment.id };
      return {
        outcome: 'rejected',
        reason: 'other',
        message: `reference ${req.reference} belongs to cancelled Appointment/${appointment.id}`,
      };
    }
    if (REFUSAL_STATUSES.has(res.status)) {
      const outcome = parseJson(this.upstream, res, OperationOutcome, `HTTP ${res.status} OperationOutcome`);
      return { outcome: 'rejected', ...refusalOf(outcome) };
    }
    throw unexpectedStatus(this.upstream, res, true);
  }

  async lookup(reference: string, signal?: AbortSignal): Promise<LookupResult> {
    const found = await this.find(reference, signal);
    if (!found) return { found: false };
    return { found: true, hospitalBookingId: found.appointment.id, status: this.visitOf(found.appointment) };
  }

  async cancel(reference: string, signal?: AbortSignal): Promise<CancelResult> {
    const found = await this.find(reference, signal);
    if (!found) return { outcome: 'not_found' };
    const { appointment, raw } = found;
    if (this.statusOf(appointment) === 'cancelled')
      return { outcome: 'cancelled', hospitalBookingId: appointment.id, alreadyCancelled: true };
    const version = appointment.meta?.versionId;
    const res = await bookingRequest(
      this.http,
      this.upstream,
      {
        method: 'PUT',
        url: `${this.base}/${encodeURIComponent(appointment.id)}`,
        data: JSON.stringify({ ...raw, status: 'cancelled', cancelationReason: { text: '患者取消' } }),
        headers: { ...HEADERS, ...(version && { 'If-Match': `W/"${version}"` }) },
        signal,
      },
      true,
    );
    if (res.status === 200 || res.status === 201) {
      expectContentType(this.upstream, res, FHIR_JSON);
      const updated = parseJson(this.upstream, res, FhirAppointment, 'Appointment');
      if (updated.id !== appointment.id || this.statusOf(updated) !== 'cancelled')
        throw malformed(this.upstream, `PUT Appointment/${appointment.id} did not cancel it`);
      return { outcome: 'cancelled', hospitalBookingId: updated.id, alreadyCancelled: false };
    }
    if (res.status === 404 || res.status === 410) return { outcome: 'not_found' };
    if (res.status === 409 || res.status === 422) {
      const outcome = parseJson(this.upstream, res, OperationOutcome, `HTTP ${res.status} OperationOutcome`);
      return { outcome: 'rejected', message: refusalOf(outcome).message };
    }
    throw unexpectedStatus(this.upstream, res, true);
  }

  /** The one Appointment with our identifier (retried on transient failures), or undefined. */
  private async find(reference: string, signal?: AbortSignal) {
    const bundle = await retryRead(
      async () => {
        const res = await bookingRequest(
          this.http,
          this.upstream,
          {
            method: 'GET',
            url: this.base,
            params: { identifier: `${BOOKING_SYSTEM}|${reference}` },
            headers: { Accept: 'application/fhir+json' },
            signal,
          },
          false,
        );
        if (res.status !== 200) throw unexpectedStatus(this.upstream, res, false);
        expectContentType(this.upstream, res, FHIR_JSON);
        return parseJson(this.upstream, res, SearchBundle, 'Appointment searchset');
      },
      this.attempts,
      signal,
    );
    const matches = bundle.entry
      .map((e) => e.resource)
      .filter((r) => (r as { resourceType?: unknown })?.resourceType === 'Appointment');
    if (matches.length === 0) return undefined;
    if (matches.length > 1)
      throw malformed(this.upstream, `${matches.length} Appointments for reference ${reference}`);
    const raw = matches[0] as Record<string, unknown>;
    const parsed = FhirAppointment.safeParse(raw);
    if (!parsed.success)
      throw malformed(this.upstream, `Appointment in searchset: ${parsed.error.issues[0]?.message}`);
    expectReference(this.upstream, this.referenceOf(parsed.data), reference);
    return { appointment: parsed.data, raw };
  }

  private referenceOf(a: FhirAppointment): string | undefined {
    return a.identifier.find((i) => i.system === BOOKING_SYSTEM)?.value;
  }

  /** After the visit time FHIR says fulfilled (came) or noshow; before it the seat is simply held. */
  private visitOf(a: FhirAppointment): HospitalAppointmentStatus {
    if (a.status === 'fulfilled') return 'attended';
    if (a.status === 'noshow') return 'no_show';
    return this.statusOf(a);
  }

  /** booked or cancelled; a status that is neither (proposed, waitlist…) is not an answer we can use. */
  private statusOf(a: FhirAppointment): 'booked' | 'cancelled' {
    if (HELD.has(a.status)) return 'booked';
    if (CANCELLED.has(a.status)) return 'cancelled';
    throw malformed(this.upstream, `Appointment/${a.id} has status ${a.status}`);
  }
}
