import mongoose from 'mongoose';
import { NO_FEED_FAULTS, type FeedSlot } from '@jiankang/sim';
import {
  residentIdCheckChar,
  type Booking,
  type BookingListResponse,
  type PatientResponse,
} from '@jiankang/shared';
import { bearer, loginWithConsent, type LoggedIn } from '../support/auth';
import { testMongoUri } from '../support/db';
import { expectEnvelope, request } from '../support/http';
import { FEED_SIMS, startFeedSims, type FeedSims } from '../support/feed-sims';
import { startStack, type Stack } from '../support/stack';
import { bookableSlot } from '../support/feed-truth';

/**
 * Booking over real HTTP: three hospital simulators (FHIR, SMART provider API, GBK HIS), the
 * BFF on FerretDB, WeChat login, real patients (EMPI at the regional simulator).
 */

jest.setTimeout(180_000);

const HOSPITALS = FEED_SIMS;
let sims: FeedSims;
let stack: Stack;
let db: mongoose.Connection;

const feed = (id: string) => sims.handles.get(id)!;
const ourId = (hospitalId: string, s: FeedSlot) => `${hospitalId}:${s.sourceSlotId}`;
const url = (path: string) => `${stack.baseUrl}/api/v1${path}`;
let keySeq = 0;
const newKey = () => `test-key-${Date.now()}-${(keySeq += 1)}`;

let idSeq = 0;
function residentId(): string {
  idSeq += 1;
  const first17 = `441302${1950 + (idSeq % 50)}0${1 + (idSeq % 9)}1${idSeq % 10}${String(idSeq % 1000).padStart(3, '0')}`;
  return first17 + residentIdCheckChar(first17);
}

