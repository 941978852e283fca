import { startHospitalFeed, type FeedKind, type FeedSlot, type HospitalFeedHandle } from '@jiankang/sim';
import { UpstreamError } from '../../bff/src/lib/upstream-error';
import type { HospitalBookingAdapter } from '../../bff/src/upstreams/hospitals/common/booking-adapter';
import { createBookingAdapter } from '../../bff/src/upstreams/hospitals/create-booking-adapter';
import { createFeedAdapter } from '../../bff/src/upstreams/hospitals/create-feed-adapter';

const T0 = Date.parse('2026-01-05T07:00:00+08:00');
let clockMs = T0;
const now = () => new Date(clockMs);
const TIMEOUT_MS = 600;
const PATIENT = { masterId: 'EMPI3F2A9C01B7D4E5F60718', name: '张晓明', phone: '13800138000' };

const feeds = new Map<string, HospitalFeedHandle>();
beforeAll(async () => {
  const started = await Promise.all([
    startHospitalFeed({ hospitalId: 'hzszxrmyy', kind: 'fhir', now }),
    startHospitalFeed({ hospitalId: 'hzszyyy', kind: 'smart-scheduling-links', now }),
    startHospitalFeed({ hospitalId: 'blxrmyy', kind: 'his-xml', encoding: 'gbk', now }),
  ]);
  for (const feed of started) feeds.set(feed.kind, feed);
});
afterEach(() => {
  for (const feed of feeds.values()) feed.reset();
  clockMs = T0;
});
afterAll(() => Promise.all([...feeds.values()].map((f) => f.close())));

const configOf = (feed: HospitalFeedHandle) => ({
  id: feed.hospitalId,
  adapter: feed.kind,
  baseUrl: feed.url,
  ...(feed.kind === 'his-xml' && { encoding: 'gbk' as const }),
  timeoutMs: TIMEOUT_MS,
});

const truth = (feed: HospitalFeedHandle, id: string) => feed.listSlots().find((s) => s.sourceSlotId === id)!;

/** A future, released period left with exactly `seats` seats. */
function slotWithSeats(feed: HospitalFeedHandle, seats: number): FeedSlot {
  const slot = feed
    .listSlots()
    .find(
      (s) => s.status !== 'cancelled' && s.released && s.capacity >= seats && Date.parse(s.start) > clockMs,
    )!;
  if (slot.remaining > seats) feed.takeSlot(slot.sourceSlotId, slot.remaining - seats);
  if (slot.remaining < seats) feed.freeSlot(slot.sourceSlotId, seats - slot.remaining);
  return truth(feed, slot.sourceSlotId);
}

/** What the BFF's own feed adapter reads for one slot: the change must show in the feed. */
async function feedRemaining(feed: HospitalFeedHandle, id: string): Promise<number | undefined> {
  const { slots } = await createFeedAdapter({ ...configOf(feed), timeoutMs: 10_000 }).fetch({
    cursor: null,
    full: true,
  });
  return slots.find((s) => s.sourceId === id)?.remaining;
}

