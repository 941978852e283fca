import mongoose, { type Connection } from 'mongoose';
import { startHospitalFeed, type FeedKind, type FeedSlot, type HospitalFeedHandle } from '@jiankang/sim';
import { createLogger } from '../../bff/src/lib/logger';
import { slotModels, type FeedStateDoc, type SlotDoc, type SlotModels } from '../../bff/src/models/slots';
import { SlotSync, type PollerOptions } from '../../bff/src/services/slot-sync';
import { createFeedAdapter } from '../../bff/src/upstreams/hospitals/create-feed-adapter';
import type { FeedAdapter, FeedAdapterConfig } from '../../bff/src/upstreams/hospitals/common/feed-adapter';
import { dropDatabase, testMongoUri, uniqueDbName } from '../support/db';
import { expectedStatus } from '../support/feed-truth';

const T0 = Date.parse('2026-01-05T07:00:00+08:00');
const DAY = 24 * 60 * 60_000;
let clockMs = T0;
const HOSPITALS: Record<FeedKind, { id: string; encoding?: 'gbk' }> = {
  fhir: { id: 'hzszxrmyy' },
  'smart-scheduling-links': { id: 'hzszyyy' },
  'his-xml': { id: 'blxrmyy', encoding: 'gbk' },
};
const KINDS = Object.keys(HOSPITALS) as FeedKind[];
// Whole syncs against FerretDB take seconds each; give a loaded CI machine room.
jest.setTimeout(60_000);

const FAST: PollerOptions = { timeoutMs: 2_000, backoffInitialMs: 20, backoffMaxMs: 60 };

const feeds = new Map<FeedKind, HospitalFeedHandle>();
const calls = new Map<string, number>();
const dbName = uniqueDbName();
let conn: Connection;
let models: SlotModels;
let sync: SlotSync | undefined;

const feed = (kind: FeedKind) => feeds.get(kind)!;
const idOf = (kind: FeedKind) => HOSPITALS[kind].id;

/** The real adapter, counting fetches (each is at least one request to the simulator). */
function countingAdapter(entry: FeedAdapterConfig): FeedAdapter {
  const inner = createFeedAdapter(entry);
  return {
    hospitalId: inner.hospitalId,
    kind: inner.kind,
    fetch(opts) {
      calls.set(entry.id, (calls.get(entry.id) ?? 0) + 1);
      return inner.fetch(opts);
    },
  };
}

function makeSync(poller: PollerOptions = {}): SlotSync {
  const entries = KINDS.map((kind) => ({
    id: idOf(kind),
    adapter: kind,
    baseUrl: feed(kind).url,
    ...(HOSPITALS[kind].encoding && { encoding: HOSPITALS[kind].encoding }),
  }));
  sync = new SlotSync(entries, models, createLogger('silent'), {
    intervalMs: 60_000,
    poller: { ...FAST, ...poller },
    adapterFor: countingAdapter,
    // The simulators' clock: what is past is judged by it, as a real poller judges by its own.
    now: () => new Date(clockMs),
  });
  return sync;
}

const poller = (kind: FeedKind) => sync!.pollers.get(idOf(kind))!;
const stored = (kind: FeedKind) =>
  models.Slot.find({ hospitalId: idOf(kind) })
    .lean<SlotDoc[]>()
    .exec();
const storedSlot = (kind: FeedKind, s: FeedSlot) =>
  models.Slot.findById(`${idOf(kind)}:${s.sourceSlotId}`)
    .lean<SlotDoc>()
    .exec();
const stateOf = (kind: FeedKind) => models.FeedState.findById(idOf(kind)).lean<FeedStateDoc>().exec();
const statusOf = async (kind: FeedKind) => (await sync!.status()).find((s) => s.hospitalId === idOf(kind))!;

const takeable = (kind: FeedKind) =>
  feed(kind)
    .listSlots()
    .find((s) => s.status === 'free' && s.released && s.remaining > 1)!;

beforeAll(async () => {
  for (const kind of KINDS) {
    const { id, encoding } = HOSPITALS[kind];
    feeds.set(
      kind,
      // Stored exactly as the feed says, fee and 号数 included: the enriched profile carries them.
      await startHospitalFeed({
        hospitalId: id,
        kind,
        profile: 'enriched',
        port: 0,
        now: () => new Date(clockMs),
        ...(encoding && { encoding }),
      }),
    );
  }
  conn = await mongoose.createConnection(testMongoUri(), { dbName }).asPromise();
  models = slotModels(conn);
  await Promise.all([models.Slot.init(), models.FeedState.init()]);
});
afterEach(async () => {
  await sync?.stop();
  sync = undefined;
  for (const f of feeds.values()) f.reset();
  clockMs = T0;
  calls.clear();
  // Through the collections: a reset between cases is not a query the services make.
  await models.Slot.collection.deleteMany({});
  await models.FeedState.collection.deleteMany({});
});
afterAll(async () => {
  await conn?.close();
  await dropDatabase(dbName);
  await Promise.all([...feeds.values()].map((f) => f.close()));
});