function call<T = unknown>(
  who: LoggedIn,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  return request<T>(url(path), {
    method,
    headers: {
      ...bearer(who.accessToken),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
}

async function patientOf(who: LoggedIn, relation = 'self'): Promise<string> {
  const res = await call<PatientResponse>(who, 'POST', '/patients', {
    name: '王小明',
    idType: 'resident_id',
    idNumber: residentId(),
    phone: `139${String(10_000_000 + idSeq).slice(-8)}`,
    relation,
  });
  if (res.status !== 201) throw new Error(`patient: ${res.status} ${res.text}`);
  return res.body.patient.id;
}

const book = (who: LoggedIn, slotId: string, patientId: string, key = newKey()) =>
  call<Booking>(who, 'POST', '/bookings', { slotId, patientId }, { 'Idempotency-Key': key });

/** A period bookable now by the simulator's truth, not used by an earlier test. */
const used = new Set<string>();
function bookable(id: string, extra: (s: FeedSlot) => boolean = () => true): FeedSlot {
  const now = Date.now() + 3 * 60 * 60_000;
  const s = bookableSlot(feed(id).listSlots(), now, (x) => !used.has(x.sourceSlotId) && extra(x));
  if (!s) throw new Error(`no bookable slot at ${id}`);
  used.add(s.sourceSlotId);
  // Nothing else this session/day/department either, so rules do not interfere between tests.
  for (const x of feed(id).listSlots())
    if (x.date === s.date && x.deptCode === s.deptCode) used.add(x.sourceSlotId);
  return s;
}

const sync = (id: string) => stack.runtime.slotSync.pollers.get(id)!.runOnce({ full: true });

beforeAll(async () => {
  sims = await startFeedSims({
    // One hospital closes online cancellation a week ahead: every booking there is past it.
    entry: (id) => (id === 'blxrmyy' ? { booking: { cancelCutoffMinutes: 7 * 24 * 60 } } : {}),
  });
  stack = await startStack({
    overrides: {
      ...sims.overrides,
      rateLimits: { loginPerIpPerMinute: 100_000 },
      booking: {
        hospitalTimeoutMs: 1_500,
        reconcileIntervalMs: 3_600_000,
        giveUpAfterMs: 1_000,
        perAccountPerMinute: 100_000,
        perIpPerMinute: 100_000,
      },
    },
  });
  db = await mongoose.createConnection(testMongoUri(), { dbName: stack.dbName }).asPromise();
  for (const r of await stack.runtime.slotSync.runAll({ full: true })) expect(r.ok).toBe(true);
});
afterEach(() => {
  for (const f of sims.handles.values()) f.setFaults(NO_FEED_FAULTS);
});
afterAll(async () => {
  await db?.close();
  await stack?.close();
  await sims?.close();
});

describe('booking a period', () => {
  it.each(HOSPITALS.map((h) => h.id))(
    'at %s: confirmed by the hospital, its seat taken there, listed as active',
    async (id) => {
      const who = await loginWithConsent(stack);
      const patientId = await patientOf(who);
      const s = bookable(id);
      const res = await book(who, ourId(id, s), patientId);
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        status: 'confirmed',
        awaitingHospital: false,
        patient: { id: patientId },
      });
      expect(res.body.patient.name).toContain('*');
      const there = feed(id).findAppointment(res.body.id);
      expect(there).toMatchObject({ status: 'booked', sourceSlotId: s.sourceSlotId });
      expect(
        feed(id)
          .listSlots()
          .find((x) => x.sourceSlotId === s.sourceSlotId)!.remaining,
      ).toBe(s.remaining - 1);
      const list = await call<BookingListResponse>(who, 'GET', '/bookings?status=active');
      expect(list.body.items.map((b) => b.id)).toEqual([res.body.id]);
      expect((await call<Booking>(who, 'GET', `/bookings/${res.body.id}`)).body.status).toBe('confirmed');
    },
  );

  it('the same Idempotency-Key and body answer the same booking once; another body is a 422; no key is a 400', async () => {
    const who = await loginWithConsent(stack);
    const patientId = await patientOf(who);
    const s = bookable('hzszxrmyy');
    const key = newKey();
    const [a, b, c] = await Promise.all(
      [0, 1, 2].map(() => book(who, ourId('hzszxrmyy', s), patientId, key)),
    );
    const ok = [a!, b!, c!];
    expect(new Set(ok.map((r) => r.status))).toEqual(new Set([201]));
    expect(new Set(ok.map((r) => r.body.id)).size).toBe(1);
    expect(
      feed('hzszxrmyy')
        .appointments()
        .filter((x) => x.reference === a!.body.id),
    ).toHaveLength(1);
    const again = await book(who, ourId('hzszxrmyy', s), patientId, key);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.id).toBe(a!.body.id);
    const other = bookable('hzszxrmyy');
    expectEnvelope(await book(who, ourId('hzszxrmyy', other), patientId, key), 422, 'IDEMPOTENCY_KEY_REUSED');
    expectEnvelope(
      await call(who, 'POST', '/bookings', { slotId: ourId('hzszxrmyy', other), patientId }),
      400,
      'IDEMPOTENCY_KEY_REQUIRED',
    );
  });

  it('1 seat left and 40 patients at once: exactly one booked, the rest SLOT_FULL, and the hospital agrees', async () => {
    const s = bookable('hzszyyy', (x) => x.capacity >= 2 && x.remaining >= 2);
    feed('hzszyyy').takeSlot(s.sourceSlotId, s.remaining - 1);
    await sync('hzszyyy');
    const people = await Promise.all(
      Array.from({ length: 8 }, async () => {
        const who = await loginWithConsent(stack);
        const ids: string[] = [];
        for (let i = 0; i < 5; i += 1) ids.push(await patientOf(who, i === 0 ? 'self' : 'child'));
        return { who, ids };
      }),
    );
    const tries = people.flatMap(({ who, ids }) => ids.map((id) => ({ who, id, key: newKey() })));
    const results = await Promise.all(tries.map((t) => book(t.who, ourId('hzszyyy', s), t.id, t.key)));
    const statuses = results.map((r) => r.status);
    const confirmed = results.filter((r) => r.status === 201);
    // With capacity > 1 the local seats are more than what is left: the hospital refuses the rest.
    expect(confirmed).toHaveLength(1);
    expect(statuses.filter((x) => x === 409)).toHaveLength(39);
    for (const r of results.filter((x) => x.status === 409))
      expect((r.body as unknown as { error: { code: string } }).error.code).toBe('SLOT_FULL');
    const there = feed('hzszyyy')
      .appointments()
      .filter((x) => x.sourceSlotId === s.sourceSlotId && x.status === 'booked');
    expect(there).toHaveLength(1);
    expect(there[0]!.reference).toBe(confirmed[0]!.body.id);
    const claims = await db
      .collection('booking_claims')
      .find({ slotId: ourId('hzszyyy', s) })
      .toArray();
    expect(claims.filter((c) => String(c._id).startsWith('seat#'))).toHaveLength(1);

    // The winner's phone lost the answer and retries while the slot is known full in memory:
    // it gets its booking back, never SLOT_FULL.
    const winner = tries[results.indexOf(confirmed[0]!)]!;
    const again = await book(winner.who, ourId('hzszyyy', s), winner.id, winner.key);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.id).toBe(confirmed[0]!.body.id);
    const loser = tries.find((_, i) => results[i]!.status === 409)!;
    const refusedAgain = await book(loser.who, ourId('hzszyyy', s), loser.id, loser.key);
    expect(refusedAgain.status).toBe(409);
  });
});

