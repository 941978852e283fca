import type { Booking, BookingListQuery, BookingListResponse } from '@jiankang/shared';
import { request } from './client';

/**
 * 预约 of the signed-in account. Writes carry an Idempotency-Key: the caller makes one per
 * confirmation (see utils/idempotency.ts) and sends the same one again on a retry, so a retry
 * after a lost answer gets the first booking instead of a second one.
 */

export type BookingListStatus = BookingListQuery['status'];

export async function listBookings(status: BookingListStatus = 'all'): Promise<Booking[]> {
  return (await request<BookingListResponse>('/bookings', { query: { status }, auth: true })).items;
}

export function getBooking(id: string): Promise<Booking> {
  return request<Booking>(`/bookings/${encodeURIComponent(id)}`, { auth: true });
}

/** 201 with a confirmed booking, or 202 with `awaitingHospital: true` (poll getBooking). */
export function createBooking(input: { slotId: string; patientId: string }, idempotencyKey: string) {
  return request<Booking>('/bookings', {
    method: 'POST',
    body: input,
    headers: { 'Idempotency-Key': idempotencyKey },
    auth: true,
  });
}

export function cancelBooking(id: string): Promise<Booking> {
  return request<Booking>(`/bookings/${encodeURIComponent(id)}/cancel`, { method: 'POST', auth: true });
}

/** After 停诊: book one of the booking's alternatives for the same patient. */
export function rebookBooking(id: string, slotId: string, idempotencyKey: string): Promise<Booking> {
  return request<Booking>(`/bookings/${encodeURIComponent(id)}/rebook`, {
    method: 'POST',
    body: { slotId },
    headers: { 'Idempotency-Key': idempotencyKey },
    auth: true,
  });
}
