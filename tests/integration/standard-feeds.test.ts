import type { FeedSlot } from '@jiankang/sim';
import type { Booking, BookingListResponse, FeedStatusResponse, SlotDetailResponse } from '@jiankang/shared';
import { loginWithConsent } from '../support/auth';
import { addPatient, callAs } from '../support/health-card';
import { getJson } from '../support/http';
import { FEED_SIMS, startFeedSims, type FeedSims } from '../support/feed-sims';
import { bookableSlot, publishedSlots } from '../support/feed-truth';
import { startStack, type Stack } from '../support/stack';

/**
 * The resident's whole path against hospitals that write only the published protocols (the
 * simulators' default profile): no fee, no period capacity, no release time, no private codes.
 * What the standard cannot say is shown as unknown, never invented, and nothing is unreadable.
 */

jest.setTimeout(120_000);

let sims: FeedSims;
let stack: Stack;
const feed = (id: string) => sims.handles.get(id)!;
const api = (path: string) => `${stack.baseUrl}/api/v1${path}`;
const ourId = (hospitalId: string, s: FeedSlot) => `${hospitalId}:${s.sourceSlotId}`;
const syncAll = () => stack.runtime.slotSync.runAll({ full: true });

const used = new Set<string>();
/** A released free period a few hours ahead, in a session no earlier test touched. */
function bookable(id: string): FeedSlot {
  const after = Date.now() + 3 * 60 * 60_000;
  const s = bookableSlot(feed(id).listSlots(), after, (x) => !used.has(x.sessionId), 2);
  if (!s) throw new Error(`no bookable slot at ${id}`);
  used.add(s.sessionId);
  return s;
}

beforeAll(async () => {
  sims = await startFeedSims({ profile: 'standard' });
  stack = await startStack({
    overrides: {
      ...sims.overrides,
      rateLimits: { loginPerIpPerMinute: 100_000 },
      booking: { hospitalTimeoutMs: 5_000, perAccountPerMinute: 100_000, perIpPerMinute: 100_000 },
    },
  });
  for (const r of await syncAll()) expect(r).toMatchObject({ ok: true, complete: true });
});
afterAll(async () => {
  await stack?.close();
  await sims?.close();
});

describe('hospitals that write only the standard', () => {
  it('every published record is read: each source ok, nothing skipped, and unreleased periods are simply not there', async () => {
    const res = await getJson<FeedStatusResponse>(api('/feeds/status'));
    expect(res.status).toBe(200);
    for (const { id } of FEED_SIMS) {
      const item = res.body.items.find((i) => i.hospitalId === id)!;
      expect(item).toMatchObject({ status: 'ok', skippedCount: 0, problems: [] });
      // Every published period is stored or was over when read: none is lost between the two.
      expect(item.slotCount + item.pastCount).toBe(publishedSlots(feed(id)).length);
    }
  });

  it.each([
    // Plain FHIR: one Slot is one appointment (R4 has no capacity); SMART: slot-capacity aggregates.
    ['hzszxrmyy', 'fhir', (_s: FeedSlot): number => 1],
    ['hzszyyy', 'smart-scheduling-links', (s: FeedSlot): number => s.remaining],
  ] as const)(
    'at %s (%s): a period shows its doctor and department from standard elements, seats as the spec counts them, and the fee as unknown',
    async (id, kind, seats) => {
      const s = bookable(id);
      const res = await getJson<SlotDetailResponse>(api(`/slots/${ourId(id, s)}`));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        hospitalId: id,
        departmentId: s.deptCode.toLowerCase(),
        departmentCode: s.stdDeptCode,
        doctorName: s.doctorName,
        serviceName: s.doctorName,
        status: 'available',
        remaining: seats(s),
        feeFen: null,
        booking: { mode: 'here' },
        source: { kind },
      });
      expect(res.body.releaseAt).toBeUndefined();
      expect(Date.parse(res.body.start)).toBe(Date.parse(s.start));
    },
  );

  it.each(FEED_SIMS.map((f) => f.id))(
    'at %s: a resident books a period, the hospital has the appointment, and 我的预约 lists it',
    async (id) => {
      const who = await loginWithConsent(stack);
      const patient = await addPatient(stack, who, { relation: 'self' });
      const s = bookable(id);
      const res = await callAs<Booking>(
        stack,
        who,
        'POST',
        '/bookings',
        { slotId: ourId(id, s), patientId: patient.id },
        { 'Idempotency-Key': `standard-${id}-${Date.now()}` },
      );
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ status: 'confirmed', patient: { id: patient.id } });
      expect(feed(id).findAppointment(res.body.id)).toMatchObject({
        status: 'booked',
        sourceSlotId: s.sourceSlotId,
      });
      const list = await callAs<BookingListResponse>(stack, who, 'GET', '/bookings?status=active');
      expect(list.body.items.map((b) => b.id)).toEqual([res.body.id]);
    },
  );

  it('when a FHIR session is cancelled (停诊), then its periods read as cancelled; SMART, which cannot say 停诊, shows them as taken', async () => {
    const fhirSession = bookable('hzszxrmyy').sessionId;
    const smartSession = bookable('hzszyyy').sessionId;
    feed('hzszxrmyy').cancelSession(fhirSession);
    feed('hzszyyy').cancelSession(smartSession);
    for (const r of await syncAll()) expect(r.ok).toBe(true);
    const statusOf = async (id: string, session: string) => {
      const periods = feed(id)
        .listSlots()
        .filter((s) => s.sessionId === session && Date.parse(s.end) > Date.now());
      expect(periods.length).toBeGreaterThan(0);
      const answers = await Promise.all(
        periods.map((p) => getJson<SlotDetailResponse>(api(`/slots/${ourId(id, p)}`))),
      );
      return new Set(answers.map((a) => a.body.status));
    };
    expect(await statusOf('hzszxrmyy', fhirSession)).toEqual(new Set(['cancelled']));
    expect(await statusOf('hzszyyy', smartSession)).toEqual(new Set(['full']));
  });
});
