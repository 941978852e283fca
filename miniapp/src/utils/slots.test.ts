import type { ScheduleDay, ScheduleDoctor, SchedulePeriod } from '@jiankang/shared';
import {
  dateMark,
  dateStrip,
  dayName,
  describeSource,
  formatYuan,
  groupSessions,
  initialDate,
  longDateLabel,
  periodTimeRange,
  periodView,
  weekdayOf,
} from './slots';

// 2026-11-23 is a Monday. 07:00 in Beijing is still the 22nd in UTC: labels must follow Beijing.
const NOW = Date.parse('2026-11-23T07:00:00+08:00');

const period = (start: string, over: Partial<SchedulePeriod> = {}): SchedulePeriod => ({
  id: `p-${start}`,
  start: new Date(`${start}+08:00`).toISOString(),
  end: new Date(Date.parse(`${start}+08:00`) + 30 * 60_000).toISOString(),
  capacity: 5,
  remaining: 3,
  status: 'available',
  feeFen: 1500,
  booking: { mode: 'here', link: null, phone: null },
  ...over,
});

const day = (date: string, status: ScheduleDay['status'], remaining = 0): ScheduleDay => ({
  date,
  status,
  remaining,
  periods: [],
});

const doctor = (id: string, days: ScheduleDay[]): ScheduleDoctor => ({
  doctorId: id,
  kind: 'doctor',
  name: id,
  title: '主治医师',
  specialty: '',
  days,
});

describe('date labels', () => {
  it('when a date is today, tomorrow or later in Beijing, then it reads 今天 / 明天 / 后天 / the weekday', () => {
    expect(dayName('2026-11-23', NOW)).toBe('今天');
    expect(dayName('2026-11-24', NOW)).toBe('明天');
    expect(dayName('2026-11-25', NOW)).toBe('后天');
    expect(dayName('2026-11-26', NOW)).toBe('周四');
    expect(dayName('2026-11-29', NOW)).toBe('周日');
  });

  it('when the UTC date is still yesterday, then 今天 still follows the Beijing date', () => {
    const lateUtc = Date.parse('2026-11-22T23:30:00Z'); // 07:30 on the 23rd in Beijing
    expect(dayName('2026-11-23', lateUtc)).toBe('今天');
  });

  it('when a long label is asked, then it has MM-DD, the relative name and the weekday', () => {
    expect(weekdayOf('2026-11-23')).toBe('周一');
    expect(longDateLabel('2026-11-24', NOW)).toBe('11-24 明天 周二');
    expect(longDateLabel('2026-11-27', NOW)).toBe('11-27 周五');
  });
});

describe('dateMark / dateStrip', () => {
  it.each([
    [[], 'none'],
    [[day('d', 'cancelled')], 'cancelled'],
    [[day('d', 'cancelled'), day('d', 'full')], 'full'],
    [[day('d', 'full'), day('d', 'not_released')], 'not_released'],
    [[day('d', 'not_released'), day('d', 'available', 2)], 'available'],
  ] as [ScheduleDay[], string][])('when the doctors’ days are %j, then the date is %s', (days, mark) => {
    expect(dateMark(days)).toBe(mark);
  });

  it('when every period left today has started, then the date reads 已结束, not 有号; a cancelled rest stays 停诊', () => {
    const today = (periods: SchedulePeriod[]): ScheduleDay => ({
      date: '2026-11-23',
      status: 'available',
      remaining: 3,
      periods,
    });
    expect(dateMark([today([period('2026-11-23T06:00:00')])], NOW)).toBe('ended');
    expect(dateMark([today([period('2026-11-23T06:00:00'), period('2026-11-23T14:00:00')])], NOW)).toBe(
      'available',
    );
    const cancelled = { status: 'cancelled' as const };
    expect(dateMark([today([period('2026-11-23T14:00:00', cancelled)])], NOW)).toBe('cancelled');
    expect(
      dateMark([today([period('2026-11-23T06:00:00'), period('2026-11-23T14:00:00', cancelled)])], NOW),
    ).toBe('ended');
  });

  it('when built from the schedule, then every date of the window has a label, a mark and the places left', () => {
    const dates = ['2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26'];
    const strip = dateStrip(
      dates,
      [
        doctor('a', [day('2026-11-23', 'full'), day('2026-11-24', 'available', 4)]),
        doctor('b', [day('2026-11-24', 'available', 2), day('2026-11-25', 'cancelled')]),
      ],
      NOW,
    );
    expect(strip.map((s) => [s.name, s.monthDay, s.markText, s.remaining])).toEqual([
      ['今天', '11-23', '约满', 0],
      ['明天', '11-24', '有号', 6],
      ['后天', '11-25', '停诊', 0],
      ['周四', '11-26', '无排班', 0],
    ]);
    expect(initialDate(strip)).toBe('2026-11-24');
    expect(initialDate(strip, '2026-11-26')).toBe('2026-11-26');
    expect(initialDate(strip, '2027-01-01')).toBe('2026-11-24');
    expect(initialDate([])).toBeUndefined();
  });
});

