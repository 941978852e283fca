import type { SlotEvent } from '@jiankang/shared';
import type { SlotDoc } from '../../models/slots';
import { applyEvent } from './slot-event-receiver';

const NOW = new Date('2026-01-05T01:00:00Z');

const stored: SlotDoc = {
  _id: 'hzszxrmyy:661000-20260106-0800',
  hospitalId: 'hzszxrmyy',
  sourceId: '661000-20260106-0800',
  sessionId: '661000-20260106-AM',
  scheduleId: 'sch-661000',
  departmentId: '0301',
  departmentCode: '03.01',
  doctorId: 'hzszxrmyy-661000',
  doctorName: '陈医生',
  start: new Date('2026-01-06T00:00:00Z'),
  end: new Date('2026-01-06T00:30:00Z'),
  date: '2026-01-06',
  capacity: 6,
  remaining: 4,
  status: 'available',
  feeFen: 1_000,
  version: 3,
  kind: 'fhir',
  fetchedAt: new Date('2026-01-05T00:00:00Z'),
  contentHash: 'old',
  syncedAt: new Date('2026-01-05T00:00:00Z'),
};

function event(slot: Partial<SlotEvent['slot']>, type: SlotEvent['type'] = 'slot.updated'): SlotEvent {
  return {
    eventId: 'e1',
    type,
    hospitalId: 'hzszxrmyy',
    sourceSlotId: '661000-20260106-0800',
    version: 4,
    occurredAt: '2026-01-05T09:00:00.000+08:00',
    slot: {
      start: '2026-01-06T08:00:00+08:00',
      end: '2026-01-06T08:30:00+08:00',
      capacity: 6,
      remaining: 3,
      status: 'free',
      ...slot,
    },
  };
}

describe('applying a slot event to the stored slot', () => {
  it('when a place is taken, then counts, version and source time change and nothing else', () => {
    const next = applyEvent(stored, event({ remaining: 3 }), NOW);
    const { contentHash: _h, syncedAt: _s, ...rest } = stored;
    expect(next).toEqual({
      ...rest,
      remaining: 3,
      version: 4,
      sourceUpdatedAt: new Date('2026-01-05T01:00:00Z'),
      fetchedAt: NOW,
    });
  });

  test.each([
    ['nothing left', { remaining: 0, status: 'full' as const }, {}, 'full'],
    [
      'places again',
      { remaining: 2, status: 'free' as const },
      { status: 'full' as const, remaining: 0 },
      'available',
    ],
    ['停诊', { remaining: 0, status: 'cancelled' as const }, {}, 'cancelled'],
    [
      'a change before the release time',
      { remaining: 5 },
      { status: 'not_released' as const, releaseAt: new Date('2026-01-05T02:00:00Z') },
      'not_released',
    ],
    [
      'a change after the release time',
      { remaining: 5 },
      { status: 'not_released' as const, releaseAt: new Date('2026-01-05T00:30:00Z') },
      'available',
    ],
    [
      '停诊 before the release time',
      { remaining: 0, status: 'cancelled' as const },
      { status: 'not_released' as const, releaseAt: new Date('2026-01-05T02:00:00Z') },
      'cancelled',
    ],
  ])(
    'when the event says %s, then the status is derived as the poller would',
    (_what, slot, before, status) => {
      expect(applyEvent({ ...stored, ...before }, event(slot), NOW).status).toBe(status);
    },
  );
});
