import mongoose from 'mongoose';
import {
  NO_FEED_FAULTS,
  NO_WECHAT_FAULTS,
  startHospitalFeed,
  type FeedSlot,
  type HospitalFeedHandle,
} from '@jiankang/sim';
import { residentIdCheckChar, type Booking, type PatientResponse } from '@jiankang/shared';
import { addDays, beijingDate, fromBeijing } from '@jiankang/shared/domain';
import { createLogger } from '../../bff/src/lib/logger';
import { accountModels } from '../../bff/src/models/accounts';
import { bookingModels, type BookingDoc, type OutboxEntry } from '../../bff/src/models/bookings';
import { ReminderSender } from '../../bff/src/services/bookings/reminder-sender';
import { WechatMessageClient } from '../../bff/src/upstreams/wechat/messages';
import { bearer, loginWithConsent, type LoggedIn } from '../support/auth';
import { testMongoUri } from '../support/db';
import { request } from '../support/http';
import { startStack, type Stack } from '../support/stack';

/**
 * 候诊提醒 and 停诊 notices over real HTTP: a FHIR hospital simulator, the BFF on the test
 * database, the WeChat simulator receiving the subscribe messages. The sender runs only when a
 * test calls `runtime.reminders.runOnce(at)`, so the test moves time instead of waiting for it.
 */

jest.setTimeout(120_000);

const HOSPITAL = 'hzszxrmyy';
const MINUTE = 60_000;
let feed: HospitalFeedHandle;
let stack: Stack;
let db: mongoose.Connection;
let template: string;

const url = (path: string) => `${stack.baseUrl}/api/v1${path}`;
let seq = 0;

function residentId(): string {
  seq += 1;
  const first17 = `441302${1960 + (seq % 40)}0${1 + (seq % 9)}2${seq % 10}${String(seq % 1000).padStart(3, '0')}`;
  return first17 + residentIdCheckChar(first17);
}

