import mongoose from 'mongoose';
import {
  startHospitalFeed,
  startWechat,
  type FeedSlot,
  type HospitalFeedHandle,
  type WechatHandle,
} from '@jiankang/sim';
import { type Booking } from '@jiankang/shared';
import { bearer, loginWithConsent } from '../support/auth';
import { testMongoUri } from '../support/db';
import { request } from '../support/http';
import { startStack, TEST_WECHAT_APPID, TEST_WECHAT_SECRET, type Stack } from '../support/stack';
import { crowdPatients, pool } from '../support/crowd';

/**
 * The test of record: 1,000 booking attempts at once by different patients on one
 * 10-seat period, on the database CI runs (FerretDB, where updates are not atomic). Exactly 10
 * are confirmed, 990 get SLOT_FULL, and the hospital's own book agrees.
 */

jest.setTimeout(600_000);

const ATTEMPTS = Number(process.env.JK_CROWD ?? 1_000);
const PER_ACCOUNT = 5;
const HOSPITAL = 'hzszxrmyy';
let feed: HospitalFeedHandle;
let wechat: WechatHandle;
let stack: Stack;
let db: mongoose.Connection;

beforeAll(async () => {
  feed = await startHospitalFeed({ hospitalId: HOSPITAL, kind: 'fhir', profile: 'enriched', port: 0 });
  // 200 sign-ins within a minute: above WeChat's default per-minute quota for one appid.
  wechat = await startWechat({
    apps: { [TEST_WECHAT_APPID]: TEST_WECHAT_SECRET },
    code2SessionPerMinute: 10_000,
  });
  stack = await startStack({
    wechat,
    overrides: {
      hospitalRegistry: { hospitals: [{ id: HOSPITAL, adapter: 'fhir', baseUrl: feed.url }] },
      feeds: { enabled: false },
      // The set-up makes 1,000 patients (an EMPI call each) on a loaded 2-core machine; the EMPI
      // deadline is not what this test is about.
      regional: { timeoutMs: 20_000 },
      rateLimits: { loginPerIpPerMinute: 100_000 },
      booking: { perAccountPerMinute: 1_000_000, perIpPerMinute: 1_000_000, hospitalTimeoutMs: 30_000 },
    },
  });
  db = await mongoose.createConnection(testMongoUri(), { dbName: stack.dbName }).asPromise();
});
afterAll(async () => {
  await db?.close();
  await stack?.close();
  await feed?.close();
  await wechat?.close();
});

it(`${ATTEMPTS} patients book one 10-seat period at once: 10 confirmed, ${ATTEMPTS - 10} SLOT_FULL, the hospital agrees`, async () => {
  // A 10-seat period, all seats free.
  const now = Date.now() + 3 * 60 * 60_000;
  const slot = feed
    .listSlots()
    .find(
      (s: FeedSlot) =>
        s.capacity === 10 && s.status !== 'cancelled' && s.released && Date.parse(s.start) > now,
    );
  if (!slot) throw new Error('the simulator has no 10-seat period');
  if (slot.remaining < 10) feed.freeSlot(slot.sourceSlotId, 10 - slot.remaining);
  for (const r of await stack.runtime.slotSync.runAll({ full: true })) expect(r.ok).toBe(true);
  const slotId = `${HOSPITAL}:${slot.sourceSlotId}`;

  // 200 accounts × 5 patients, through the real API.
  const accounts = await pool(
    Array.from({ length: ATTEMPTS / PER_ACCOUNT }, (_, i) => i),
    16,
    () => loginWithConsent(stack),
  );
  const patients = await crowdPatients(stack.baseUrl, accounts, PER_ACCOUNT);

  const started = Date.now();
  const results = await Promise.all(
    patients.map(({ who, patientId }, n) =>
      request<Booking & { error?: { code: string } }>(`${stack.baseUrl}/api/v1/bookings`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'idempotency-key': `crowd-${n}-${started}`,
          ...bearer(who.accessToken),
        },
        body: JSON.stringify({ slotId, patientId }),
      }),
    ),
  );
  const confirmed = results.filter((r) => r.status === 201);
  const full = results.filter((r) => r.status === 409 && r.body.error?.code === 'SLOT_FULL');
  expect({
    confirmed: confirmed.length,
    full: full.length,
    other: ATTEMPTS - confirmed.length - full.length,
  }).toEqual({ confirmed: 10, full: ATTEMPTS - 10, other: 0 });

  // The hospital's book agrees, seat for seat and reference for reference.
  const booked = feed
    .appointments()
    .filter((a) => a.sourceSlotId === slot.sourceSlotId && a.status === 'booked');
  expect(booked.map((a) => a.reference).sort()).toEqual(confirmed.map((r) => r.body.id).sort());
  expect(feed.listSlots().find((s) => s.sourceSlotId === slot.sourceSlotId)?.remaining).toBe(0);
  // Locally: 10 confirmed bookings, 10 seat claims, no booking left pending.
  expect(await db.collection('bookings').countDocuments({ slotId, status: 'confirmed' })).toBe(10);
  const claims = await db.collection('booking_claims').find({ slotId }).toArray();
  expect(claims.filter((c) => String(c._id).startsWith('seat#'))).toHaveLength(10);
  expect(await db.collection('pending_bookings').countDocuments()).toBe(0);
  process.stderr.write(`[bookings-concurrency] ${ATTEMPTS} attempts in ${Date.now() - started} ms\n`);
});
