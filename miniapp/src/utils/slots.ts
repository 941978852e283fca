import type { ScheduleDay, ScheduleDoctor, SchedulePeriod, SourceFreshness } from '@jiankang/shared';
import { beijingDate, beijingTime, daysBetween, sessionOf } from '@jiankang/shared/domain';
import { describeAge } from './age';

/**
 * How slots read on screen: dates, periods, fees and source freshness. Pure functions of the
 * BFF's answer and "now", always in Beijing time (the phone's own time zone is never used).
 */

const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'] as const;

/** 周一 … 周日 of a YYYY-MM-DD calendar date (the date itself, no time zone involved). */
export function weekdayOf(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return WEEKDAYS[new Date(Date.UTC(y, m - 1, d)).getUTCDay()] as string;
}

/** "11-23" of "2026-11-23". */
export function monthDay(date: string): string {
  return date.slice(5);
}

/** 今天 / 明天 / 后天 relative to Beijing today, else the weekday. */
export function dayName(date: string, now: Date | number = Date.now()): string {
  const diff = daysBetween(beijingDate(now), date);
  if (diff === 0) return '今天';
  if (diff === 1) return '明天';
  if (diff === 2) return '后天';
  return weekdayOf(date);
}

/** "今天 11-23 周一" style heading for a list item or a detail sheet. */
export function longDateLabel(date: string, now: Date | number = Date.now()): string {
  const name = dayName(date, now);
  const weekday = weekdayOf(date);
  return name === weekday ? `${monthDay(date)} ${weekday}` : `${monthDay(date)} ${name} ${weekday}`;
}

/** What a date in the strip says about the whole department that day. */
export type DateMark = 'available' | 'not_released' | 'full' | 'cancelled' | 'ended' | 'none';

export const DATE_MARK_TEXT: Record<DateMark, string> = {
  available: '有号',
  not_released: '未放号',
  full: '约满',
  cancelled: '停诊',
  ended: '已结束',
  none: '无排班',
};

/**
 * 有号 if any doctor has a period still bookable; else 未放号, 约满, 停诊 (everything cancelled)
 * in that order; 已结束 when the rest has already started (this evening); 无排班 with no periods.
 * Decided from the periods as seen now, not only the BFF's day status, which cannot know the
 * time on the phone: at 22:00 today's "available" periods are over.
 */
export function dateMark(days: readonly ScheduleDay[], now: Date | number = Date.now()): DateMark {
  if (days.length === 0) return 'none';
  const states = new Set<PeriodState | DateMark>(
    days.flatMap((d) => (d.periods.length ? d.periods.map((p) => periodView(p, now).state) : [d.status])),
  );
  for (const mark of ['available', 'not_released', 'full'] as const) {
    if (states.has(mark)) return mark;
  }
  return states.has('started') ? 'ended' : 'cancelled';
}

export interface DateStripItem {
  date: string;
  /** 今天 / 明天 / 后天 / 周三 */
  name: string;
  /** MM-DD */
  monthDay: string;
  mark: DateMark;
  markText: string;
  /** Places still bookable that day across the department's doctors. */
  remaining: number;
}

/** One entry per date of the window, marked from the doctors who work that day. */
export function dateStrip(
  dates: readonly string[],
  doctors: readonly ScheduleDoctor[],
  now: Date | number = Date.now(),
): DateStripItem[] {
  return dates.map((date) => {
    const days = doctors.flatMap((d) => d.days.filter((day) => day.date === date));
    const mark = dateMark(days, now);
    const remaining = days.reduce(
      (n, d) =>
        n +
        (d.periods.length
          ? d.periods.filter((p) => periodView(p, now).tappable).reduce((m, p) => m + p.remaining, 0)
          : d.status === 'available'
            ? d.remaining
            : 0),
      0,
    );
    return {
      date,
      name: dayName(date, now),
      monthDay: monthDay(date),
      mark,
      markText: DATE_MARK_TEXT[mark],
      remaining,
    };
  });
}

/** The date to show first: the asked one if in the window, else the first with 有号, else the first scheduled, else the first. */
export function initialDate(strip: readonly DateStripItem[], wanted?: string): string | undefined {
  if (wanted && strip.some((s) => s.date === wanted)) return wanted;
  return (
    strip.find((s) => s.mark === 'available')?.date ??
    strip.find((s) => s.mark !== 'none')?.date ??
    strip[0]?.date
  );
}

