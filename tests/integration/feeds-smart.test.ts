import { FEED_PROFILES } from '@jiankang/sim';
import { createFeedAdapter } from '../../bff/src/upstreams/hospitals/create-feed-adapter';
import type { FeedAdapter } from '../../bff/src/upstreams/hospitals/common/feed-adapter';
import { feedUnderTest } from '../support/feeds';
import { expectReadAsPublished, publishedSlots } from '../support/feed-truth';

const HOSPITAL = 'hzszyyy';
const T0 = '2026-01-05T07:00:00+08:00';

// Both profiles: the spec's 2025 edition as a hospital writes it, and the first edition with our enrichments.
describe.each(FEED_PROFILES)('SMART Scheduling Links feed adapter, %s profile', (profile) => {
  const sim = feedUnderTest({ hospitalId: HOSPITAL, kind: 'smart-scheduling-links', profile }, T0);

  const adapter = (): FeedAdapter =>
    createFeedAdapter({ id: HOSPITAL, adapter: 'smart-scheduling-links', baseUrl: sim.feed.url });

  it('when fetched without _since, then every simulator slot maps exactly and the snapshot is complete', async () => {
    const truth = publishedSlots(sim.feed);
    const result = await adapter().fetch({ cursor: null });
    expect(result).toMatchObject({ complete: true, notModified: false, skipped: { count: 0 } });
    expect(result.slots).toHaveLength(truth.length);
    const byId = new Map(result.slots.map((s) => [s.sourceId, s]));
    for (const t of truth)
      expectReadAsPublished(byId.get(t.sourceSlotId), HOSPITAL, 'smart-scheduling-links', profile, t);
    expect(result.slots.some((s) => s.status === 'not_released')).toBe(profile === 'enriched');
    expect(result.cursor).toEqual({
      transactionTime: expect.stringMatching(/^2026-01-05T07:00:00\.000\+08:00$/),
      scheduleUrls: JSON.stringify([`${sim.feed.url}/data/schedules.ndjson`]),
    });
  });

  it('when _since is the last transactionTime and a slot was taken, then only that slot comes back', async () => {
    const feedAdapter = adapter();
    const full = await feedAdapter.fetch({ cursor: null });
    sim.clock.ms += 60_000;
    const slot = sim.feed.listSlots().find((s) => s.status === 'free' && s.released && s.remaining > 1)!;
    sim.feed.takeSlot(slot.sourceSlotId);
    const changed = await feedAdapter.fetch({ cursor: full.cursor });
    expect(changed).toMatchObject({ complete: false, notModified: false, skipped: { count: 0 } });
    expect(changed.slots.map((s) => s.sourceId)).toEqual([slot.sourceSlotId]);
    expect(changed.slots[0]).toMatchObject({ remaining: slot.remaining - 1, doctorName: slot.doctorName });
  });

  it('when nothing changed since the cursor, then notModified and no slots', async () => {
    const feedAdapter = adapter();
    const full = await feedAdapter.fetch({ cursor: null });
    sim.clock.ms += 60_000;
    const again = await feedAdapter.fetch({ cursor: full.cursor });
    expect(again).toMatchObject({ slots: [], notModified: true, complete: false });
  });

  it('when the adapter restarts with a persisted cursor, then schedules are re-read and changes still map', async () => {
    const full = await adapter().fetch({ cursor: null });
    const persisted = JSON.parse(JSON.stringify(full.cursor)) as typeof full.cursor;
    sim.clock.ms += 60_000;
    const session = sim.feed.listSlots().find((s) => s.status !== 'cancelled' && s.released)!.sessionId;
    sim.feed.cancelSession(session);
    const changed = await adapter().fetch({ cursor: persisted });
    const periods = sim.feed.listSlots().filter((s) => s.sessionId === session);
    expect(changed.slots.map((s) => s.sourceId).sort()).toEqual(periods.map((s) => s.sourceSlotId).sort());
    // The spec cannot say 停诊: a standard feed's cancelled periods are simply taken.
    for (const s of changed.slots) expect(s.status).toBe(profile === 'enriched' ? 'cancelled' : 'full');
  });
});
