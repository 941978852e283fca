import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signPush } from './push';
import { startHospitalFeed } from './server';
import { freeSlot, type Json } from './testing';
import type { HospitalFeedHandle } from './types';

const SECRET = 'test-push-secret';
interface Received {
  headers: IncomingMessage['headers'];
  body: string;
}
let received: Received[] = [];
let answer = 200;
let receiver: Server;
let feed: HospitalFeedHandle;

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.statusCode = answer;
      res.end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/slot-events`;
  feed = await startHospitalFeed({ hospitalId: 'hzsdyrmyy', kind: 'fhir', push: { url, secret: SECRET } });
});
afterEach(() => {
  feed.reset();
  received = [];
  answer = 200;
});
afterAll(async () => {
  await feed.close();
  receiver.closeAllConnections();
  await new Promise((r) => receiver.close(r));
});

const verify = (r: Received) =>
  signPush(SECRET, String(r.headers['x-feed-timestamp']), String(r.headers['x-feed-nonce']), r.body) ===
  r.headers['x-feed-signature'];

describe('signed slot push', () => {
  it('when a slot is taken, then a signed slot.updated event with the new version reaches the receiver', async () => {
    const slot = freeSlot(feed.listSlots());
    feed.takeSlot(slot.sourceSlotId);
    await feed.flushPushes();
    expect(received).toHaveLength(1);
    const [got] = received as [Received];
    expect(verify(got)).toBe(true);
    expect(got.headers['x-feed-signature']).toMatch(/^[0-9a-f]{64}$/);
    expect(Math.abs(Number(got.headers['x-feed-timestamp']) - Date.now())).toBeLessThan(5_000);
    const { events } = JSON.parse(got.body) as Json;
    expect(events).toEqual([
      {
        eventId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        type: 'slot.updated',
        hospitalId: 'hzsdyrmyy',
        sourceSlotId: slot.sourceSlotId,
        version: slot.version + 1,
        occurredAt: expect.stringMatching(/\+08:00$/),
        slot: {
          start: slot.start,
          end: slot.end,
          capacity: slot.capacity,
          remaining: slot.remaining - 1,
          status: 'free',
        },
      },
    ]);
    expect(feed.pushLog()[0]).toMatchObject({ status: 200, delivered: true });
  });

  it('when a session is cancelled, then one push carries a session.cancelled event per period', async () => {
    const session = feed.listSlots().find((s) => s.status !== 'cancelled')!.sessionId;
    const periods = feed.listSlots().filter((s) => s.sessionId === session).length;
    feed.cancelSession(session);
    await feed.flushPushes();
    const { events } = JSON.parse(received[0]!.body) as Json;
    expect(events).toHaveLength(periods);
    expect(events.every((e: Json) => e.type === 'session.cancelled' && e.slot.status === 'cancelled')).toBe(
      true,
    );
  });

  it('when the receiver fails at first, then the push is retried until it is accepted', async () => {
    answer = 503;
    feed.takeSlot(freeSlot(feed.listSlots()).sourceSlotId);
    setTimeout(() => (answer = 200), 250);
    await feed.flushPushes();
    const [entry] = feed.pushLog();
    expect(entry!.attempts.length).toBeGreaterThan(1);
    expect(entry).toMatchObject({ delivered: true, status: 200 });
    expect(new Set(received.map((r) => r.body)).size).toBe(1);
  });

  it('when the last push is replayed, then the same events arrive again, freshly signed or byte-identical', async () => {
    feed.takeSlot(freeSlot(feed.listSlots()).sourceSlotId);
    await feed.flushPushes();
    const fresh = await feed.replayLastPush();
    const same = await feed.replayLastPush({ sameNonce: true });
    expect(received).toHaveLength(3);
    expect(received.map((r) => r.body)).toEqual([received[0]!.body, received[0]!.body, received[0]!.body]);
    expect(received[1]!.headers['x-feed-nonce']).not.toBe(received[0]!.headers['x-feed-nonce']);
    expect(received[2]!.headers['x-feed-nonce']).toBe(received[0]!.headers['x-feed-nonce']);
    expect(received.every(verify)).toBe(true);
    expect([fresh.replay, same.replay]).toEqual([true, true]);
  });
});