describe.each<[string, FeedKind]>([
  ['FHIR R4', 'fhir'],
  ['SMART provider API', 'smart-scheduling-links'],
  ['legacy HIS (GBK)', 'his-xml'],
])('%s booking adapter', (_name, kind) => {
  const feed = () => feeds.get(kind)!;
  const adapter = (): HospitalBookingAdapter => createBookingAdapter(configOf(feed()));
  const book = (sourceSlotId: string, reference: string) =>
    adapter().book({ sourceSlotId, reference, patient: PATIENT });

  it('when a slot is booked, then the seat is taken in the hospital and its feed shows one less', async () => {
    const slot = slotWithSeats(feed(), 2);
    const result = await book(slot.sourceSlotId, 'bk-1');
    expect(result).toEqual({ outcome: 'booked', hospitalBookingId: expect.any(String) });
    if (result.outcome !== 'booked') return;
    expect(feed().appointments()).toEqual([
      expect.objectContaining({
        id: result.hospitalBookingId,
        reference: 'bk-1',
        sourceSlotId: slot.sourceSlotId,
        status: 'booked',
        patient: PATIENT,
      }),
    ]);
    expect(truth(feed(), slot.sourceSlotId).remaining).toBe(1);
    expect(await feedRemaining(feed(), slot.sourceSlotId)).toBe(1);
  });

  it('when booked again with the same reference, then the same hospital booking and one seat', async () => {
    const slot = slotWithSeats(feed(), 2);
    const first = await book(slot.sourceSlotId, 'bk-2');
    const again = await book(slot.sourceSlotId, 'bk-2');
    expect(again).toEqual(first);
    expect(truth(feed(), slot.sourceSlotId).remaining).toBe(1);
    expect(feed().appointments()).toHaveLength(1);
  });

  it.each(['slot_full', 'not_released', 'cancelled', 'in_past'] as const)(
    'when the slot is refused as %s, then rejected with that reason and no seat taken',
    async (reason) => {
      const f = feed();
      let slot: FeedSlot;
      if (reason === 'not_released')
        slot = f.listSlots().find((s) => !s.released && s.status !== 'cancelled')!;
      else {
        slot = slotWithSeats(f, 1);
        if (reason === 'slot_full') f.takeSlot(slot.sourceSlotId);
        if (reason === 'cancelled') f.cancelSession(slot.sessionId);
        if (reason === 'in_past') clockMs = Date.parse(slot.end);
      }
      const before = truth(f, slot.sourceSlotId).remaining;
      expect(await book(slot.sourceSlotId, 'bk-3')).toEqual({
        outcome: 'rejected',
        reason,
        message: expect.any(String),
      });
      expect(f.appointments()).toHaveLength(0);
      expect(truth(f, slot.sourceSlotId).remaining).toBe(before);
    },
  );

  it('when the slot does not exist, then rejected as other', async () => {
    expect(await book('000000-20260105-0800', 'bk-4')).toMatchObject({
      outcome: 'rejected',
      reason: 'other',
    });
  });

  it('when looked up, then found with the hospital id, or not found', async () => {
    const slot = slotWithSeats(feed(), 1);
    const booked = await book(slot.sourceSlotId, 'bk-5');
    expect(booked.outcome).toBe('booked');
    if (booked.outcome !== 'booked') return;
    expect(await adapter().lookup('bk-5')).toEqual({
      found: true,
      hospitalBookingId: booked.hospitalBookingId,
      status: 'booked',
    });
    expect(await adapter().lookup('nobody')).toEqual({ found: false });
  });

  it.each([
    ['fulfilled', 'attended'],
    ['noshow', 'no_show'],
  ] as const)('when the desk records the visit as %s, then lookup says %s', async (recorded, expected) => {
    const slot = slotWithSeats(feed(), 1);
    const booked = await book(slot.sourceSlotId, `bk-visit-${recorded}`);
    if (booked.outcome !== 'booked') throw new Error(`not booked: ${booked.outcome}`);
    expect(feed().recordVisit(`bk-visit-${recorded}`, recorded)).toBeDefined();
    expect(await adapter().lookup(`bk-visit-${recorded}`)).toEqual({
      found: true,
      hospitalBookingId: booked.hospitalBookingId,
      status: expected,
    });
  });

  it('when cancelled, then the seat is freed; cancelling again is ok; an unknown reference is not_found', async () => {
    const slot = slotWithSeats(feed(), 1);
    const booked = await book(slot.sourceSlotId, 'bk-6');
    expect(truth(feed(), slot.sourceSlotId).remaining).toBe(0);
    const id = booked.outcome === 'booked' ? booked.hospitalBookingId : '';
    expect(await adapter().cancel('bk-6')).toEqual({
      outcome: 'cancelled',
      hospitalBookingId: id,
      alreadyCancelled: false,
    });
    expect(truth(feed(), slot.sourceSlotId).remaining).toBe(1);
    expect(await feedRemaining(feed(), slot.sourceSlotId)).toBe(1);
    expect(await adapter().cancel('bk-6')).toEqual({
      outcome: 'cancelled',
      hospitalBookingId: id,
      alreadyCancelled: true,
    });
    expect(truth(feed(), slot.sourceSlotId).remaining).toBe(1);
    expect(await adapter().lookup('bk-6')).toMatchObject({ found: true, status: 'cancelled' });
    expect(await adapter().cancel('nobody')).toEqual({ outcome: 'not_found' });
  });

  it('when the hospital commits the booking then drops the connection, then UpstreamError and lookup finds it', async () => {
    const slot = slotWithSeats(feed(), 1);
    feed().setFaults({ commitThenDrop: true });
    const err = await book(slot.sourceSlotId, 'bk-7').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UpstreamError);
    expect(err).toMatchObject({ kind: 'network', retryable: false });
    expect(await adapter().lookup('bk-7')).toMatchObject({ found: true, status: 'booked' });
    // Reconciling by booking again with the same reference takes no second seat.
    feed().setFaults({ commitThenDrop: false });
    expect(await book(slot.sourceSlotId, 'bk-7')).toMatchObject({ outcome: 'booked' });
    expect(feed().appointments()).toHaveLength(1);
  });

  it('when the hospital hangs, then the booking throws a timeout UpstreamError within the timeout', async () => {
    const slot = slotWithSeats(feed(), 1);
    feed().setFaults({ hang: true });
    const started = performance.now();
    const err = await book(slot.sourceSlotId, 'bk-8').catch((e: unknown) => e);
    const elapsed = performance.now() - started;
    expect(err).toBeInstanceOf(UpstreamError);
    expect(err).toMatchObject({ kind: 'timeout', retryable: false });
    expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
    expect(elapsed).toBeLessThan(TIMEOUT_MS + 1_000);
  });

  it('when the hospital answers 500, then UpstreamError, sent once, never retried', async () => {
    const slot = slotWithSeats(feed(), 1);
    feed().setFaults({ status500: true });
    const err = await book(slot.sourceSlotId, 'bk-9').catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'status', status: 500, retryable: false });
    expect(feed().appointments()).toHaveLength(0);
  });

  it('when the answer is malformed, then a malformed UpstreamError (the booking may still exist)', async () => {
    const slot = slotWithSeats(feed(), 1);
    feed().setFaults({ malformed: true });
    const err = await book(slot.sourceSlotId, 'bk-10').catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'malformed' });
    feed().setFaults({ malformed: false });
    expect(await adapter().lookup('bk-10')).toMatchObject({ found: true });
  });
});
