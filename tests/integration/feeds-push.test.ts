import { randomUUID } from 'node:crypto';
import mongoose, { type Connection } from 'mongoose';
import { startHospitalFeed, type FeedSlot, type HospitalFeedHandle } from '@jiankang/sim';
import type { SlotDetailResponse, SlotEvent, SlotEventsResponse } from '@jiankang/shared';
import { slotModels, type SlotDoc, type SlotModels } from '../../bff/src/models/slots';
import { testMongoUri } from '../support/db';
import { freePort, signedPushHeaders, type SignedPushOptions } from '../support/feeds';
import { expectEnvelope, getJson, request, type JsonResponse } from '../support/http';
import { startStack, type Stack } from '../support/stack';

/**
 * Signed slot-event push over real HTTP: a FHIR hospital simulator pushing to the BFF, which
 * stores slots in its own FerretDB database. Polls are driven by the test (feeds.enabled false),
 * so every change seen here came through a push.
 */

jest.setTimeout(60_000);

const HOSPITAL = 'hzszxrmyy';
const NOT_PUSHING = 'hzsdyrmyy';
const SECRET = 'test-only-push-secret-0123456789';
const DAY = 24 * 60 * 60_000;

let stack: Stack;
let feed: HospitalFeedHandle;
let quiet: HospitalFeedHandle;
let conn: Connection;
let models: SlotModels;
const used = new Set<string>();

const pushUrl = (hospitalId = HOSPITAL) => `${stack.baseUrl}/api/v1/feeds/${hospitalId}/slot-events`;
const ourId = (s: FeedSlot) => `${HOSPITAL}:${s.sourceSlotId}`;
const stored = async (s: FeedSlot) => {
  const res = await getJson<SlotDetailResponse>(`${stack.baseUrl}/api/v1/slots/${ourId(s)}`);
  expect(res.status).toBe(200);
  return res.body;
};
const truth = (s: FeedSlot) => feed.listSlots().find((t) => t.sourceSlotId === s.sourceSlotId)!;

/**
 * The slot as the API shows it, once it matches. A push answers after the read index reloads, but
 * waits for that only so long (the hospital gives up after 3 s), so a loaded machine may lag a little.
 */