function call<T>(who: LoggedIn, method: string, path: string, body?: unknown, key?: string) {
  return request<T>(url(path), {
    method,
    headers: {
      ...bearer(who.accessToken),
      ...(body !== undefined && { 'content-type': 'application/json' }),
      ...(key && { 'Idempotency-Key': key }),
    },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
}

interface Person {
  who: LoggedIn;
  patientId: string;
  idNumber: string;
  phone: string;
}

async function person(): Promise<Person> {
  const who = await loginWithConsent(stack);
  const idNumber = residentId();
  const phone = `138${String(10_000_000 + seq).slice(-8)}`;
  const res = await call<PatientResponse>(who, 'POST', '/patients', {
    name: '李小红',
    idType: 'resident_id',
    idNumber,
    phone,
    relation: 'self',
  });
  if (res.status !== 201) throw new Error(`patient: ${res.status} ${res.text}`);
  return { who, patientId: res.body.patient.id, idNumber, phone };
}

/** A free period at least two days ahead (both reminders still to come), its day not used before. */
const usedDays = new Set<string>();
function period(): FeedSlot {
  const from = addDays(beijingDate(new Date()), 2);
  const s = feed
    .listSlots()
    .find(
      (x) =>
        x.status === 'free' &&
        x.released &&
        x.remaining > 0 &&
        x.date >= from &&
        !usedDays.has(`${x.date}#${x.deptCode}#${x.sessionId}`),
    );
  if (!s) throw new Error('no bookable period two days ahead');
  usedDays.add(`${s.date}#${s.deptCode}#${s.sessionId}`);
  return s;
}

async function bookFor(p: Person, s = period()): Promise<{ id: string; slot: FeedSlot }> {
  const res = await call<Booking>(
    p.who,
    'POST',
    '/bookings',
    { slotId: `${HOSPITAL}:${s.sourceSlotId}`, patientId: p.patientId },
    `reminder-test-${Date.now()}-${(seq += 1)}`,
  );
  if (res.status !== 201) throw new Error(`booking: ${res.status} ${res.text}`);
  return { id: res.body.id, slot: s };
}

const stored = async (id: string) =>
  (await db.collection<BookingDoc>('bookings').findOne({ _id: id })) as unknown as BookingDoc;
const entry = async (id: string, kind: OutboxEntry['kind']) =>
  (await stored(id)).outbox.find((o) => o.kind === kind) as OutboxEntry;
const messagesTo = (openid: string) => stack.wechat.sentMessages().filter((m) => m.touser === openid);
/** When the evening reminder is due: the configured hour, Beijing, the day before the visit. */
const eveningOf = (s: FeedSlot) =>
  fromBeijing(
    addDays(s.date, -1),
    `${String(stack.config.booking.reminders.eveningHour).padStart(2, '0')}:00`,
  );
const hourBeforeOf = (s: FeedSlot) =>
  new Date(Date.parse(s.start) - stack.config.booking.reminders.hourBeforeMinutes * MINUTE);
const at = (d: Date, plusMs = MINUTE) => new Date(d.getTime() + plusMs);
const send = (when: Date) => stack.runtime.reminders.runOnce(when);

beforeAll(async () => {
  feed = await startHospitalFeed({ hospitalId: HOSPITAL, kind: 'fhir', port: 0 });
  stack = await startStack({
    overrides: {
      hospitalRegistry: { hospitals: [{ id: HOSPITAL, adapter: 'fhir', baseUrl: feed.url }] },
      feeds: { enabled: false },
      rateLimits: { loginPerIpPerMinute: 100_000 },
      booking: {
        hospitalTimeoutMs: 1_500,
        reconcileIntervalMs: 3_600_000,
        perAccountPerMinute: 100_000,
        perIpPerMinute: 100_000,
        reminders: {
          eveningHour: 20,
          hourBeforeMinutes: 60,
          // The background run stays out of the way: the tests drive the sender.
          sendIntervalMs: 3_600_000,
          templateId: 'jk-visit-reminder',
        },
      },
    },
  });
  template = stack.config.booking.reminders.templateId;
  db = await mongoose.createConnection(testMongoUri(), { dbName: stack.dbName }).asPromise();
  for (const r of await stack.runtime.slotSync.runAll({ full: true })) expect(r.ok).toBe(true);
});
afterEach(() => {
  feed.setFaults(NO_FEED_FAULTS);
  stack.wechat.setFaults(NO_WECHAT_FAULTS);
});
afterAll(async () => {
  await db?.close();
  await stack?.close();
  await feed?.close();
});

describe('reminders of a confirmed booking', () => {
  it('when each comes due, then the evening-before and the hour-before messages are sent once each', async () => {
    const p = await person();
    stack.wechat.subscribe(p.who.openid, template, 5);
    const { id, slot } = await bookFor(p);
    expect((await stored(id)).outbox.map((o) => [o.kind, o.state])).toEqual([
      ['reminder_evening', 'pending'],
      ['reminder_hour', 'pending'],
    ]);

    await send(new Date());
    expect(messagesTo(p.who.openid)).toHaveLength(0);

    await send(at(eveningOf(slot)));
    await send(at(eveningOf(slot), 2 * MINUTE));
    expect(messagesTo(p.who.openid)).toHaveLength(1);
    expect(await entry(id, 'reminder_evening')).toMatchObject({ state: 'sent', attempts: 1 });
    expect((await entry(id, 'reminder_evening')).sentAt).toBeInstanceOf(Date);
    expect(await entry(id, 'reminder_hour')).toMatchObject({ state: 'pending', attempts: 0 });

    await send(at(hourBeforeOf(slot)));
    await send(at(hourBeforeOf(slot), 5 * MINUTE));
    const sent = messagesTo(p.who.openid);
    expect(sent).toHaveLength(2);
    expect(await entry(id, 'reminder_hour')).toMatchObject({ state: 'sent', attempts: 1 });

    // What the resident reads: hospital, department, doctor, Beijing time, the masked name.
    const data = sent[0]!.data;
    expect(sent[0]).toMatchObject({ template_id: template, page: `pages/booking/success/index?id=${id}` });
    const booking = await stored(id);
    expect(data.thing1!.value).toBe(booking.hospitalName.slice(0, 20));
    expect(data.thing3!.value).toBe(slot.doctorName);
    expect(data.time4!.value).toContain(slot.start.slice(11, 16));
    expect(data.name5!.value).toBe('李*红');
    const text = JSON.stringify(sent);
    expect(text).not.toContain(p.idNumber);
    expect(text).not.toContain(p.phone);
    expect(text).not.toContain('李小红');
    expect(await db.collection('sent_messages').countDocuments({ bookingId: id, outcome: 'sent' })).toBe(2);
  });

  it('when two senders (two replicas) run at the same moment, then each message goes out once', async () => {
    const p = await person();
    stack.wechat.subscribe(p.who.openid, template, 5);
    const { id, slot } = await bookFor(p);
    const conn = await mongoose.createConnection(testMongoUri(), { dbName: stack.dbName }).asPromise();
    try {
      const accounts = accountModels(conn);
      const other = new ReminderSender(
        bookingModels(conn),
        async (accountId) => (await accounts.Account.findById(accountId).lean().exec())?.openid ?? null,
        new WechatMessageClient(stack.config.wechat),
        createLogger('silent'),
        { intervalMs: 3_600_000, templateId: template },
      );
      const when = at(hourBeforeOf(slot));
      const reports = await Promise.all([send(when), other.runOnce(when), send(when), other.runOnce(when)]);
      // Calls in one process share a pass; the two replicas' passes race on the send claims.
      expect([...new Set(reports)].reduce((n, r) => n + r.sent, 0)).toBe(2);
      expect(messagesTo(p.who.openid)).toHaveLength(2);
      // FerretDB updates are read-modify-write: two senders recording different entries of one
      // booking at once may lose one record. The claim keeps the outcome, so the next pass repairs
      // the entry from it, and nothing is sent again.
      await Promise.all([send(at(when, MINUTE)), other.runOnce(at(when, MINUTE))]);
      expect(messagesTo(p.who.openid)).toHaveLength(2);
      expect((await stored(id)).outbox.map((o) => o.state)).toEqual(['sent', 'sent']);
      const claims = await db.collection('sent_messages').find({ bookingId: id }).toArray();
      expect(claims.map((c) => c.outcome)).toEqual(['sent', 'sent']);
    } finally {
      await conn.close();
    }
  });

  it('when the resident has no subscription, then WeChat refuses (43101): refused, never retried', async () => {
    const p = await person();
    const { id, slot } = await bookFor(p);
    const report = await send(at(eveningOf(slot)));
    expect(report.refused).toBeGreaterThanOrEqual(1);
    expect(await entry(id, 'reminder_evening')).toMatchObject({ state: 'refused', attempts: 1 });
    expect((await entry(id, 'reminder_evening')).lastError).toContain('43101');
    // A grant arriving later does not bring the refused one back.
    stack.wechat.subscribe(p.who.openid, template, 1);
    await send(at(eveningOf(slot), 30 * MINUTE));
    expect(await entry(id, 'reminder_evening')).toMatchObject({ state: 'refused', attempts: 1 });
    expect(messagesTo(p.who.openid)).toHaveLength(0);
  });

  it('when WeChat is down, then the reminder is retried with backoff and sent once after recovery', async () => {
    const p = await person();
    stack.wechat.subscribe(p.who.openid, template, 5);
    const { id, slot } = await bookFor(p);
    const due = at(eveningOf(slot));

    stack.wechat.setFaults({ status500: true });
    expect((await send(due)).retrying).toBeGreaterThanOrEqual(1);
    let e = await entry(id, 'reminder_evening');
    expect(e).toMatchObject({ state: 'pending', attempts: 1 });
    expect(e.lastError).toContain('HTTP 500');
    expect(new Date(e.retryAt!).getTime()).toBeGreaterThan(due.getTime());
    expect(await db.collection('sent_messages').countDocuments({ bookingId: id })).toBe(0);

    stack.wechat.setFaults({ status500: false, systemBusy: true });
    await send(new Date(e.retryAt!));
    e = await entry(id, 'reminder_evening');
    expect(e).toMatchObject({ state: 'pending', attempts: 2 });
    expect(e.lastError).toContain('system busy');

    stack.wechat.setFaults(NO_WECHAT_FAULTS);
    await send(new Date(new Date(e.retryAt!).getTime() - 1_000));
    expect(messagesTo(p.who.openid)).toHaveLength(0);
    await send(new Date(e.retryAt!));
    await send(at(new Date(e.retryAt!)));
    expect(messagesTo(p.who.openid)).toHaveLength(1);
    expect(await entry(id, 'reminder_evening')).toMatchObject({ state: 'sent', attempts: 3 });
  });

  it('when WeChat stays down, then the reminder is given up as failed after the last attempt', async () => {
    const p = await person();
    stack.wechat.subscribe(p.who.openid, template, 5);
    const { id, slot } = await bookFor(p);
    stack.wechat.setFaults({ systemBusy: true });
    let when = at(eveningOf(slot));
    for (let i = 0; i < 5; i += 1) {
      await send(when);
      const e = await entry(id, 'reminder_evening');
      if (e.state !== 'pending') break;
      when = new Date(e.retryAt!);
    }
    expect(await entry(id, 'reminder_evening')).toMatchObject({ state: 'failed', attempts: 5 });
    stack.wechat.setFaults(NO_WECHAT_FAULTS);
    await send(at(when, 60 * MINUTE));
    expect(await entry(id, 'reminder_evening')).toMatchObject({ state: 'failed' });
    expect(messagesTo(p.who.openid)).toHaveLength(0);
  });
});

describe('reminders of a booking that ended', () => {
  it('when the resident cancelled it, then its reminders are skipped and nothing is sent', async () => {
    const p = await person();
    stack.wechat.subscribe(p.who.openid, template, 5);
    const { id, slot } = await bookFor(p);
    expect((await call<Booking>(p.who, 'POST', `/bookings/${id}/cancel`)).status).toBe(200);
    expect((await stored(id)).outbox.map((o) => o.state)).toEqual(['skipped', 'skipped']);
    await send(at(eveningOf(slot)));
    await send(at(hourBeforeOf(slot)));
    expect(messagesTo(p.who.openid)).toHaveLength(0);
  });

  it('when an entry is still pending on a cancelled booking (a lost write), then the sender skips it', async () => {
    const p = await person();
    stack.wechat.subscribe(p.who.openid, template, 5);
    const { id, slot } = await bookFor(p);
    expect((await call<Booking>(p.who, 'POST', `/bookings/${id}/cancel`)).status).toBe(200);
    await db
      .collection<BookingDoc>('bookings')
      .updateOne({ _id: id }, { $set: { 'outbox.0.state': 'pending', 'outbox.1.state': 'pending' } });
    expect((await send(at(hourBeforeOf(slot)))).skipped).toBeGreaterThanOrEqual(2);
    expect((await stored(id)).outbox.map((o) => o.state)).toEqual(['skipped', 'skipped']);
    expect(messagesTo(p.who.openid)).toHaveLength(0);
  });

  it('when the hospital cancels the session (停诊), then the notice is sent once, naming an alternative', async () => {
    const p = await person();
    stack.wechat.subscribe(p.who.openid, template, 5);
    const { id, slot } = await bookFor(p);
    feed.cancelSession(slot.sessionId);
    await stack.runtime.slotSync.pollers.get(HOSPITAL)!.runOnce();
    const ended = await stored(id);
    expect(ended.status).toBe('cancelled_by_hospital');
    expect(ended.alternatives.length).toBeGreaterThan(0);
    expect(ended.outbox.map((o) => [o.kind, o.state])).toEqual([
      ['reminder_evening', 'skipped'],
      ['reminder_hour', 'skipped'],
      ['hospital_cancelled', 'pending'],
    ]);

    await Promise.all([send(new Date()), send(new Date())]);
    await send(at(new Date()));
    const sent = messagesTo(p.who.openid);
    expect(sent).toHaveLength(1);
    const alt = ended.alternatives[0]!;
    expect(sent[0]!.data.thing6!.value).toContain('停诊');
    expect(sent[0]!.data.thing7!.value).toContain(alt.doctorName);
    expect(await entry(id, 'hospital_cancelled')).toMatchObject({ state: 'sent', attempts: 1 });
  });
});

describe('the WeChat message client', () => {
  it('when the access token expires, then a new one is fetched and the message still goes out', async () => {
    const p = await person();
    stack.wechat.subscribe(p.who.openid, template, 2);
    const client = new WechatMessageClient(stack.config.wechat);
    const message = { touser: p.who.openid, templateId: template, data: { thing1: { value: 'x' } } };
    expect(await client.send(message)).toMatchObject({ outcome: 'sent' });
    // The simulator's clock passes the token's 7200 s: WeChat answers 42001 to the cached token.
    stack.wechat.advanceClock(7_300_000);
    try {
      expect(await client.send(message)).toMatchObject({ outcome: 'sent' });
    } finally {
      stack.wechat.reset();
    }
    expect(await client.send(message)).toMatchObject({ outcome: 'refused', errcode: 43101 });
    expect(await client.send({ ...message, data: {} as Record<string, { value: string }> })).toMatchObject({
      outcome: 'failed',
    });
    stack.wechat.setFaults({ hang: true });
    expect(
      await new WechatMessageClient({ ...stack.config.wechat, timeoutMs: 200 }).send(message),
    ).toMatchObject({
      outcome: 'retry',
    });
  });
});
