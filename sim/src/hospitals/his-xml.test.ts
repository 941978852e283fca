import iconv from 'iconv-lite';
import { startHospitalFeed } from './server';
import { testClock } from './testing';
import type { HospitalFeedHandle } from './types';

const clock = testClock();
let gbk: HospitalFeedHandle;
let utf8: HospitalFeedHandle;
beforeAll(async () => {
  [gbk, utf8] = await Promise.all([
    startHospitalFeed({ hospitalId: 'hzszyyy', kind: 'his-xml', encoding: 'gbk', now: clock.now }),
    startHospitalFeed({ hospitalId: 'hzszyyy', kind: 'his-xml', now: clock.now }),
  ]);
});
afterEach(() => gbk.reset());
afterAll(() => Promise.all([gbk.close(), utf8.close()]));

async function call(feed: HospitalFeedHandle, request: string, charset = 'UTF-8') {
  const body = charset === 'GBK' ? iconv.encode(request, 'gbk') : Buffer.from(request);
  const res = await fetch(feed.url, {
    method: 'POST',
    headers: { 'content-type': `text/xml; charset=${charset}` },
    body,
  });
  return { res, bytes: Buffer.from(await res.arrayBuffer()) };
}
const rows = (xml: string) =>
  [...xml.matchAll(/<ROW>([\s\S]*?)<\/ROW>/g)].map(([, row]) =>
    Object.fromEntries([...row!.matchAll(/<(\w+)>([^<]*)<\/\1>/g)].map(([, k, v]) => [k, v])),
  );

describe('legacy HIS XML feed', () => {
  it('when the GBK hospital answers, then header, declaration and bytes are GBK and UTF-8 decoding mangles them', async () => {
    const { res, bytes } = await call(gbk, '<Request><JYDM>1002</JYDM></Request>', 'GBK');
    expect(res.headers.get('content-type')).toBe('text/xml; charset=GBK');
    const text = iconv.decode(bytes, 'gbk');
    expect(text.startsWith('<?xml version="1.0" encoding="GBK"?>')).toBe(true);
    expect(text).toContain('<SWXW>上午</SWXW>');
    expect(bytes.includes(iconv.encode('上午', 'gbk'))).toBe(true);
    expect(bytes.includes(Buffer.from('上午', 'utf8'))).toBe(false);
    expect(bytes.toString('utf8')).not.toContain('上午');
  });

  it('when the schedule is pulled, then every period comes back with 号数, 剩余号数, 停诊 flag and fee in 元', async () => {
    const { bytes } = await call(utf8, '<Request><JYDM>1002</JYDM></Request>');
    const xml = bytes.toString('utf8');
    expect(xml).toContain('<FHDM>0</FHDM><FHXX>成功</FHXX>');
    const list = rows(xml);
    const truth = utf8.listSlots();
    expect(list.map((r) => r.HYID)).toEqual(truth.map((s) => s.sourceSlotId));
    const [row, slot] = [list[0]!, truth[0]!];
    expect(row).toMatchObject({
      KSDM: slot.deptCode,
      YSDM: slot.doctorCode,
      YSXM: slot.doctorName,
      PBRQ: slot.date,
      SJD: `${slot.start.slice(11, 16)}-${slot.end.slice(11, 16)}`,
      HS: String(slot.capacity),
      SYHS: String(slot.remaining),
      TZBZ: slot.status === 'cancelled' ? '1' : '0',
      GHF: (slot.feeFen / 100).toFixed(2),
    });
    expect(row.GHF).toMatch(/^\d+\.\d{2}$/);
    expect(list.some((r) => r.SFFH === '0')).toBe(true);
  });

  it('when filtered by 科室 and dates, then only those rows come back', async () => {
    const slot = gbk.listSlots()[0]!;
    const req = `<Request><JYDM>1002</JYDM><KSDM>${slot.deptCode}</KSDM><KSRQ>${slot.date}</KSRQ><JSRQ>${slot.date}</JSRQ></Request>`;
    const list = rows(iconv.decode((await call(gbk, req, 'GBK')).bytes, 'gbk'));
    const truth = gbk.listSlots().filter((s) => s.deptCode === slot.deptCode && s.date === slot.date);
    expect(list.map((r) => r.HYID)).toEqual(truth.map((s) => s.sourceSlotId));
  });

  it('when a session is cancelled, then its rows say TZBZ 1 and SYHS 0 on the next pull', async () => {
    const session = gbk.listSlots().find((s) => s.status !== 'cancelled')!.sessionId;
    gbk.cancelSession(session);
    const list = rows(iconv.decode((await call(gbk, '<Request><JYDM>1002</JYDM></Request>')).bytes, 'gbk'));
    const mine = list.filter((r) => r.PBID === session);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((r) => r.TZBZ === '1' && r.SYHS === '0')).toBe(true);
  });

  it.each([
    ['<Request><JYDM>9999</JYDM></Request>', '-1'],
    ['not xml', '-1'],
    ['<Request><JYDM>1002</JYDM><KSRQ>2026-02-30</KSRQ></Request>', '-2'],
  ])('when the request is %s, then HTTP 200 with FHDM %s (the HIS way)', async (req, code) => {
    const { res, bytes } = await call(utf8, req);
    expect(res.status).toBe(200);
    expect(bytes.toString('utf8')).toContain(`<FHDM>${code}</FHDM>`);
  });

  it('when departments are listed, then 1001 returns KSDM, KSMC and the standard code', async () => {
    const list = rows((await call(utf8, '<Request><JYDM>1001</JYDM></Request>')).bytes.toString('utf8'));
    expect(list.length).toBeGreaterThanOrEqual(4);
    expect(list[0]).toHaveProperty('BZKSDM');
    expect(list.some((r) => r.BZKSDM === '50')).toBe(true);
  });
});
