import type { BookingDoc } from '../../models/bookings';
import { reminderMessage } from './reminder-sender';

const booking = {
  _id: 'bkTEST',
  accountId: 'acc1',
  patientName: '欧阳*华',
  hospitalName: '惠州市中心人民医院（惠城院区）门诊部国际医疗中心',
  departmentName: '心血管内科',
  doctorName: '陈医生',
  start: new Date('2026-11-25T00:30:00Z'),
  alternatives: [
    {
      id: 'h:x',
      doctorName: '林医生',
      date: '2026-11-26',
      start: new Date('2026-11-26T06:00:00Z'),
      end: new Date('2026-11-26T06:30:00Z'),
      remaining: 2,
    },
  ],
} as unknown as BookingDoc;

describe('reminderMessage', () => {
  it('when a reminder is built, then it names the visit in Beijing time within WeChat’s field limits', () => {
    const m = reminderMessage(booking, 'reminder_evening', 'oOPENID', 'tpl');
    expect(m).toMatchObject({
      touser: 'oOPENID',
      templateId: 'tpl',
      page: 'pages/booking/success/index?id=bkTEST',
    });
    expect(m.data.time4!.value).toBe('2026年11月25日 08:30');
    expect(m.data.name5!.value).toBe('欧阳*华');
    expect(m.data.thing1!.value).toHaveLength(20);
    expect(m.data.thing1!.value.endsWith('…')).toBe(true);
    for (const v of Object.values(m.data)) expect(v.value.length).toBeLessThanOrEqual(20);
  });

  it('when the hospital cancelled the session, then the notice offers the first alternative', () => {
    const m = reminderMessage(booking, 'hospital_cancelled', 'o', 'tpl');
    expect(m.data.thing6!.value).toBe('医生停诊通知');
    expect(m.data.thing7!.value).toBe('可改约林医生 11-26 14:00');
    const none = reminderMessage({ ...booking, alternatives: [] }, 'hospital_cancelled', 'o', 'tpl');
    expect(none.data.thing7!.value).toContain('请改约');
  });
});