async function shown(s: FeedSlot, expected: Partial<SlotDetailResponse>, timeoutMs = 5_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const body = await stored(s);
    try {
      expect(body).toMatchObject(expected);
      return body;
    } catch (err) {
      if (Date.now() > deadline) throw err;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The slot as the database holds it: what was written, whatever the read index shows. */
const inDb = (s: FeedSlot) => models.Slot.findById(ourId(s)).lean<SlotDoc>().exec();

/** Nothing was written to the slot: the simulator's (unchanged) version and count, as polled. */
async function expectUntouched(s: FeedSlot) {
  expect(await inDb(s)).toMatchObject({ remaining: s.remaining, version: s.version });
}

/** A released, bookable slot no other test has touched. */
function freshSlot(): FeedSlot {
  const s = feed.listSlots().find(
    (t) =>
      !used.has(t.sessionId) &&
      t.status === 'free' &&
      t.released &&
      t.remaining > 2 &&
      // Periods over before the import were dropped (counted as past), so pick one ahead.
      Date.parse(t.end) > Date.now() + 10 * 60_000,
  )!;
  used.add(s.sessionId);
  return s;
}

function event(s: FeedSlot, change: { version: number; remaining: number; eventId?: string }): SlotEvent {
  return {
    eventId: change.eventId ?? randomUUID(),
    type: 'slot.updated',
    hospitalId: HOSPITAL,
    sourceSlotId: s.sourceSlotId,
    version: change.version,
    occurredAt: new Date().toISOString(),
    slot: {
      start: s.start,
      end: s.end,
      capacity: s.capacity,
      remaining: change.remaining,
      status: change.remaining > 0 ? 'free' : 'full',
    },
  };
}

const post = (body: string, headers: Record<string, string>, hospitalId = HOSPITAL) =>
  request<SlotEventsResponse>(pushUrl(hospitalId), { method: 'POST', headers, body });

/** Signs and sends `{"events": [...]}` (or any other body object) as the hospital would. */
function push(
  payload: unknown,
  opts: SignedPushOptions & { hospitalId?: string } = {},
): Promise<JsonResponse<SlotEventsResponse>> {
  const body = JSON.stringify(payload);
  return post(body, signedPushHeaders(SECRET, body, opts), opts.hospitalId);
}

beforeAll(async () => {
  // The registry must name the simulator before the BFF starts, and the simulator must name the
  // BFF's push URL, whose port is known only once the BFF listens: so the simulator's port is fixed first.
  const port = await freePort();
  quiet = await startHospitalFeed({ hospitalId: NOT_PUSHING, kind: 'fhir', profile: 'enriched', port: 0 });
  stack = await startStack({
    overrides: {
      hospitalRegistry: {
        hospitals: [
          {
            id: HOSPITAL,
            adapter: 'fhir',
            baseUrl: `http://127.0.0.1:${port}/fhir`,
            timeoutMs: 2_000,
            push: { url: `http://127.0.0.1:${port}/unused`, secret: SECRET },
          },
          { id: NOT_PUSHING, adapter: 'fhir', baseUrl: quiet.url, timeoutMs: 2_000 },
        ],
      },
      feeds: { enabled: false },
    },
  });
  // Pushed events carry remaining and 停诊; the poll must agree with them, so it reads our enrichments.
  feed = await startHospitalFeed({
    hospitalId: HOSPITAL,
    kind: 'fhir',
    profile: 'enriched',
    port,
    push: { url: pushUrl(), secret: SECRET },
  });
  for (const r of await stack.runtime.slotSync.runAll({ full: true })) {
    expect(r).toMatchObject({ ok: true, complete: true });
  }
  conn = await mongoose.createConnection(testMongoUri(), { dbName: stack.dbName }).asPromise();
  models = slotModels(conn);
});

afterAll(async () => {
  await conn?.close();
  await feed?.close();
  await quiet?.close();
  await stack?.close();
});

describe('a hospital pushing slot changes', () => {
  test('when a place is taken, then one push (no poll) brings remaining down by one', async () => {
    const s = freshSlot();
    const before = await stored(s);
    expect(before.remaining).toBe(s.remaining);

    feed.takeSlot(s.sourceSlotId);
    await feed.flushPushes();

    const log = feed.pushLog();
    expect(log.at(-1)).toMatchObject({ status: 200, delivered: true, replay: false });
    expect(log.at(-1)!.attempts).toHaveLength(1);
    await shown(s, { remaining: before.remaining - 1, status: 'available' });
  });

  test('when the last place is taken, then the slot is full', async () => {
    const s = freshSlot();
    feed.takeSlot(s.sourceSlotId, s.remaining);
    await feed.flushPushes();
    await shown(s, { remaining: 0, status: 'full' });
  });

  test('when a session is cancelled (停诊), then every slot of it is cancelled', async () => {
    const s = freshSlot();
    // Periods of the session already over at import were never stored (counted as past).
    const periods = feed
      .listSlots()
      .filter((t) => t.sessionId === s.sessionId && Date.parse(t.end) > Date.now());
    expect(periods.length).toBeGreaterThan(0);

    feed.cancelSession(s.sessionId);
    await feed.flushPushes();

    expect(feed.pushLog().at(-1)).toMatchObject({ status: 200, eventIds: expect.any(Array) });
    for (const p of periods) await shown(p, { status: 'cancelled', remaining: 0 });
  });

  test('when the sim replays the last push with a fresh nonce, then it is a 200 and applied once', async () => {
    const s = freshSlot();
    feed.takeSlot(s.sourceSlotId);
    await feed.flushPushes();
    const replay = await feed.replayLastPush();
    expect(replay).toMatchObject({ status: 200, replay: true });
    await shown(s, { remaining: s.remaining - 1 });
    expect(await inDb(s)).toMatchObject({ remaining: s.remaining - 1, version: s.version + 1 });
  });

  test('when the sim replays the last push with the same nonce, then 401 and applied once', async () => {
    const s = freshSlot();
    feed.takeSlot(s.sourceSlotId);
    await feed.flushPushes();
    const replay = await feed.replayLastPush({ sameNonce: true });
    expect(replay).toMatchObject({ status: 401, delivered: false });
    expect(replay.attempts).toHaveLength(1); // a 401 is final, not retried
    await shown(s, { remaining: s.remaining - 1 });
    expect(await inDb(s)).toMatchObject({ remaining: s.remaining - 1, version: s.version + 1 });
  });
});

describe('signature, timestamp and nonce', () => {
  test('when one byte of a signed body is changed, then 401 and nothing changes', async () => {
    const s = freshSlot();
    const body = JSON.stringify({ events: [event(s, { version: s.version + 10, remaining: 0 })] });
    const headers = signedPushHeaders(SECRET, body);
    const tampered = body.replace('"remaining":0', '"remaining":1');
    expect(tampered).not.toBe(body);

    const res = await post(tampered, headers);
    expectEnvelope(res, 401, 'SIGNATURE_INVALID');
    expect(res.text).not.toContain(headers['x-feed-signature']);
    await expectUntouched(s);
  });

  test.each([
    ['a stale timestamp (6 minutes old)', { timestamp: String(Date.now() - 6 * 60_000) }],
    ['a timestamp 6 minutes ahead', { timestamp: String(Date.now() + 6 * 60_000) }],
    ['a timestamp in seconds', { timestamp: String(Math.floor(Date.now() / 1000)) }],
  ])('when correctly signed but with %s, then 401 and nothing changes', async (_what, opts) => {
    const s = freshSlot();
    const res = await push({ events: [event(s, { version: s.version + 1, remaining: 0 })] }, opts);
    expectEnvelope(res, 401, 'SIGNATURE_INVALID');
    await expectUntouched(s);
  });

  test.each([
    ['no signature', (h: Record<string, string>) => ({ ...h, 'x-feed-signature': '' })],
    ['no timestamp', (h: Record<string, string>) => ({ ...h, 'x-feed-timestamp': '' })],
    ['no nonce', (h: Record<string, string>) => ({ ...h, 'x-feed-nonce': '' })],
    [
      'a signature that is not hex',
      (h: Record<string, string>) => ({ ...h, 'x-feed-signature': 'z'.repeat(64) }),
    ],
    ['a short signature', (h: Record<string, string>) => ({ ...h, 'x-feed-signature': 'ab12' })],
    [
      'the signature of another secret',
      (h: Record<string, string>, body: string) =>
        signedPushHeaders('another-secret-0123456789', body, {
          timestamp: h['x-feed-timestamp'],
          nonce: h['x-feed-nonce'],
        }),
    ],
  ])('when sent with %s, then 401', async (_what, change) => {
    const s = freshSlot();
    const body = JSON.stringify({ events: [event(s, { version: s.version + 1, remaining: 0 })] });
    const res = await post(body, change(signedPushHeaders(SECRET, body), body));
    expectEnvelope(res, 401, 'SIGNATURE_INVALID');
    await expectUntouched(s);
  });

  test('when the same request arrives twice at once, then exactly one 200 and one 401', async () => {
    const s = freshSlot();
    const body = JSON.stringify({ events: [event(s, { version: s.version + 1, remaining: 1 })] });
    const headers = signedPushHeaders(SECRET, body);
    const answers = await Promise.all([post(body, headers), post(body, headers)]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 401]);
    expectEnvelope(
      answers.find((a) => a.status === 401)!,
      401,
      'SIGNATURE_INVALID',
    );
    expect(answers.find((a) => a.status === 200)!.body).toEqual({
      accepted: 1,
      duplicates: 0,
      outdated: 0,
      unknown: 0,
    });
    await shown(s, { remaining: 1 });
    expect(await inDb(s)).toMatchObject({ remaining: 1, version: s.version + 1 });
  });

  test('when the body is not JSON but correctly signed, then 400 MALFORMED_JSON; unsigned, then 401', async () => {
    const body = '{"events": [';
    expectEnvelope(await post(body, signedPushHeaders(SECRET, body)), 400, 'MALFORMED_JSON');
    const unsigned = { ...signedPushHeaders(SECRET, body), 'x-feed-signature': '0'.repeat(64) };
    expectEnvelope(await post(body, unsigned), 401, 'SIGNATURE_INVALID');
  });
});

describe('applying events', () => {
  test('when an event id comes again with a fresh nonce, then 200, counted duplicate, applied once', async () => {
    const s = freshSlot();
    const e = event(s, { version: s.version + 1, remaining: s.remaining - 1 });
    const first = await push({ events: [e] });
    expect(first.body).toEqual({ accepted: 1, duplicates: 0, outdated: 0, unknown: 0 });

    const again = await push({ events: [e] });
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ accepted: 0, duplicates: 1, outdated: 0, unknown: 0 });
    await shown(s, { remaining: s.remaining - 1 });
    expect(await inDb(s)).toMatchObject({ remaining: s.remaining - 1, version: s.version + 1 });
  });

  test('when version 5 arrives before version 4, then the version 5 state is kept', async () => {
    const s = freshSlot();
    const v5 = await push({ events: [event(s, { version: s.version + 5, remaining: 1 })] });
    expect(v5.body).toEqual({ accepted: 1, duplicates: 0, outdated: 0, unknown: 0 });
    const v4 = await push({ events: [event(s, { version: s.version + 4, remaining: 2 })] });
    expect(v4.status).toBe(200);
    expect(v4.body).toEqual({ accepted: 0, duplicates: 0, outdated: 1, unknown: 0 });
    const same = await push({ events: [event(s, { version: s.version + 5, remaining: 0 })] });
    expect(same.body).toMatchObject({ accepted: 0, outdated: 1 });
    expect(await inDb(s)).toMatchObject({ remaining: 1, version: s.version + 5, status: 'available' });
    await shown(s, { remaining: 1, status: 'available' });
  });

  test('when one batch holds two versions of a slot, then the higher one wins whatever the order', async () => {
    const s = freshSlot();
    const res = await push({
      events: [
        event(s, { version: s.version + 3, remaining: 0 }),
        event(s, { version: s.version + 2, remaining: 2 }),
      ],
    });
    expect(res.body).toEqual({ accepted: 1, duplicates: 0, outdated: 1, unknown: 0 });
    expect(await inDb(s)).toMatchObject({ remaining: 0, version: s.version + 3, status: 'full' });
    await shown(s, { remaining: 0, status: 'full' });
  });

  test('when an event names a slot we do not hold, then 200 and it is counted unknown', async () => {
    const s = freshSlot();
    const ghost = { ...s, sourceSlotId: `${s.sourceSlotId}-ghost` };
    const res = await push({ events: [event(ghost, { version: 1, remaining: 1 })] });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ accepted: 0, duplicates: 0, outdated: 0, unknown: 1 });
    const missing = await getJson(`${stack.baseUrl}/api/v1/slots/${ourId(ghost)}`);
    expectEnvelope(missing, 404, 'SLOT_NOT_FOUND');
  });

  test('when the push is bigger than the global 100kb limit but under the push limit, then it is read', async () => {
    const s = freshSlot();
    const events = Array.from({ length: 350 }, (_, i) =>
      event({ ...s, sourceSlotId: `${s.sourceSlotId}-bulk${i}` }, { version: 1, remaining: 1 }),
    );
    const body = JSON.stringify({ events });
    expect(Buffer.byteLength(body)).toBeGreaterThan(100 * 1024);
    const res = await post(body, signedPushHeaders(SECRET, body));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ accepted: 0, duplicates: 0, outdated: 0, unknown: 350 });
  });
});

