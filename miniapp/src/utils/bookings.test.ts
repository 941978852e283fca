import type { Booking } from '@jiankang/shared';
import { ACTIVE_BOOKING_STATUSES } from '@jiankang/shared';
import {
  BOOKING_TABS,
  bookingsInTab,
  cancelOffer,
  inTab,
  pollBooking,
  statusView,
  visitLabel,
} from './bookings';
import { formatYuan } from './slots';

const NOW = Date.parse('2026-11-23T02:00:00Z'); // 10:00 Beijing
const hours = (h: number) => new Date(NOW + h * 3_600_000).toISOString();

function booking(over: Partial<Booking> & { startIn?: number } = {}): Booking {
  const startIn = over.startIn ?? 24;
  return {
    id: over.id ?? `bk-${Math.random().toString(36).slice(2, 8)}`,
    status: 'confirmed',
    awaitingHospital: false,
    patient: { id: 'pt_1', name: '王*明', relation: 'self' },
    slot: {
      id: 'hzszxrmyy:s1',
      hospitalId: 'hzszxrmyy',
      departmentId: 'd1',
      departmentCode: '03.04',
      doctorId: 'doc1',
      doctorName: '李医生',
      date: '2026-11-24',
      start: hours(startIn),
      end: hours(startIn + 0.5),
      feeFen: 1550,
    },
    hospitalName: '惠州市中心人民医院',
    departmentName: '心血管内科',
    hospitalBookingId: 'H1',
    cancellableUntil: hours(startIn - 2),
    failureCode: null,
    alternatives: [],
    rebookedAs: null,
    createdAt: hours(-1),
    updatedAt: hours(-1),
    ...over,
  };
}

describe('statusView', () => {
  it.each([
    ['pending', false, 24, '医院确认中', 'pending'],
    ['confirmed', true, 24, '医院确认中', 'pending'],
    ['confirmed', false, 24, '已预约', 'ok'],
    ['confirmed', false, -3, '已过就诊时间', 'ended'],
    ['attended', false, -3, '已就诊', 'ended'],
    ['no_show', false, -3, '爽约', 'failed'],
    ['cancelled_by_patient', false, 24, '已取消', 'cancelled'],
    ['cancelled_by_hospital', false, 24, '医院停诊', 'cancelled'],
    ['failed', false, 24, '预约未成功', 'failed'],
  ] as const)(
    'when %s (awaiting %s, starts in %s h), then it reads %s',
    (status, awaiting, startIn, text, tone) => {
      expect(statusView(booking({ status, awaitingHospital: awaiting, startIn }), NOW)).toEqual({
        text,
        tone,
      });
    },
  );
});

describe('tabs', () => {
  const upcoming = booking({ id: 'up', startIn: 24 });
  const later = booking({ id: 'later', startIn: 48 });
  const pending = booking({ id: 'pend', status: 'pending', startIn: 30 });
  const over = booking({ id: 'over', startIn: -5 });
  const mine = booking({ id: 'mine', status: 'cancelled_by_patient', startIn: 72 });
  const stop = booking({ id: 'stop', status: 'cancelled_by_hospital', startIn: 10 });
  const failed = booking({ id: 'fail', status: 'failed', startIn: 20 });
  const all = [over, mine, later, upcoming, stop, pending, failed];

  it('when the list is split, then 待就诊 holds upcoming pending/confirmed ones, soonest first', () => {
    expect(bookingsInTab(all, 'active', NOW).map((b) => b.id)).toEqual(['up', 'pend', 'later']);
  });

  it('when the list is split, then 已完成 holds everything not upcoming-active, latest first', () => {
    expect(bookingsInTab(all, 'past', NOW).map((b) => b.id)).toEqual(['mine', 'fail', 'stop', 'over']);
  });

  it('when the list is split, then 已取消 holds both kinds of cancellation and 全部 everything', () => {
    expect(bookingsInTab(all, 'cancelled', NOW).map((b) => b.id)).toEqual(['mine', 'stop']);
    expect(bookingsInTab(all, 'all', NOW)).toHaveLength(all.length);
  });

  it('when a booking is cancelled, then it leaves 待就诊 and enters 已取消', () => {
    const after = { ...upcoming, status: 'cancelled_by_patient' as const };
    expect(inTab(upcoming, 'active', NOW)).toBe(true);
    expect(inTab(after, 'active', NOW)).toBe(false);
    expect(inTab(after, 'cancelled', NOW)).toBe(true);
  });

  it('when the tabs are listed, then they are 待就诊 / 已完成 / 已取消 / 全部 and the active set matches shared', () => {
    expect(BOOKING_TABS.map((t) => t.name)).toEqual(['待就诊', '已完成', '已取消', '全部']);
    for (const s of ACTIVE_BOOKING_STATUSES) expect(inTab(booking({ status: s }), 'active', NOW)).toBe(true);
  });
});

