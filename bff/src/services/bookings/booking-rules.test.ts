import fc from 'fast-check';
import { DEFAULT_BOOKING_RULES, noShowBanUntil, rulesFor, slotRefusal } from './booking-rules';

const DAY = 24 * 60 * 60_000;
const NOW = new Date('2026-11-23T08:00:00Z');

describe('booking rules', () => {
  it('refuses 停诊 first, then the past, then not released, then full', () => {
    const future = new Date(NOW.getTime() + DAY);
    const past = new Date(NOW.getTime() - 60_000);
    expect(slotRefusal({ status: 'cancelled', start: past, remaining: 0 }, NOW)).toBe('SLOT_CANCELLED');
    expect(slotRefusal({ status: 'available', start: past, remaining: 3 }, NOW)).toBe('SLOT_IN_PAST');
    expect(slotRefusal({ status: 'available', start: NOW, remaining: 3 }, NOW)).toBe('SLOT_IN_PAST');
    expect(slotRefusal({ status: 'not_released', start: future, remaining: 3 }, NOW)).toBe(
      'SLOT_NOT_RELEASED',
    );
    expect(slotRefusal({ status: 'full', start: future, remaining: 0 }, NOW)).toBe('SLOT_FULL');
    expect(slotRefusal({ status: 'available', start: future, remaining: 0 }, NOW)).toBe('SLOT_FULL');
    expect(slotRefusal({ status: 'available', start: future, remaining: 1 }, NOW)).toBeNull();
  });

  it('3 no-shows within 90 days ban for 30 days from the third; spread out they do not', () => {
    const rules = DEFAULT_BOOKING_RULES.noShow;
    const at = (daysAgo: number) => new Date(NOW.getTime() - daysAgo * DAY);
    expect(noShowBanUntil([at(80), at(40), at(10)], rules, NOW)).toEqual(
      new Date(at(10).getTime() + 30 * DAY),
    );
    expect(noShowBanUntil([at(80), at(40)], rules, NOW)).toBeNull();
    expect(noShowBanUntil([at(200), at(100), at(10)], rules, NOW)).toBeNull();
    // The ban has run out.
    expect(noShowBanUntil([at(70), at(60), at(50)], rules, NOW)).toBeNull();
  });

  it('a ban never starts without `count` no-shows inside one window (property)', () => {
    const rules = DEFAULT_BOOKING_RULES.noShow;
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 400 }), { maxLength: 8 }), (daysAgo) => {
        const dates = daysAgo.map((d) => new Date(NOW.getTime() - d * DAY));
        const ban = noShowBanUntil(dates, rules, NOW);
        if (dates.length < rules.count) return ban === null;
        if (ban === null) return true;
        // Some no-show ended a window of `count` and the ban is 30 days from it.
        return dates.some((d) => Math.abs(d.getTime() + rules.banDays * DAY - ban.getTime()) < 1);
      }),
    );
  });

  it('a hospital override replaces only what it names', () => {
    expect(
      rulesFor(DEFAULT_BOOKING_RULES, { cancelCutoffMinutes: 30, noShow: { count: 2 } as never }),
    ).toEqual({
      maxActivePerPatient: 5,
      cancelCutoffMinutes: 30,
      noShow: { count: 2, windowDays: 90, banDays: 30 },
    });
  });
});
