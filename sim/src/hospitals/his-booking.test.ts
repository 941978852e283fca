import iconv from 'iconv-lite';
import { startHospitalFeed } from './server';
import { refusedSlot, remainingOf, slotWithSeats, testClock, TEST_PATIENT } from './testing';
import type { HospitalFeedHandle } from './types';

const clock = testClock();
let feed: HospitalFeedHandle;
beforeAll(async () => {
  feed = await startHospitalFeed({ hospitalId: 'blxrmyy', kind: 'his-xml', encoding: 'gbk', now: clock.now });
});
afterEach(() => {
  feed.reset();
  clock.set('2026-01-05T07:00:00+08:00');
});
afterAll(() => feed.close());

const nowMs = () => clock.now().getTime();

/** One GBK request; the answer decoded, with its head and first <ROW> as flat maps. */
async function call(trade: string, fields: Record<string, string>) {
  const body = Object.entries(fields)
    .map(([k, v]) => `<${k}>${v}</${k}>`)
    .join('');
  const xml = `<?xml version="1.0" encoding="GBK"?><Request><JYDM>${trade}</JYDM>${body}</Request>`;
  const res = await fetch(feed.url, {
    method: 'POST',
    headers: { 'content-type': 'text/xml; charset=GBK' },
    body: iconv.encode(xml, 'gbk'),
  });
  const text = iconv.decode(Buffer.from(await res.arrayBuffer()), 'gbk');
  const flat = (s: string) =>
    Object.fromEntries([...s.matchAll(/<(\w+)>([^<]*)<\/\1>/g)].map(([, k, v]) => [k, v]));
  const row = /<ROW>([\s\S]*?)<\/ROW>/.exec(text)?.[1];
  return {
    status: res.status,
    text,
    head: flat(text.replace(/<YYXX>[\s\S]*<\/YYXX>/, '')),
    row: row && flat(row),
  };
}
const book = (hyid: string, wbdh: string) =>
  call('2001', {
    HYID: hyid,
    WBDH: wbdh,
    HZID: TEST_PATIENT.masterId,
    HZXM: TEST_PATIENT.name,
    LXDH: TEST_PATIENT.phone,
  });

describe('legacy HIS booking (交易 2001–2003, GBK)', () => {
  it('when 2001 books a period, then FHDM 0 with a 预约单号 and the 1002 pull shows one less', async () => {
    const slot = slotWithSeats(feed, 2, nowMs());
    const answer = await book(slot.sourceSlotId, 'bk-1');
    expect(answer.status).toBe(200);
    expect(answer.head).toMatchObject({ FHDM: '0', FHXX: '成功' });
    expect(answer.row).toMatchObject({
      YYDH: expect.stringMatching(/^YY20260105\d{6}$/),
      WBDH: 'bk-1',
      YYZT: '1',
    });
    expect(feed.findAppointment('bk-1')?.patient.name).toBe('张晓明');
    const pull = await call('1002', { KSRQ: slot.date, JSRQ: slot.date });
    expect(pull.text).toContain(`<HYID>${slot.sourceSlotId}</HYID>`);
    expect(pull.text).toMatch(new RegExp(`<HYID>${slot.sourceSlotId}</HYID>[\\s\\S]*?<SYHS>1</SYHS>`));
  });

  it('when 2001 is sent again with the same WBDH, then the same YYDH and one seat', async () => {
    const slot = slotWithSeats(feed, 2, nowMs());
    const first = await book(slot.sourceSlotId, 'bk-2');
    const again = await book(slot.sourceSlotId, 'bk-2');
    expect(again.row?.YYDH).toBe(first.row?.YYDH);
    expect(remainingOf(feed, slot.sourceSlotId)).toBe(1);
  });

  it.each([
    ['slot_full', '-11'],
    ['not_released', '-12'],
    ['cancelled', '-13'],
  ] as const)('when the period is %s, then HTTP 200 with FHDM %s', async (reason, code) => {
    const slot = refusedSlot(feed, reason, nowMs());
    const answer = await book(slot.sourceSlotId, 'bk-3');
    expect(answer.status).toBe(200);
    expect(answer.head.FHDM).toBe(code);
    expect(feed.appointments()).toHaveLength(0);
  });

  it('when the period has started, then FHDM -14; a missing field is -2', async () => {
    const slot = slotWithSeats(feed, 1, nowMs());
    clock.set(slot.end);
    expect((await book(slot.sourceSlotId, 'bk-4')).head.FHDM).toBe('-14');
    expect((await call('2001', { HYID: slot.sourceSlotId, WBDH: 'bk-4' })).head.FHDM).toBe('-2');
  });

  it('when 2003 queries by WBDH, then the booking, or FHDM -21 when there is none', async () => {
    const slot = slotWithSeats(feed, 1, nowMs());
    const { row } = await book(slot.sourceSlotId, 'bk-5');
    expect((await call('2003', { WBDH: 'bk-5' })).row).toMatchObject({ YYDH: row?.YYDH, YYZT: '1' });
    expect((await call('2003', { WBDH: 'nobody' })).head.FHDM).toBe('-21');
  });

  it('when 2002 cancels, then YYZT 2 and the seat is back; cancelling again is still FHDM 0', async () => {
    const slot = slotWithSeats(feed, 1, nowMs());
    await book(slot.sourceSlotId, 'bk-6');
    expect(remainingOf(feed, slot.sourceSlotId)).toBe(0);
    const cancel = await call('2002', { WBDH: 'bk-6' });
    expect(cancel.head.FHDM).toBe('0');
    expect(cancel.row).toMatchObject({ YYZT: '2', QXSJ: expect.stringMatching(/^2026-01-05 /) });
    expect(remainingOf(feed, slot.sourceSlotId)).toBe(1);
    expect((await call('2002', { WBDH: 'bk-6' })).row?.YYZT).toBe('2');
    expect(remainingOf(feed, slot.sourceSlotId)).toBe(1);
    expect((await call('2002', { WBDH: 'nobody' })).head.FHDM).toBe('-21');
  });

  it('when 50 bookings race for a period with 3 seats, then exactly 3 are booked', async () => {
    const slot = slotWithSeats(feed, 3, nowMs());
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => book(slot.sourceSlotId, `r-${i}`)),
    );
    expect(answers.filter((a) => a.head.FHDM === '0')).toHaveLength(3);
    expect(answers.filter((a) => a.head.FHDM === '-11')).toHaveLength(47);
    expect(remainingOf(feed, slot.sourceSlotId)).toBe(0);
  });

  it('when commitThenDrop is set, then 2001 loses its answer but the booking stands; 2003 is answered', async () => {
    const slot = slotWithSeats(feed, 1, nowMs());
    feed.setFaults({ commitThenDrop: true });
    await expect(book(slot.sourceSlotId, 'bk-7')).rejects.toThrow();
    expect(feed.findAppointment('bk-7')?.status).toBe('booked');
    expect((await call('2003', { WBDH: 'bk-7' })).row?.YYZT).toBe('1');
  });
});