describe('refused input', () => {
  test.each([
    [
      'a missing version',
      (e: SlotEvent) => {
        const { version: _v, ...rest } = e;
        return rest;
      },
      'events.0.version',
    ],
    [
      'a negative remaining',
      (e: SlotEvent) => ({ ...e, slot: { ...e.slot, remaining: -1 } }),
      'events.0.slot.remaining',
    ],
    [
      'remaining over capacity',
      (e: SlotEvent) => ({ ...e, slot: { ...e.slot, remaining: 99 } }),
      'events.0.slot.remaining',
    ],
    ['a version that is not an integer', (e: SlotEvent) => ({ ...e, version: 1.5 }), 'events.0.version'],
    ['an unknown type', (e: SlotEvent) => ({ ...e, type: 'slot.deleted' }), 'events.0.type'],
    [
      'another hospital’s event',
      (e: SlotEvent) => ({ ...e, hospitalId: NOT_PUSHING }),
      'events.0.hospitalId',
    ],
    ['an event id with a #', (e: SlotEvent) => ({ ...e, eventId: 'a#b' }), 'events.0.eventId'],
  ])(
    'when an event has %s, then 400 naming the field and nothing is written',
    async (_what, spoil, field) => {
      const s = freshSlot();
      const res = await push({ events: [spoil(event(s, { version: s.version + 1, remaining: 0 }))] });
      expectEnvelope(res, 400, 'VALIDATION_FAILED');
      expect(res.body).toMatchObject({ error: { field } });
      await expectUntouched(s);
    },
  );

  test.each([
    ['no events', { events: [] }, 'events'],
    ['events that are not a list', { events: {} }, 'events'],
    ['a JSON array', [], '(root)'],
  ])('when the body has %s, then 400', async (_what, payload, field) => {
    const res = await push(payload);
    expectEnvelope(res, 400, 'VALIDATION_FAILED');
    expect(res.body).toMatchObject({ error: { field } });
  });

  test('when one event of a batch is good and one bad, then 400 and neither is written', async () => {
    const s = freshSlot();
    const good = event(s, { version: s.version + 1, remaining: 0 });
    const bad = { ...event(s, { version: s.version + 2, remaining: 0 }), version: undefined };
    const res = await push({ events: [good, bad] });
    expectEnvelope(res, 400, 'VALIDATION_FAILED');
    expect(res.body).toMatchObject({ error: { field: 'events.1.version' } });
    await expectUntouched(s);

    // Nothing was recorded either: the good event alone is applied later, not taken for a duplicate.
    const alone = await push({ events: [good] });
    expect(alone.body).toEqual({ accepted: 1, duplicates: 0, outdated: 0, unknown: 0 });
    await shown(s, { remaining: 0 });
  });

  test('when the body is over feeds.pushMaxBodyBytes, then 413', async () => {
    const s = freshSlot();
    const payload = {
      events: [event(s, { version: s.version + 1, remaining: 0 })],
      padding: 'x'.repeat(stack.config.feeds.pushMaxBodyBytes),
    };
    const res = await push(payload);
    expectEnvelope(res, 413, 'PAYLOAD_TOO_LARGE');
    await expectUntouched(s);
  });

  test('when the body is over the limit and sent in chunks without a length, then 413', async () => {
    const body = JSON.stringify({ padding: 'x'.repeat(stack.config.feeds.pushMaxBodyBytes) });
    const half = body.length / 2;
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(body.slice(0, half)));
        controller.enqueue(new TextEncoder().encode(body.slice(half)));
        controller.close();
      },
    });
    const res = await request(pushUrl(), {
      method: 'POST',
      headers: signedPushHeaders(SECRET, body),
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expectEnvelope(res, 413, 'PAYLOAD_TOO_LARGE');
  });

  test.each([
    ['a hospital not in the registry', 'nosuchhospital'],
    ['a hospital that is polled but does not push', NOT_PUSHING],
  ])('when the push is for %s, then 404 FEED_NOT_FOUND', async (_what, hospitalId) => {
    const res = await push({ events: [] }, { hospitalId });
    expectEnvelope(res, 404, 'FEED_NOT_FOUND');
  });

  test('when the body is not sent as JSON, then 415', async () => {
    const s = freshSlot();
    const res = await push(
      { events: [event(s, { version: s.version + 1, remaining: 0 })] },
      { contentType: 'text/plain' },
    );
    expectEnvelope(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
    await expectUntouched(s);
  });

  test('when the method is not POST, then 405', async () => {
    const res = await getJson(pushUrl());
    expectEnvelope(res, 405, 'METHOD_NOT_ALLOWED');
  });
});

describe('cleanup', () => {
  test('when event ids have expired, then the cleanup forgets them and versions still hold', async () => {
    const s = freshSlot();
    const e = event(s, { version: s.version + 1, remaining: 1 });
    expect((await push({ events: [e] })).body).toMatchObject({ accepted: 1 });
    expect((await push({ events: [e] })).body).toMatchObject({ duplicates: 1 });

    await stack.runtime.services.slotEvents.cleanup(new Date(Date.now() + 8 * DAY));

    // The id is forgotten, so the event is looked at again, and its version stops it.
    expect((await push({ events: [e] })).body).toEqual({
      accepted: 0,
      duplicates: 0,
      outdated: 1,
      unknown: 0,
    });
    expect(truth(s).remaining).toBe(s.remaining); // the simulator never heard of it
    expect(await inDb(s)).toMatchObject({ remaining: 1, version: s.version + 1 });
  });
});