describe('refusals', () => {
  let who: LoggedIn;
  let patientId: string;
  beforeAll(async () => {
    who = await loginWithConsent(stack);
    patientId = await patientOf(who);
  });

  it('a full, a 停诊, a not yet released and a past period are refused with their codes, nothing written', async () => {
    // Refused locally: the BFF's copy must know what the hospital knows (earlier tests filled periods).
    await sync('hzszxrmyy');
    const truth = feed('hzszxrmyy').listSlots();
    const now = Date.now();
    const full = truth.find((x) => x.status === 'full' && x.released && Date.parse(x.start) > now);
    const cancelled = truth.find((x) => x.status === 'cancelled' && Date.parse(x.start) > now);
    const unreleased = truth.find((x) => !x.released && x.status === 'free');
    // Begun but not over: a period over before the import is not stored at all (SLOT_NOT_FOUND).
    const past = truth.find((x) => Date.parse(x.start) < now && Date.parse(x.end) > now + 60_000);
    const before = await db.collection('bookings').countDocuments();
    for (const [slot, code] of [
      [full, 'SLOT_FULL'],
      [cancelled, 'SLOT_CANCELLED'],
      [unreleased, 'SLOT_NOT_RELEASED'],
      [past, 'SLOT_IN_PAST'],
    ] as const) {
      if (!slot) continue; // the simulator's day may not have one at this hour
      expectEnvelope(await book(who, ourId('hzszxrmyy', slot), patientId), 409, code);
    }
    expect(await db.collection('bookings').countDocuments()).toBe(before);
    expect(await db.collection('booking_claims').countDocuments({ patientId })).toBe(0);
  });

  it('a second booking in the same department on the same day is DUPLICATE_BOOKING', async () => {
    const s = bookable('hzszxrmyy');
    expect((await book(who, ourId('hzszxrmyy', s), patientId)).status).toBe(201);
    const sameDay =
      feed('hzszxrmyy')
        .listSlots()
        .find(
          (x) =>
            x.date === s.date &&
            x.deptCode === s.deptCode &&
            x.sessionId !== s.sessionId &&
            x.status === 'free' &&
            x.released &&
            Date.parse(x.start) > Date.now() + 60 * 60_000,
        ) ??
      feed('hzszxrmyy')
        .listSlots()
        .find(
          (x) =>
            x.date === s.date &&
            x.deptCode === s.deptCode &&
            x.sourceSlotId !== s.sourceSlotId &&
            x.status === 'free' &&
            x.released &&
            Date.parse(x.start) > Date.now() + 60 * 60_000,
        );
    if (sameDay)
      expectEnvelope(await book(who, ourId('hzszxrmyy', sameDay), patientId), 409, 'DUPLICATE_BOOKING');
  });

  it('three no-shows within 90 days suspend booking (NO_SHOW_BANNED)', async () => {
    const other = await patientOf(who, 'child');
    const day = 24 * 60 * 60_000;
    await db.collection('no_shows').insertMany(
      [10, 20, 30].map((d) => ({
        _id: `${other}#old${d}` as unknown as mongoose.Types.ObjectId,
        patientId: other,
        hospitalId: 'hzszxrmyy',
        at: new Date(Date.now() - d * day),
      })),
    );
    expectEnvelope(await book(who, ourId('hzszxrmyy', bookable('hzszxrmyy')), other), 409, 'NO_SHOW_BANNED');
  });

  it('bad input: operator-shaped and prototype keys, unknown slot, another account’s patient', async () => {
    const s = bookable('hzszxrmyy');
    const bad = (body: unknown) => call(who, 'POST', '/bookings', body, { 'Idempotency-Key': newKey() });
    for (const body of [
      { slotId: { $ne: null }, patientId },
      { slotId: ourId('hzszxrmyy', s), patientId, extra: 1 },
    ]) {
      expectEnvelope(await bad(body), 400, 'VALIDATION_FAILED');
    }
    // The JSON parser itself refuses prototype keys.
    expectEnvelope(
      await bad('{"slotId":"hzszxrmyy:x","patientId":"abcdefgh","__proto__":{"admin":true}}'),
      400,
      'MALFORMED_JSON',
    );
    expectEnvelope(await book(who, 'hzszxrmyy:NOPE-20260101-0800', patientId), 404, 'SLOT_NOT_FOUND');
    const mallory = await loginWithConsent(stack);
    expectEnvelope(await book(mallory, ourId('hzszxrmyy', s), patientId), 404, 'PATIENT_NOT_FOUND');
    expectEnvelope(
      await call(
        who,
        'POST',
        '/bookings',
        { slotId: ourId('hzszxrmyy', s), patientId },
        { 'Idempotency-Key': 'short' },
      ),
      400,
      'VALIDATION_FAILED',
    );
  });
});

