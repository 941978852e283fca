import type { FeedKind } from '@jiankang/shared';
import type { FeedAdapterConfig } from './feed-adapter';

export interface BookingPatient {
  /** The regional EMPI master id (主索引). */
  masterId: string;
  name: string;
  phone: string;
}

export interface BookRequest {
  /** The hospital's own slot id (our slot id is `${hospitalId}:${sourceSlotId}`). */
  sourceSlotId: string;
  /** Our booking id: the hospital's idempotency key, and how we find the booking again. */
  reference: string;
  patient: BookingPatient;
}

export type BookingRefusalReason = 'slot_full' | 'not_released' | 'cancelled' | 'in_past' | 'other';

/** A definite answer. Anything that leaves the outcome unknown is thrown as an UpstreamError. */
export type BookResult =
  | { outcome: 'booked'; hospitalBookingId: string }
  | { outcome: 'rejected'; reason: BookingRefusalReason; message: string };

/** booked: the seat is held and the visit is ahead (or not recorded yet); attended / no_show: the desk recorded the visit. */
export type HospitalAppointmentStatus = 'booked' | 'cancelled' | 'attended' | 'no_show';

export type LookupResult =
  { found: false } | { found: true; hospitalBookingId: string; status: HospitalAppointmentStatus };

export type CancelResult =
  /** Cancelled now, or it already was (`alreadyCancelled`): cancelling is idempotent. */
  | { outcome: 'cancelled'; hospitalBookingId: string; alreadyCancelled: boolean }
  /** The hospital has no booking with this reference. */
  | { outcome: 'not_found' }
  /** The hospital refuses the cancellation by its own rules (e.g. past its 退号 deadline). */
  | { outcome: 'rejected'; message: string };

/**
 * Booking at one hospital, in its own protocol. Contract for callers:
 * - `book` is sent once and never retried here: a POST is not idempotent at the transport level.
 *   When it throws (UpstreamError: timeout, reset, 5xx, 429, malformed answer) the outcome is
 *   unknown: reconcile with `lookup(reference)`; booking again with the same reference is safe
 *   (the hospital answers with the booking it already made).
 * - `lookup` is a read and retries transient failures itself.
 * - `cancel` is idempotent; on a throw, calling it again is safe.
 */
export interface HospitalBookingAdapter {
  readonly hospitalId: string;
  readonly kind: FeedKind;
  book(req: BookRequest, signal?: AbortSignal): Promise<BookResult>;
  lookup(reference: string, signal?: AbortSignal): Promise<LookupResult>;
  cancel(reference: string, signal?: AbortSignal): Promise<CancelResult>;
}

/** A registry entry (config/hospitals.json) as the booking adapters read it. */
export interface BookingAdapterConfig extends FeedAdapterConfig {
  /** SMART only: the provider's appointments API; default `{origin of baseUrl}/booking/api/appointments`. */
  bookingApiUrl?: string;
  /** Lookup attempts on a transient failure (reads only); default 3. */
  lookupAttempts?: number;
}
