import type { Doctor, ScheduleDay, ScheduleDoctor } from '@jiankang/shared';
import { scheduleRows, weekOf, weekWindow } from './schedule';

const dir = (id: string): Doctor => ({
  id,
  hospitalId: 'h',
  departmentId: 'd',
  name: `医生${id}`,
  title: '主任医师',
  specialty: '',
});
const day = (date: string): ScheduleDay => ({ date, status: 'available', remaining: 1, periods: [] });
const sched = (id: string, dates: string[]): ScheduleDoctor => ({
  doctorId: id,
  kind: 'doctor',
  name: `新医生${id}`,
  title: null,
  specialty: '',
  days: dates.map(day),
});

describe('scheduleRows', () => {
  it('when the schedule names a doctor the directory lacks, then it comes last and every doctor carries that date’s day', () => {
    const rows = scheduleRows(
      [dir('a'), dir('b')],
      [sched('b', ['2026-11-24']), sched('x', ['2026-11-24', '2026-11-25'])],
      '2026-11-24',
    );
    expect(rows.map((r) => [r.doctor.id, r.doctor.name, r.day?.date])).toEqual([
      ['a', '医生a', undefined],
      ['b', '医生b', '2026-11-24'],
      ['x', '新医生x', '2026-11-24'],
    ]);
  });
});

describe('weekOf / weekWindow', () => {
  const NOW = Date.parse('2026-11-23T22:00:00+08:00');
  it('when a date is handed over, then its week from today (Beijing) opens, capped and never negative', () => {
    expect(weekOf('', NOW)).toBe(0);
    expect(weekOf('2026-11-22', NOW)).toBe(0);
    expect(weekOf('2026-11-29', NOW)).toBe(0);
    expect(weekOf('2026-11-30', NOW)).toBe(1);
    expect(weekOf('2027-03-01', NOW)).toBe(3);
    expect(weekOf('not-a-date', NOW)).toBe(0);
  });

  it('when a later week is shown, then the query starts 7 days per week after today', () => {
    expect(weekWindow(0, NOW)).toEqual({});
    expect(weekWindow(1, NOW)).toEqual({ from: '2026-11-30', days: 7 });
  });
});
