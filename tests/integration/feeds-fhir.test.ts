import { FEED_PROFILES, type FeedSlot } from '@jiankang/sim';
import { createFeedAdapter } from '../../bff/src/upstreams/hospitals/create-feed-adapter';
import type { FeedAdapter, FeedSlotRecord } from '../../bff/src/upstreams/hospitals/common/feed-adapter';
import { UpstreamError } from '../../bff/src/lib/upstream-error';
import { feedUnderTest } from '../support/feeds';
import { expectReadAsPublished, publishedSlots } from '../support/feed-truth';

const HOSPITAL = 'hzszxrmyy';
const T0 = '2026-01-05T07:00:00+08:00';

// Both profiles: the plain R4 a hospital that never heard of us writes, and with our enrichments.
describe.each(FEED_PROFILES)('FHIR feed adapter, %s profile', (profile) => {
  const sim = feedUnderTest({ hospitalId: HOSPITAL, kind: 'fhir', profile }, T0);

  const expectSameSlot = (got: FeedSlotRecord | undefined, truth: FeedSlot) =>
    expectReadAsPublished(got, HOSPITAL, 'fhir', profile, truth);

  const adapter = (extra: { pageSize?: number; maxPages?: number } = {}): FeedAdapter =>
    createFeedAdapter({ id: HOSPITAL, adapter: 'fhir', baseUrl: sim.feed.url, ...extra });

  it('when fetched in full with small pages, then every simulator slot maps exactly (ids, times, fee, status)', async () => {
    const truth = publishedSlots(sim.feed);
    const result = await adapter({ pageSize: 40 }).fetch({ cursor: null });
    expect(result).toMatchObject({ complete: true, notModified: false, skipped: { count: 0 } });
    expect(result.slots.map((s) => s.sourceId).sort()).toEqual(truth.map((s) => s.sourceSlotId).sort());
    const byId = new Map(result.slots.map((s) => [s.sourceId, s]));
    for (const t of truth) expectSameSlot(byId.get(t.sourceSlotId), t);
    expect(new Set(result.slots.map((s) => s.status))).toEqual(
      new Set(['available', 'full', 'cancelled', ...(profile === 'enriched' ? ['not_released'] : [])]),
    );
  });

  it('when a slot starts at 08:00 Beijing, then it is stored as 00:00 UTC on the Beijing date', async () => {
    const { slots } = await adapter().fetch({ cursor: null });
    const early = slots.find((s) => s.sourceId.endsWith('-0800'))!;
    expect(early.start.toISOString()).toBe(`${early.date}T00:00:00.000Z`);
  });

  it('when not yet released, then not_released with the release time (enriched) or not there at all (standard)', async () => {
    const { slots } = await adapter().fetch({ cursor: null });
    const truth = sim.feed.listSlots().filter((s) => !s.released && s.status !== 'cancelled');
    expect(truth.length).toBeGreaterThan(0);
    for (const t of truth) {
      const got = slots.find((s) => s.sourceId === t.sourceSlotId);
      if (profile === 'standard') {
        expect(got).toBeUndefined();
        continue;
      }
      expect(got!.status).toBe('not_released');
      expect(got!.releaseAt!.getTime()).toBe(Date.parse(t.releaseAt));
      expect(got!.releaseAt!.getTime()).toBeGreaterThan(sim.clock.ms);
    }
  });

  it('when the pages exceed maxPages, then it stops paging: the pages read are kept, the read is partial and says why', async () => {
    const result = await adapter({ pageSize: 5, maxPages: 2 }).fetch({ cursor: null });
    expect(result.slots.length).toBeGreaterThan(0);
    expect(result.slots.length).toBeLessThanOrEqual(10);
    expect(result.complete).toBe(false);
    expect(result.problems.length).toBeGreaterThan(0);
    expect(result.problems.every((p) => p.reason.includes('more than 2 pages'))).toBe(true);
  });

  it('when _lastUpdated=gt the cursor, then only the slot taken since comes back', async () => {
    const feedAdapter = adapter();
    const full = await feedAdapter.fetch({ cursor: null });
    sim.clock.ms += 60_000;
    const slot = sim.feed.listSlots().find((s) => s.status === 'free' && s.released && s.remaining > 1)!;
    sim.feed.takeSlot(slot.sourceSlotId);
    const changed = await feedAdapter.fetch({ cursor: full.cursor });
    expect(changed).toMatchObject({ complete: false, notModified: false });
    expect(changed.slots.map((s) => s.sourceId)).toEqual([slot.sourceSlotId]);
    const now = sim.feed.listSlots().find((s) => s.sourceSlotId === slot.sourceSlotId)!;
    expect(now).toMatchObject({ remaining: slot.remaining - 1, version: slot.version + 1 });
    expectSameSlot(changed.slots[0], now);
    expect(Date.parse(String(changed.cursor.lastUpdated))).toBe(sim.clock.ms);
  });

  it('when nothing changed, then the stored ETag gets a 304 (notModified) until a slot changes', async () => {
    const feedAdapter = adapter();
    const full = await feedAdapter.fetch({ cursor: null });
    const empty = await feedAdapter.fetch({ cursor: full.cursor });
    expect(empty).toMatchObject({ slots: [], notModified: true });
    expect(empty.cursor.etag).toMatch(/^W\/"/);
    // The stored tag answers exactly the query the adapter sends (axios leaves ':' bare): a real 304.
    const query = `_count=500&_include=Slot:schedule&_lastUpdated=gt${encodeURIComponent(String(empty.cursor.lastUpdated)).replace(/%3A/g, ':')}`;
    const probe = await fetch(`${sim.feed.url}/Slot?${query}`, {
      headers: { 'If-None-Match': String(empty.cursor.etag) },
    });
    expect(probe.status).toBe(304);
    const again = await feedAdapter.fetch({ cursor: empty.cursor });
    expect(again).toMatchObject({ slots: [], notModified: true, cursor: empty.cursor });
    sim.clock.ms += 1_000;
    const slot = sim.feed.listSlots().find((s) => s.status === 'free' && s.released)!;
    sim.feed.takeSlot(slot.sourceSlotId);
    const after = await feedAdapter.fetch({ cursor: again.cursor });
    expect(after.notModified).toBe(false);
    expect(after.slots.map((s) => s.sourceId)).toEqual([slot.sourceSlotId]);
  });

  it('when full is asked with a cursor, then the cursor is ignored and the snapshot is complete', async () => {
    const feedAdapter = adapter();
    const first = await feedAdapter.fetch({ cursor: null });
    const full = await feedAdapter.fetch({ cursor: first.cursor, full: true });
    expect(full).toMatchObject({ complete: true, notModified: false });
    expect(full.slots).toHaveLength(publishedSlots(sim.feed).length);
  });

  it('when a session is cancelled (停诊), then each of its periods comes back cancelled', async () => {
    const feedAdapter = adapter();
    const full = await feedAdapter.fetch({ cursor: null });
    const session = sim.feed.listSlots().find((s) => s.status !== 'cancelled' && s.released)!.sessionId;
    sim.clock.ms += 60_000;
    sim.feed.cancelSession(session);
    const changed = await feedAdapter.fetch({ cursor: full.cursor });
    const periods = sim.feed.listSlots().filter((s) => s.sessionId === session);
    expect(changed.slots.map((s) => s.sourceId).sort()).toEqual(periods.map((s) => s.sourceSlotId).sort());
    for (const s of changed.slots) expect(s).toMatchObject({ status: 'cancelled', sessionId: session });
  });

  it('when the base URL is wrong, then a 404 is a non-retryable status error', async () => {
    const wrong = createFeedAdapter({ id: HOSPITAL, adapter: 'fhir', baseUrl: `${sim.feed.origin}/nope` });
    const err = await wrong.fetch({ cursor: null }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UpstreamError);
    expect(err).toMatchObject({ kind: 'status', retryable: false, status: 404 });
  });
});