/** "08:00–08:30" in Beijing time. */
export function periodTimeRange(period: Pick<SchedulePeriod, 'start' | 'end'>): string {
  return `${beijingTime(period.start)}–${beijingTime(period.end)}`;
}

/** "11-24 08:00" in Beijing time. */
export function beijingMonthDayTime(instant: string | number | Date): string {
  return `${monthDay(beijingDate(instant))} ${beijingTime(instant)}`;
}

export type PeriodState = 'available' | 'full' | 'cancelled' | 'not_released' | 'started';

export interface PeriodView {
  state: PeriodState;
  /** 余3 / 约满 / 停诊 / 11-24 08:00 放号 / 已开始 — the status in words, never colour alone. */
  text: string;
  time: string;
  /** Only an available period that has not started can be tapped. */
  tappable: boolean;
}

export function periodView(period: SchedulePeriod, now: Date | number = Date.now()): PeriodView {
  const time = periodTimeRange(period);
  const started = new Date(period.start).getTime() <= new Date(now).getTime();
  // 停诊 stays 停诊 even after its time: the resident should know the doctor did not work.
  if (period.status === 'cancelled') return { state: 'cancelled', text: '停诊', time, tappable: false };
  if (started) return { state: 'started', text: '已开始', time, tappable: false };
  switch (period.status) {
    case 'available':
      return period.remaining > 0
        ? { state: 'available', text: `余${period.remaining}`, time, tappable: true }
        : { state: 'full', text: '约满', time, tappable: false };
    case 'full':
      return { state: 'full', text: '约满', time, tappable: false };
    case 'not_released':
      return {
        state: 'not_released',
        text: period.releaseAt ? `${beijingMonthDayTime(period.releaseAt)} 放号` : '未放号',
        time,
        tappable: false,
      };
  }
}

/** ¥15 for 1500 fen, ¥15.50 for 1550, ¥0.05 for 5; 免费 for 0. */
/** The fee a hospital did not publish (SMART Scheduling Links has no fee field). */
export const FEE_UNKNOWN = '以医院公布为准';

export function formatYuan(fen: number | null): string {
  if (fen === null) return FEE_UNKNOWN;
  if (!Number.isFinite(fen) || fen < 0) return '';
  if (fen === 0) return '免费';
  const yuan = Math.floor(fen / 100);
  const cents = Math.round(fen % 100);
  return cents === 0 ? `¥${yuan}` : `¥${yuan}.${String(cents).padStart(2, '0')}`;
}

export type SessionKey = 'am' | 'pm' | 'evening';
export const SESSION_NAMES: Record<SessionKey, string> = { am: '上午', pm: '下午', evening: '晚上' };

export interface SessionGroup {
  key: SessionKey;
  name: string;
  periods: SchedulePeriod[];
  /** Every period of the session is 停诊: the session is marked as a whole. */
  cancelled: boolean;
}

/** A day's periods split into 上午 / 下午 / 晚上 (Beijing time), in time order. */
export function groupSessions(periods: readonly SchedulePeriod[]): SessionGroup[] {
  const order: SessionKey[] = ['am', 'pm', 'evening'];
  const sorted = [...periods].sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
  return order
    .map((key) => {
      const list = sorted.filter((p) => sessionOf(p.start) === key);
      return {
        key,
        name: SESSION_NAMES[key],
        periods: list,
        cancelled: list.length > 0 && list.every((p) => p.status === 'cancelled'),
      };
    })
    .filter((g) => g.periods.length > 0);
}

export interface SourceNoteView {
  /** ok: a quiet grey line; warn: a visible notice. */
  tone: 'ok' | 'warn';
  text: string;
}

/** How current a hospital's slots are, in words, from its source status and last success. */
export function describeSource(
  source: Pick<SourceFreshness, 'status' | 'asOf'>,
  now: Date | number = Date.now(),
): SourceNoteView {
  if (!source.asOf) {
    return source.status === 'ok'
      ? { tone: 'ok', text: '号源已同步' }
      : { tone: 'warn', text: '该医院号源暂未同步，请以医院公布的排班为准' };
  }
  const ageSeconds = Math.max(0, Math.floor((new Date(now).getTime() - Date.parse(source.asOf)) / 1000));
  const age = describeAge(ageSeconds);
  if (source.status === 'ok')
    return { tone: 'ok', text: age === '刚刚' ? '号源刚刚更新' : `号源更新于 ${age}` };
  const when = age === '刚刚' ? '1 分钟内' : age;
  return { tone: 'warn', text: `该医院号源暂时无法更新，显示的是 ${when}的数据` };
}
