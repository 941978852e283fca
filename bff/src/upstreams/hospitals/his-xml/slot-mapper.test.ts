import fc from 'fast-check';
import { beijingDate, beijingTime } from '@jiankang/shared/domain';
import { mapHisRow } from './slot-mapper';

const pad = (n: number) => String(n).padStart(2, '0');
const calendarDate = fc
  .date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2040-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const minuteOfDay = fc.integer({ min: 0, max: 24 * 60 - 1 });
const periodMinutes = fc.constantFrom(10, 15, 20, 30, 60);
const hhmm = (m: number) => `${pad(Math.floor(m / 60) % 24)}:${pad(m % 60)}`;

function row(date: string, startMin: number, lengthMin: number, extra: Record<string, string> = {}) {
  return {
    PBID: 'D001-AM',
    HYID: 'D001-0800',
    KSDM: '0304',
    KSMC: '心血管内科',
    BZKSDM: '03.04',
    YSDM: 'D001',
    YSXM: '张医生',
    PBRQ: date,
    SJD: `${hhmm(startMin)}-${hhmm(startMin + lengthMin)}`,
    HS: '5',
    SYHS: '3',
    TZBZ: '0',
    GHF: '15.5',
    SFFH: '1',
    ...extra,
  };
}
const ctx = { hospitalId: 'blxrmyy', fetchedAt: new Date('2026-01-01T00:00:00Z') };

describe('HIS 分时段 rows (properties)', () => {
  it('a period on PBRQ at any Beijing time is on that Beijing date and lasts its length, across midnight too', () => {
    fc.assert(
      fc.property(calendarDate, minuteOfDay, periodMinutes, (date, startMin, length) => {
        const mapped = mapHisRow(row(date, startMin, length), ctx);
        if (!mapped.ok) return false;
        const { start, end } = mapped.value;
        return (
          mapped.value.date === date &&
          beijingDate(start) === date &&
          beijingTime(start) === hhmm(startMin) &&
          end.getTime() - start.getTime() === length * 60_000
        );
      }),
    );
  });

  it('23:30 Beijing time on 2026-11-23 is 15:30 UTC that day, and 00:10 is the day before in UTC', () => {
    const late = mapHisRow(row('2026-11-23', 23 * 60 + 30, 15), ctx);
    expect(late.ok && late.value.start.toISOString()).toBe('2026-11-23T15:30:00.000Z');
    const early = mapHisRow(row('2026-11-23', 10, 15), ctx);
    expect(early.ok && [early.value.date, early.value.start.toISOString()]).toEqual([
      '2026-11-23',
      '2026-11-22T16:10:00.000Z',
    ]);
  });

  it('fees in 元 with up to two decimals become exact fen; bad rows are skipped with a reason, never thrown', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99_999_999 }), (fen) => {
        const yuan = `${Math.floor(fen / 100)}.${pad(fen % 100)}`;
        const mapped = mapHisRow(row('2026-11-23', 480, 15, { GHF: yuan }), ctx);
        return mapped.ok && mapped.value.feeFen === fen;
      }),
    );
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom('SJD', 'PBRQ', 'HS', 'SYHS', 'GHF', 'TZBZ', 'HYID'), fc.string()),
        (junk) => {
          const mapped = mapHisRow({ ...row('2026-11-23', 480, 15), ...junk }, ctx);
          return mapped.ok ? mapped.value.remaining <= mapped.value.capacity : mapped.reason.length > 0;
        },
      ),
    );
  });

  it('remaining over capacity is skipped', () => {
    expect(mapHisRow(row('2026-11-23', 480, 15, { SYHS: '6' }), ctx)).toMatchObject({ ok: false });
  });
});

describe('HIS rows already over', () => {
  const now = new Date('2026-01-05T08:20:00+08:00');
  it('a period that ended before the read is dropped and counted as past; one under way is kept', () => {
    expect(mapHisRow(row('2026-01-05', 8 * 60 - 30, 30), { ...ctx, now })).toEqual({
      ok: false,
      reason: 'ROW D001-0800: ended',
      past: true,
    });
    expect(mapHisRow(row('2026-01-05', 8 * 60, 30), { ...ctx, now }).ok).toBe(true);
    // Without a read time nothing is judged past (the record is mapped as written).
    expect(mapHisRow(row('2020-01-01', 8 * 60, 30), ctx).ok).toBe(true);
  });
});