describe('periodView', () => {
  it('when shown, then the time range is Beijing HH:mm–HH:mm whatever the instant’s offset', () => {
    expect(periodTimeRange({ start: '2026-11-24T00:30:00Z', end: '2026-11-24T01:00:00.000Z' })).toBe(
      '08:30–09:00',
    );
  });

  it.each([
    [{}, 'available', '余3', true],
    [{ remaining: 0 }, 'full', '约满', false],
    [{ status: 'full', remaining: 0 }, 'full', '约满', false],
    [{ status: 'cancelled' }, 'cancelled', '停诊', false],
    [
      { status: 'not_released', releaseAt: '2026-11-23T07:30:00.000Z' },
      'not_released',
      '11-23 15:30 放号',
      false,
    ],
    [{ status: 'not_released' }, 'not_released', '未放号', false],
  ] as [Partial<SchedulePeriod>, string, string, boolean][])(
    'when the period is %j, then it shows %s "%s" (tappable %p)',
    (over, state, text, tappable) => {
      expect(periodView(period('2026-11-24T08:00:00', over), NOW)).toMatchObject({
        state,
        text,
        tappable,
        time: '08:00–08:30',
      });
    },
  );

  it('when a period has already started, then it is disabled, but 停诊 still says 停诊', () => {
    expect(periodView(period('2026-11-23T06:30:00'), NOW)).toMatchObject({
      state: 'started',
      tappable: false,
    });
    expect(periodView(period('2026-11-23T07:00:00'), NOW)).toMatchObject({
      state: 'started',
      text: '已开始',
    });
    expect(periodView(period('2026-11-23T06:30:00', { status: 'cancelled' }), NOW).text).toBe('停诊');
  });
});

describe('groupSessions', () => {
  it('when a day has morning and afternoon periods, then they group 上午 / 下午 in time order; an all-停诊 session is marked', () => {
    const groups = groupSessions([
      period('2026-11-24T14:00:00', { status: 'cancelled' }),
      period('2026-11-24T08:30:00'),
      period('2026-11-24T08:00:00'),
      period('2026-11-24T14:30:00', { status: 'cancelled' }),
      period('2026-11-24T18:30:00'),
    ]);
    expect(groups.map((g) => [g.name, g.periods.length, g.cancelled])).toEqual([
      ['上午', 2, false],
      ['下午', 2, true],
      ['晚上', 1, false],
    ]);
    expect(groups[0]!.periods.map((p) => periodTimeRange(p))).toEqual(['08:00–08:30', '08:30–09:00']);
  });
});

describe('formatYuan', () => {
  it.each([
    [1500, '¥15'],
    [1550, '¥15.50'],
    [1505, '¥15.05'],
    [5, '¥0.05'],
    [0, '免费'],
    [100000, '¥1000'],
  ])('when the fee is %i fen, then it reads %s', (fen, text) => {
    expect(formatYuan(fen)).toBe(text);
  });
});

describe('describeSource', () => {
  const asOf = new Date(NOW - 12 * 60_000).toISOString();
  it.each([
    [{ status: 'ok', asOf }, 'ok', '号源更新于 12 分钟前'],
    [{ status: 'ok', asOf: new Date(NOW - 5_000).toISOString() }, 'ok', '号源刚刚更新'],
    [{ status: 'error', asOf }, 'warn', '该医院号源暂时无法更新，显示的是 12 分钟前的数据'],
    [{ status: 'circuit_open', asOf }, 'warn', '该医院号源暂时无法更新，显示的是 12 分钟前的数据'],
    [{ status: 'stale', asOf: null }, 'warn', '该医院号源暂未同步，请以医院公布的排班为准'],
  ] as const)('when the source is %j, then the note is %s: %s', (source, tone, text) => {
    expect(describeSource(source, NOW)).toEqual({ tone, text });
  });
});