describe('slot sync', () => {
  it('when synced the first time, then every simulator slot is stored as the feed says; again unchanged, nothing is written', async () => {
    const first = await makeSync().runAll();
    for (const r of first) expect(r).toMatchObject({ ok: true, full: true, complete: true });
    for (const kind of KINDS) {
      const truth = feed(kind).listSlots();
      const byId = new Map((await stored(kind)).map((s) => [s.sourceId, s]));
      expect(byId.size).toBe(truth.length);
      for (const t of truth) {
        expect(byId.get(t.sourceSlotId)).toMatchObject({
          remaining: t.remaining,
          status: expectedStatus(t),
          feeFen: t.feeFen,
          capacity: t.capacity,
        });
      }
      expect(await statusOf(kind)).toMatchObject({
        status: 'ok',
        slotCount: truth.length,
        consecutiveFailures: 0,
        lastError: null,
      });
      expect((await statusOf(kind)).lagSeconds).toBeLessThanOrEqual(30);
    }

    // Again with no change: no slot written, only the state records the success.
    const before = (await models.Slot.collection
      .find({}, { projection: { syncedAt: 1 } })
      .toArray()) as unknown as SlotDoc[];
    const stateBefore = await stateOf('his-xml');
    const results = await sync!.runAll();
    for (const r of results) {
      expect(r.ok).toBe(true);
      if (r.written) expect(r.written).toMatchObject({ inserted: 0, replaced: 0, deleted: 0 });
    }
    expect(results.find((r) => r.hospitalId === idOf('fhir'))).toMatchObject({ notModified: true });
    expect(results.find((r) => r.hospitalId === idOf('smart-scheduling-links'))).toMatchObject({
      notModified: true,
    });
    const after = (await models.Slot.collection
      .find({}, { projection: { syncedAt: 1 } })
      .toArray()) as unknown as SlotDoc[];
    expect(new Map(after.map((s) => [s._id, s.syncedAt.getTime()]))).toEqual(
      new Map(before.map((s) => [s._id, s.syncedAt.getTime()])),
    );
    const stateAfter = (await stateOf('his-xml'))!;
    expect(stateAfter).toMatchObject({ consecutiveFailures: 0, slotCount: stateBefore!.slotCount });
    expect(stateAfter.lastSuccessAt!.getTime()).toBeGreaterThanOrEqual(stateBefore!.lastSuccessAt!.getTime());
  });

  it('when a slot is taken or a session cancelled (停诊), then one incremental poll (FHIR, SMART) or full pull (HIS) shows it', async () => {
    makeSync();
    await sync!.runAll();
    clockMs += 60_000;
    const taken = new Map(KINDS.map((kind) => [kind, takeable(kind)]));
    for (const [kind, slot] of taken) feed(kind).takeSlot(slot.sourceSlotId);
    const results = await sync!.runAll();
    for (const [kind, slot] of taken) {
      const result = results.find((r) => r.hospitalId === idOf(kind))!;
      expect(result).toMatchObject({ ok: true, complete: kind === 'his-xml' });
      if (kind !== 'his-xml') expect(result.slots).toBe(1);
      expect(await storedSlot(kind, slot)).toMatchObject({ remaining: slot.remaining - 1 });
    }

    clockMs += 60_000;
    for (const kind of KINDS) {
      const session = feed(kind)
        .listSlots()
        .find((s) => s.status !== 'cancelled' && s.released)!.sessionId;
      feed(kind).cancelSession(session);
      await poller(kind).runOnce();
      const periods = await models.Slot.find({ hospitalId: idOf(kind), sessionId: session })
        .lean<SlotDoc[]>()
        .exec();
      expect(periods.length).toBeGreaterThan(0);
      for (const p of periods) expect(p).toMatchObject({ status: 'cancelled', remaining: 0 });
    }
  });

  it('when a day leaves the window, then its slots stay through incremental polls and go on the next full sync', async () => {
    const kind = 'fhir';
    // The clock moves a day: the periodic full sync must not fall due on its own here.
    makeSync({ fullSyncEveryMs: 3 * DAY });
    await poller(kind).runOnce();
    const firstDay = feed(kind).listSlots()[0]!.date;
    clockMs += DAY;
    const truth = feed(kind).listSlots();
    expect(truth.some((s) => s.date === firstDay)).toBe(false);

    expect(await poller(kind).runOnce()).toMatchObject({ ok: true, full: false, complete: false });
    const afterIncremental = await stored(kind);
    expect(afterIncremental.some((s) => s.date === firstDay)).toBe(true);
    expect(afterIncremental.length).toBeGreaterThan(truth.length);

    expect(await poller(kind).runOnce({ full: true })).toMatchObject({ ok: true, complete: true });
    const afterFull = await stored(kind);
    expect(afterFull.some((s) => s.date === firstDay)).toBe(false);
    expect(afterFull.map((s) => s.sourceId).sort()).toEqual(truth.map((s) => s.sourceSlotId).sort());
  });

  it('when the feed answers 500, then it is retried twice, the state shows the error and the slots are kept', async () => {
    makeSync();
    await poller('fhir').runOnce();
    const count = (await stored('fhir')).length;
    feed('fhir').setFaults({ status500: true });
    calls.clear();
    const result = await poller('fhir').runOnce();
    expect(result).toMatchObject({ ok: false, error: expect.stringMatching(/HTTP 500/) });
    expect(calls.get(idOf('fhir'))).toBe(3);
    expect(await stored('fhir')).toHaveLength(count);
    expect(await statusOf('fhir')).toMatchObject({
      status: 'error',
      consecutiveFailures: 1,
      lastError: expect.stringMatching(/HTTP 500/),
      slotCount: count,
    });
  });

  it('when the feed answers 429 with Retry-After: 1, then the retry waits at least 1 s', async () => {
    makeSync();
    feed('smart-scheduling-links').setFaults({ status429: { retryAfterSeconds: 1 } });
    setTimeout(() => feed('smart-scheduling-links').setFaults({ status429: null }), 300);
    const started = Date.now();
    const result = await poller('smart-scheduling-links').runOnce();
    expect(result.ok).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
    expect(calls.get(idOf('smart-scheduling-links'))).toBe(2);
  });

  it('when the feed hangs, then the 300 ms per-hospital timeout fires and the poller reports an error', async () => {
    makeSync({ timeoutMs: 300 });
    feed('his-xml').setFaults({ hang: true });
    const started = Date.now();
    const result = await poller('his-xml').runOnce();
    expect(result).toMatchObject({ ok: false, error: expect.stringMatching(/300 ms|deadline/) });
    expect(Date.now() - started).toBeLessThan(2_500);
    expect(await statusOf('his-xml')).toMatchObject({ status: 'error', consecutiveFailures: 1 });
  });

  it('when failures repeat, then the circuit opens and the feed is not asked again until half-open', async () => {
    makeSync({ halfOpenAfterMs: 500 });
    feed('fhir').setFaults({ status500: true });
    await poller('fhir').runOnce(); // 3 failed attempts
    const second = await poller('fhir').runOnce(); // 2 more: the 5th opens the circuit
    expect(second.error).toMatch(/circuit open/);
    expect(calls.get(idOf('fhir'))).toBe(5);
    expect(await statusOf('fhir')).toMatchObject({ status: 'circuit_open', consecutiveFailures: 2 });

    expect(await poller('fhir').runOnce()).toMatchObject({
      ok: false,
      error: expect.stringMatching(/circuit/),
    });
    expect(calls.get(idOf('fhir'))).toBe(5);

    feed('fhir').setFaults({ status500: false });
    await new Promise((r) => setTimeout(r, 600));
    expect(await poller('fhir').runOnce()).toMatchObject({ ok: true });
    expect(calls.get(idOf('fhir'))).toBe(6);
    expect(await statusOf('fhir')).toMatchObject({ status: 'ok', consecutiveFailures: 0 });
  });

  it('when one hospital hangs, then another hospital’s poll is not delayed', async () => {
    // The hung hospital's timeout is far longer than a healthy poll, even on a loaded CI machine.
    makeSync({ timeoutMs: 6_000, retries: 0 });
    feed('fhir').setFaults({ hang: true });
    let hungDone = false;
    const hung = poller('fhir')
      .runOnce()
      .finally(() => (hungDone = true));
    const started = Date.now();
    expect(await poller('smart-scheduling-links').runOnce()).toMatchObject({ ok: true });
    expect(hungDone).toBe(false);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await hung).toMatchObject({ ok: false });
  });
});
