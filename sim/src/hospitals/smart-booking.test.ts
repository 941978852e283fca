import { startHospitalFeed } from './server';
import { refusedSlot, remainingOf, slotWithSeats, testClock, TEST_PATIENT, type Json } from './testing';
import type { HospitalFeedHandle } from './types';

const clock = testClock();
let feed: HospitalFeedHandle;
beforeAll(async () => {
  feed = await startHospitalFeed({ hospitalId: 'hzszyyy', kind: 'smart-scheduling-links', now: clock.now });
});
afterEach(() => {
  feed.reset();
  clock.set('2026-01-05T07:00:00+08:00');
});
afterAll(() => feed.close());

const nowMs = () => clock.now().getTime();
const api = (path = '') => `${feed.origin}/booking/api/appointments${path}`;

async function call(method: string, url: string, body?: unknown) {
  const res = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Json };
}
const book = (slotId: string, reference: string) =>
  call('POST', api(), { slotId, reference, patient: TEST_PATIENT });
const lookup = (reference: string) => call('GET', api(`?reference=${encodeURIComponent(reference)}`));

describe('SMART provider booking API', () => {
  it('when a slot is booked, then 201 booked, a seat is taken and the Slot NDJSON shows it', async () => {
    const slot = slotWithSeats(feed, 2, nowMs());
    const { status, body } = await book(slot.sourceSlotId, 'bk-1');
    expect(status).toBe(201);
    expect(body).toMatchObject({ appointmentId: expect.any(String), status: 'booked', reference: 'bk-1' });
    expect(remainingOf(feed, slot.sourceSlotId)).toBe(1);
    const ndjson = await (await fetch(`${feed.origin}/data/slots-${slot.date}.ndjson`)).text();
    const line = ndjson
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Json)
      .find((s) => s.id === slot.sourceSlotId);
    expect(
      line.extension.find((e: Json) => e.url.endsWith('smarthealthit.org/StructureDefinition/slot-capacity')),
    ).toMatchObject({ valueInteger: 1 });
  });

  it('when the same reference is booked again, then 200 with the same appointment and one seat', async () => {
    const slot = slotWithSeats(feed, 2, nowMs());
    const first = await book(slot.sourceSlotId, 'bk-2');
    const again = await book(slot.sourceSlotId, 'bk-2');
    expect(again.status).toBe(200);
    expect(again.body.appointmentId).toBe(first.body.appointmentId);
    expect(remainingOf(feed, slot.sourceSlotId)).toBe(1);
    const other = slotWithSeats(feed, 1, Date.parse(slot.end));
    expect(await book(other.sourceSlotId, 'bk-2')).toMatchObject({
      status: 409,
      body: { error: 'reference_conflict' },
    });
  });

  it.each(['slot_full', 'not_released', 'cancelled'] as const)(
    'when the slot is %s, then 409 with that error',
    async (reason) => {
      const slot = refusedSlot(feed, reason, nowMs());
      expect(await book(slot.sourceSlotId, 'bk-3')).toMatchObject({ status: 409, body: { error: reason } });
      expect(feed.appointments()).toHaveLength(0);
    },
  );

  it('when the slot has started, then 409 in_past; an unknown slot is 404', async () => {
    const slot = slotWithSeats(feed, 1, nowMs());
    clock.set(slot.end);
    expect(await book(slot.sourceSlotId, 'bk-4')).toMatchObject({ status: 409, body: { error: 'in_past' } });
    expect(await book('000000-20260105-0800', 'bk-4')).toMatchObject({
      status: 404,
      body: { error: 'slot_not_found' },
    });
  });

  it('when looked up by reference, then the appointment or an empty list', async () => {
    const slot = slotWithSeats(feed, 1, nowMs());
    const { body } = await book(slot.sourceSlotId, 'bk-5');
    expect(await lookup('bk-5')).toMatchObject({ status: 200, body: { appointments: [body] } });
    expect(await lookup('nobody')).toMatchObject({ status: 200, body: { appointments: [] } });
  });

  it('when cancelled, then the seat is freed, and cancelling again is still 200', async () => {
    const slot = slotWithSeats(feed, 1, nowMs());
    const { body } = await book(slot.sourceSlotId, 'bk-6');
    const cancel = () => call('POST', api(`/${body.appointmentId}/cancel`));
    expect(await cancel()).toMatchObject({ status: 200, body: { status: 'cancelled' } });
    expect(remainingOf(feed, slot.sourceSlotId)).toBe(1);
    expect(await cancel()).toMatchObject({ status: 200, body: { status: 'cancelled' } });
    expect(remainingOf(feed, slot.sourceSlotId)).toBe(1);
    expect((await call('POST', api('/sa-999999/cancel'))).status).toBe(404);
  });

  it('when 50 bookings race for a slot with 3 seats, then exactly 3 are booked', async () => {
    const slot = slotWithSeats(feed, 3, nowMs());
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => book(slot.sourceSlotId, `r-${i}`)),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(3);
    expect(results.filter((r) => r.body.error === 'slot_full')).toHaveLength(47);
    expect(remainingOf(feed, slot.sourceSlotId)).toBe(0);
  });

  it('when the body is not valid, then 400 invalid_request', async () => {
    expect(await call('POST', api(), { slotId: 'x', reference: 'bk-7' })).toMatchObject({
      status: 400,
      body: { error: 'invalid_request' },
    });
  });
});
