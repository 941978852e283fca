import type { FeedProfile, FeedSlot, HospitalFeedHandle } from '@jiankang/sim';
import type { FeedSlotRecord } from '../../bff/src/upstreams/hospitals/common/feed-adapter';

/** The SlotStatus the BFF must derive from the simulator's own view of a slot. */
export const expectedStatus = (s: FeedSlot) =>
  s.status === 'cancelled'
    ? 'cancelled'
    : !s.released
      ? 'not_released'
      : s.status === 'full'
        ? 'full'
        : 'available';

/** The periods a feed publishes: a standard FHIR or SMART one leaves out what is not yet released. */
export const publishedSlots = (feed: HospitalFeedHandle) =>
  feed.listSlots().filter((s) => feed.kind === 'his-xml' || feed.profile === 'enriched' || s.released);

/**
 * What the adapter must read from one period, by protocol and profile. Enriched: everything the
 * simulator knows. Standard: what the published protocol can say, and nothing invented: a plain
 * FHIR Slot is one appointment; SMART's slot-capacity counts the free ones; SMART has no 停诊.
 */
export function expectedRecord(
  hospitalId: string,
  kind: 'fhir' | 'smart-scheduling-links',
  profile: FeedProfile,
  t: FeedSlot,
) {
  const common = {
    id: `${hospitalId}:${t.sourceSlotId}`,
    sourceId: t.sourceSlotId,
    sessionId: t.sessionId,
    departmentId: t.deptCode.toLowerCase(),
    departmentCode: t.stdDeptCode,
    doctorId: `${hospitalId}-${t.doctorCode.toLowerCase()}`,
    doctorName: t.doctorName,
    date: t.date,
    version: t.version,
    kind,
  };
  if (profile === 'enriched')
    return {
      ...common,
      capacity: t.capacity,
      remaining: t.remaining,
      status: expectedStatus(t),
      feeFen: t.feeFen,
      releaseAt: new Date(t.releaseAt),
    };
  const free = t.status === 'free' && t.released;
  if (kind === 'fhir')
    return {
      ...common,
      capacity: 1,
      remaining: free ? 1 : 0,
      status: free ? 'available' : t.status === 'cancelled' ? 'cancelled' : 'full',
    };
  return {
    ...common,
    capacity: free ? t.remaining : 1,
    remaining: free ? t.remaining : 0,
    status: free ? 'available' : 'full',
  };
}

/** The adapter read `truth` as its protocol and profile allow, times included, nothing invented. */
export function expectReadAsPublished(
  got: FeedSlotRecord | undefined,
  hospitalId: string,
  kind: 'fhir' | 'smart-scheduling-links',
  profile: FeedProfile,
  truth: FeedSlot,
) {
  expect(got).toMatchObject({ hospitalId, ...expectedRecord(hospitalId, kind, profile, truth) });
  expect(got!.start.getTime()).toBe(Date.parse(truth.start));
  expect(got!.end.getTime()).toBe(Date.parse(truth.end));
  if (profile === 'standard') for (const key of ['feeFen', 'releaseAt']) expect(got).not.toHaveProperty(key);
}

/** A released free period starting after `afterMs` with at least `minRemaining` seats, by the simulator's truth. */
export function bookableSlot(
  slots: FeedSlot[],
  afterMs: number,
  accept: (s: FeedSlot) => boolean = () => true,
  minRemaining = 1,
): FeedSlot | undefined {
  return slots.find(
    (x) =>
      x.status === 'free' &&
      x.released &&
      x.remaining >= minRemaining &&
      Date.parse(x.start) > afterMs &&
      accept(x),
  );
}