describe('after the visit', () => {
  const hoursAfter = (b: Booking, h: number) => new Date(Date.parse(b.slot.end) + h * 60 * 60_000);

  it.each([
    ['hzszxrmyy', 'noshow', 'no_show'],
    ['hzszyyy', 'fulfilled', 'attended'],
    ['blxrmyy', 'noshow', 'no_show'],
  ] as const)(
    'at %s the desk records %s: the booking becomes %s and its active claim is freed',
    async (id, recorded, expected) => {
      const who = await loginWithConsent(stack);
      const patientId = await patientOf(who);
      const booked = (await book(who, ourId(id, bookable(id)), patientId)).body;
      const statusOf = async () => (await call<Booking>(who, 'GET', `/bookings/${booked.id}`)).body.status;
      // Not recorded yet: the booking stays confirmed however often the job asks.
      await stack.runtime.visits.runOnce(hoursAfter(booked, 2));
      expect(await statusOf()).toBe('confirmed');
      expect(feed(id).recordVisit(booked.id, recorded)).toBeDefined();
      // Within the grace after the period nobody asks; after it, the outcome is taken, once.
      await stack.runtime.visits.runOnce(hoursAfter(booked, 0.5));
      expect(await statusOf()).toBe('confirmed');
      await stack.runtime.visits.runOnce(hoursAfter(booked, 2));
      expect(await statusOf()).toBe(expected);
      await stack.runtime.visits.runOnce(hoursAfter(booked, 3));
      expect(await statusOf()).toBe(expected);
      const noShows = await db.collection('no_shows').countDocuments({ patientId });
      expect(noShows).toBe(expected === 'no_show' ? 1 : 0);
      const claims = await db.collection('booking_claims').countDocuments({ bookingId: booked.id });
      expect(claims).toBe(0);
    },
  );

  it('three no-shows recorded by the hospitals suspend the patient (NO_SHOW_BANNED); others are not affected', async () => {
    const who = await loginWithConsent(stack);
    const patientId = await patientOf(who);
    const sibling = await patientOf(who, 'child');
    let latest: Booking | undefined;
    for (const id of ['hzszxrmyy', 'hzszyyy', 'blxrmyy']) {
      const booked = (await book(who, ourId(id, bookable(id)), patientId)).body;
      expect(booked.status).toBe('confirmed');
      feed(id).recordVisit(booked.id, 'noshow');
      if (!latest || booked.slot.end > latest.slot.end) latest = booked;
    }
    await stack.runtime.visits.runOnce(hoursAfter(latest!, 2));
    expect(await db.collection('no_shows').countDocuments({ patientId })).toBe(3);
    expectEnvelope(
      await book(who, ourId('hzszxrmyy', bookable('hzszxrmyy')), patientId),
      409,
      'NO_SHOW_BANNED',
    );
    expect((await book(who, ourId('hzszxrmyy', bookable('hzszxrmyy')), sibling)).status).toBe(201);
  });

  it('at most maxActivePerPatient upcoming bookings (TOO_MANY_ACTIVE_BOOKINGS); a visit over frees one', async () => {
    const who = await loginWithConsent(stack);
    const patientId = await patientOf(who);
    const made: Booking[] = [];
    // Five different days or departments across the three hospitals (the default limit is 5).
    for (const id of ['hzszxrmyy', 'hzszyyy', 'blxrmyy', 'hzszxrmyy', 'hzszyyy']) {
      const res = await book(who, ourId(id, bookable(id)), patientId);
      expect(res.status).toBe(201);
      made.push(res.body);
    }
    const sixth = ourId('blxrmyy', bookable('blxrmyy'));
    expectEnvelope(await book(who, sixth, patientId), 409, 'TOO_MANY_ACTIVE_BOOKINGS');
    const first = made[0]!;
    feed('hzszxrmyy').recordVisit(first.id, 'fulfilled');
    await stack.runtime.visits.runOnce(hoursAfter(first, 2));
    expect((await book(who, sixth, patientId)).status).toBe(201);
  });
});