describe('cancelOffer', () => {
  it('when confirmed and before the cut-off, then 取消预约 is offered with the time (Beijing)', () => {
    // starts in 24 h = 2026-11-24 10:00 Beijing; cut-off 2 h before.
    expect(cancelOffer(booking({ startIn: 24 }), NOW)).toEqual({ kind: 'allowed', until: '11-24 08:00' });
  });

  it('when inside the last 2 hours, then it says why it cannot be cancelled online', () => {
    const offer = cancelOffer(booking({ startIn: 1 }), NOW);
    expect(offer).toMatchObject({ kind: 'closed' });
    expect(offer.kind === 'closed' && offer.text).toContain('不可在线取消');
  });

  it.each(['pending', 'cancelled_by_patient', 'cancelled_by_hospital', 'failed', 'attended'] as const)(
    'when %s, then nothing is offered',
    (status) => {
      expect(cancelOffer(booking({ status }), NOW)).toEqual({ kind: 'none' });
    },
  );
});

describe('labels', () => {
  it('when a visit is shown, then date and time are in Beijing time and the fee reuses formatYuan', () => {
    const b = booking({ startIn: 24 });
    expect(visitLabel(b.slot, NOW)).toBe('11-24 明天 周二 10:00–10:30');
    expect(formatYuan(b.slot.feeFen)).toBe('¥15.50');
  });
});

describe('pollBooking', () => {
  const clock = () => {
    let t = 0;
    return { now: () => t, sleep: async (ms: number) => void (t += ms) };
  };

  it('when the hospital answers on the third read, then polling stops there, every 2 s', async () => {
    const c = clock();
    const first = booking({ status: 'pending', awaitingHospital: true });
    const answers = [first, first, { ...first, status: 'confirmed' as const, awaitingHospital: false }];
    const read = jest.fn(async () => answers.shift()!);
    const seen: string[] = [];
    const last = await pollBooking(first, read, { ...c, onUpdate: (b) => seen.push(b.status) });
    expect(last.status).toBe('confirmed');
    expect(read).toHaveBeenCalledTimes(3);
    expect(c.now()).toBe(6_000);
    expect(seen).toEqual(['pending', 'pending', 'confirmed']);
  });

  it('when the hospital stays silent, then it gives up after about 30 s with the pending copy; failed reads are skipped', async () => {
    const c = clock();
    const first = booking({ status: 'pending', awaitingHospital: true });
    const read = jest
      .fn<Promise<Booking>, [string]>()
      .mockRejectedValueOnce(new Error('network'))
      .mockResolvedValue(first);
    const last = await pollBooking(first, read, c);
    expect(last.status).toBe('pending');
    expect(read).toHaveBeenCalledTimes(15);
  });

  it('when the booking is already settled, then nothing is read', async () => {
    const read = jest.fn();
    await pollBooking(booking(), read, clock());
    expect(read).not.toHaveBeenCalled();
  });
});
