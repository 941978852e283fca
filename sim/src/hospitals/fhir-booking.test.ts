import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startHospitalFeed } from './server';
import { refusedSlot, remainingOf, slotWithSeats, testClock, TEST_PATIENT, type Json } from './testing';
import type { HospitalFeedHandle } from './types';

const clock = testClock();
let feed: HospitalFeedHandle;
let receiver: Server;
let pushed: string[] = [];
beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      pushed.push(Buffer.concat(chunks).toString('utf8'));
      res.end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/slot-events`;
  feed = await startHospitalFeed({
    hospitalId: 'hzszxrmyy',
    kind: 'fhir',
    profile: 'enriched',
    now: clock.now,
    push: { url, secret: 'test-push-secret' },
  });
});
afterEach(() => {
  feed.reset();
  pushed = [];
  clock.set('2026-01-05T07:00:00+08:00');
});
afterAll(async () => {
  await feed.close();
  receiver.closeAllConnections();
  await new Promise((r) => receiver.close(r));
});

const nowMs = () => clock.now().getTime();
const FHIR = { 'content-type': 'application/fhir+json' };

function appointment(slotId: string, reference: string) {
  return {
    resourceType: 'Appointment',
    status: 'booked',
    identifier: [{ system: 'urn:jiankang:booking', value: reference }],
    slot: [{ reference: `Slot/${slotId}` }],
    contained: [
      {
        resourceType: 'Patient',
        id: 'patient',
        telecom: [{ system: 'phone', value: TEST_PATIENT.phone }],
      },
    ],
    participant: [
      {
        actor: {
          reference: '#patient',
          type: 'Patient',
          identifier: { system: 'urn:jiankang:empi', value: TEST_PATIENT.masterId },
          display: TEST_PATIENT.name,
        },
        status: 'accepted',
      },
    ],
  };
}

async function book(slotId: string, reference: string) {
  const res = await fetch(`${feed.url}/Appointment`, {
    method: 'POST',
    headers: FHIR,
    body: JSON.stringify(appointment(slotId, reference)),
  });
  return { res, body: (await res.json()) as Json };
}

const search = async (reference: string) =>
  (await (
    await fetch(
      `${feed.url}/Appointment?identifier=${encodeURIComponent(`urn:jiankang:booking|${reference}`)}`,
    )
  ).json()) as Json;

describe('FHIR Appointment booking', () => {
  it('when an Appointment is POSTed, then 201 with Location, a seat is taken, the Slot shows it and a push goes out', async () => {
    const slot = slotWithSeats(feed, 2, nowMs());
    const { res, body } = await book(slot.sourceSlotId, 'bk-1');
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toMatch(new RegExp(`/fhir/Appointment/${body.id}/_history/1$`));
    expect(body).toMatchObject({
      resourceType: 'Appointment',
      status: 'booked',
      identifier: [{ system: 'urn:jiankang:booking', value: 'bk-1' }],
      slot: [{ reference: `Slot/${slot.sourceSlotId}` }],
      start: slot.start,
    });
    expect(remainingOf(feed, slot.sourceSlotId)).toBe(1);
    const fhirSlot = (await (await fetch(`${feed.url}/Slot/${slot.sourceSlotId}`)).json()) as Json;
    const remaining = fhirSlot.extension.find((e: Json) => e.url.endsWith('/slot-remaining'));
    expect(remaining.valueInteger).toBe(1);
    expect(feed.appointments()).toEqual([
      expect.objectContaining({ reference: 'bk-1', status: 'booked', patient: TEST_PATIENT }),
    ]);
    await feed.flushPushes();
    expect(pushed.some((p) => p.includes(slot.sourceSlotId) && p.includes('"remaining":1'))).toBe(true);
  });

  it('when the same reference is POSTed again, then 200 with the same Appointment and no second seat', async () => {
    const slot = slotWithSeats(feed, 2, nowMs());
    const first = await book(slot.sourceSlotId, 'bk-2');
    const again = await book(slot.sourceSlotId, 'bk-2');
    expect(again.res.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    expect(remainingOf(feed, slot.sourceSlotId)).toBe(1);
    expect(feed.appointments()).toHaveLength(1);
  });

  it.each([
    ['slot_full', 409, 'conflict'],
    ['not_released', 422, 'business-rule'],
    ['cancelled', 422, 'business-rule'],
  ] as const)(
    'when the slot is %s, then %i OperationOutcome %s with the reason coded',
    async (reason, status, code) => {
      const slot = refusedSlot(feed, reason, nowMs());
      const { res, body } = await book(slot.sourceSlotId, 'bk-3');
      expect(res.status).toBe(status);
      expect(body).toMatchObject({
        resourceType: 'OperationOutcome',
        issue: [{ code, details: { coding: [{ system: 'urn:jiankang:booking-refusal', code: reason }] } }],
      });
      expect(feed.appointments()).toHaveLength(0);
    },
  );

  it('when the slot has started, then 422 business-rule in_past', async () => {
    const slot = slotWithSeats(feed, 1, nowMs());
    clock.set(slot.end);
    const { res, body } = await book(slot.sourceSlotId, 'bk-4');
    expect(res.status).toBe(422);
    expect(body.issue[0].details.coding[0].code).toBe('in_past');
  });

  it('when the Appointment is bad, then 400 invalid', async () => {
    const slot = slotWithSeats(feed, 1, nowMs());
    const bad = { ...appointment(slot.sourceSlotId, 'bk-5'), participant: [] };
    const res = await fetch(`${feed.url}/Appointment`, {
      method: 'POST',
      headers: FHIR,
      body: JSON.stringify(bad),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ issue: [{ code: 'invalid' }] });
  });

  it('when searched by identifier, then a searchset with the Appointment, or an empty one', async () => {
    const slot = slotWithSeats(feed, 1, nowMs());
    const { body } = await book(slot.sourceSlotId, 'bk-6');
    expect(await search('bk-6')).toMatchObject({
      type: 'searchset',
      total: 1,
      entry: [{ resource: { id: body.id } }],
    });
    expect(await search('nobody')).toMatchObject({ type: 'searchset', total: 0, entry: [] });
  });

  it('when PUT with status cancelled, then the seat is freed, and doing it again is still 200', async () => {
    const slot = slotWithSeats(feed, 1, nowMs());
    const { body } = await book(slot.sourceSlotId, 'bk-7');
    expect(remainingOf(feed, slot.sourceSlotId)).toBe(0);
    const put = () =>
      fetch(`${feed.url}/Appointment/${body.id}`, {
        method: 'PUT',
        headers: FHIR,
        body: JSON.stringify({ ...body, status: 'cancelled' }),
      });
    const res = await put();
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'cancelled', meta: { versionId: '2' } });
    expect(remainingOf(feed, slot.sourceSlotId)).toBe(1);
    expect((await put()).status).toBe(200);
    expect(remainingOf(feed, slot.sourceSlotId)).toBe(1);
    expect((await search('bk-7')).entry[0].resource.status).toBe('cancelled');
  });

  it('when 50 bookings race for a slot with 3 seats, then exactly 3 are booked', async () => {
    const slot = slotWithSeats(feed, 3, nowMs());
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => book(slot.sourceSlotId, `race-${i}`)),
    );
    expect(results.filter((r) => r.res.status === 201)).toHaveLength(3);
    expect(results.filter((r) => r.res.status === 409)).toHaveLength(47);
    expect(remainingOf(feed, slot.sourceSlotId)).toBe(0);
    expect(feed.appointments()).toHaveLength(3);
  });

  it('when commitThenDrop is set, then the connection drops but the booking is made', async () => {
    const slot = slotWithSeats(feed, 1, nowMs());
    feed.setFaults({ commitThenDrop: true });
    await expect(book(slot.sourceSlotId, 'bk-8')).rejects.toThrow();
    expect(feed.findAppointment('bk-8')).toMatchObject({ status: 'booked' });
    expect(remainingOf(feed, slot.sourceSlotId)).toBe(0);
    expect((await search('bk-8')).total).toBe(1);
  });
});
