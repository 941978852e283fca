import fc from 'fast-check';
import {
  addDays,
  beijingDate,
  beijingTime,
  daysBetween,
  fromBeijing,
  isCalendarDate,
  sessionOf,
  toBeijingIso,
} from './beijing-time';

const instant = fc.date({
  min: new Date('2000-01-01T00:00:00Z'),
  max: new Date('2099-12-31T00:00:00Z'),
  noInvalidDate: true,
});
const calendarDate = instant.map((d) => d.toISOString().slice(0, 10));

describe('Beijing time', () => {
  it('when a slot starts at 23:30 Beijing time, then it is on that Beijing date, not the UTC one', () => {
    const start = fromBeijing('2026-11-23', '23:30');
    expect(start.toISOString()).toBe('2026-11-23T15:30:00.000Z');
    expect(beijingDate(start)).toBe('2026-11-23');
    expect(beijingDate('2026-11-23T16:30:00Z')).toBe('2026-11-24');
    expect(toBeijingIso(start)).toBe('2026-11-23T23:30:00+08:00');
  });

  it.each(['2026-02-30', '2026-13-01', '2026-1-01', '20261101', '2026-02-29', 'abc', ''])(
    'when the date is %p, then it is not a calendar date',
    (text) => {
      expect(isCalendarDate(text)).toBe(false);
    },
  );

  it('accepts leap days', () => {
    expect(isCalendarDate('2028-02-29')).toBe(true);
  });

  it('round-trips any instant through its Beijing date and time (to the minute)', () => {
    fc.assert(
      fc.property(instant, (d) => {
        const minute = new Date(Math.floor(d.getTime() / 60_000) * 60_000);
        return fromBeijing(beijingDate(minute), beijingTime(minute)).getTime() === minute.getTime();
      }),
    );
  });

  it('writes every instant as an ISO string with +08:00 that parses back to it (to the second)', () => {
    fc.assert(
      fc.property(instant, (d) => {
        const iso = toBeijingIso(d);
        return iso.endsWith('+08:00') && new Date(iso).getTime() === Math.floor(d.getTime() / 1000) * 1000;
      }),
    );
  });

  it('adds days across months, years and leap days, and daysBetween undoes it', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    fc.assert(
      fc.property(
        calendarDate,
        fc.integer({ min: -400, max: 400 }),
        (date, n) => daysBetween(date, addDays(date, n)) === n,
      ),
    );
  });

  it('names sessions by Beijing hour', () => {
    expect(sessionOf(fromBeijing('2026-11-23', '08:00'))).toBe('am');
    expect(sessionOf(fromBeijing('2026-11-23', '14:30'))).toBe('pm');
    expect(sessionOf(fromBeijing('2026-11-23', '19:00'))).toBe('evening');
  });
});