describe('cancel', () => {
  it('returns the seat to the hospital and locally; again is the same answer; another account gets 404', async () => {
    const who = await loginWithConsent(stack);
    const patientId = await patientOf(who);
    const s = bookable('hzszyyy');
    const made = await book(who, ourId('hzszyyy', s), patientId);
    expect(made.status).toBe(201);
    const cancel = () => call<Booking>(who, 'POST', `/bookings/${made.body.id}/cancel`);
    const [a, b] = await Promise.all([cancel(), cancel()]);
    expect([a!.status, b!.status]).toEqual([200, 200]);
    expect((await cancel()).body.status).toBe('cancelled_by_patient');
    expect(feed('hzszyyy').findAppointment(made.body.id)?.status).toBe('cancelled');
    expect(
      feed('hzszyyy')
        .listSlots()
        .find((x) => x.sourceSlotId === s.sourceSlotId)!.remaining,
    ).toBe(s.remaining);
    expect(await db.collection('booking_claims').countDocuments({ bookingId: made.body.id })).toBe(0);
    const mallory = await loginWithConsent(stack);
    expectEnvelope(await call(mallory, 'POST', `/bookings/${made.body.id}/cancel`), 404, 'BOOKING_NOT_FOUND');
    expectEnvelope(await call(mallory, 'GET', `/bookings/${made.body.id}`), 404, 'BOOKING_NOT_FOUND');
    // The same department and day can be booked again.
    const sameDay = feed('hzszyyy')
      .listSlots()
      .find(
        (x) =>
          x.date === s.date &&
          x.deptCode === s.deptCode &&
          x.status === 'free' &&
          x.released &&
          x.remaining > 0,
      );
    expect((await book(who, ourId('hzszyyy', sameDay!), patientId)).status).toBe(201);
  });

  it('past the hospital’s cutoff is CANCEL_WINDOW_CLOSED', async () => {
    const who = await loginWithConsent(stack);
    const patientId = await patientOf(who);
    const made = await book(who, ourId('blxrmyy', bookable('blxrmyy')), patientId);
    expect(made.status).toBe(201);
    expectEnvelope(await call(who, 'POST', `/bookings/${made.body.id}/cancel`), 409, 'CANCEL_WINDOW_CLOSED');
  });
});

describe('when the hospital answer is lost', () => {
  it('committed then dropped: 202 pending, then the reconciler confirms it exactly once', async () => {
    const who = await loginWithConsent(stack);
    const patientId = await patientOf(who);
    const s = bookable('hzszxrmyy');
    feed('hzszxrmyy').setFaults({ commitThenDrop: true });
    const res = await book(who, ourId('hzszxrmyy', s), patientId);
    feed('hzszxrmyy').setFaults(NO_FEED_FAULTS);
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ status: 'pending', awaitingHospital: true });
    await db
      .collection('pending_bookings')
      .updateOne({ _id: res.body.id as never }, { $set: { checkAfter: new Date(0) } });
    expect(await stack.runtime.reconciler.runOnce()).toMatchObject({ confirmed: 1 });
    const after = await call<Booking>(who, 'GET', `/bookings/${res.body.id}`);
    expect(after.body.status).toBe('confirmed');
    expect(
      feed('hzszxrmyy')
        .appointments()
        .filter((x) => x.reference === res.body.id),
    ).toHaveLength(1);
  });
});

describe('停诊', () => {
  it('cancels the bookings of the session, offers alternatives, and rebook books one in one step, once', async () => {
    const who = await loginWithConsent(stack);
    const patientId = await patientOf(who);
    const s = bookable('hzszxrmyy');
    const made = await book(who, ourId('hzszxrmyy', s), patientId);
    expect(made.status).toBe(201);
    feed('hzszxrmyy').cancelSession(s.sessionId);
    await stack.runtime.slotSync.pollers.get('hzszxrmyy')!.runOnce();
    const after = await call<Booking>(who, 'GET', `/bookings/${made.body.id}`);
    expect(after.body.status).toBe('cancelled_by_hospital');
    expect(after.body.alternatives.length).toBeGreaterThan(0);
    const alt = after.body.alternatives[0]!;
    const rebooked = await call<Booking>(
      who,
      'POST',
      `/bookings/${made.body.id}/rebook`,
      { slotId: alt.id },
      { 'Idempotency-Key': newKey() },
    );
    expect(rebooked.status).toBe(201);
    expect(rebooked.body.slot.id).toBe(alt.id);
    expect((await call<Booking>(who, 'GET', `/bookings/${made.body.id}`)).body.rebookedAs).toBe(
      rebooked.body.id,
    );
    expectEnvelope(
      await call(
        who,
        'POST',
        `/bookings/${made.body.id}/rebook`,
        { slotId: alt.id },
        { 'Idempotency-Key': newKey() },
      ),
      409,
      'BOOKING_NOT_REBOOKABLE',
    );
  });
});
