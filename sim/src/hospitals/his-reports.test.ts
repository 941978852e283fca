import iconv from 'iconv-lite';
import { flagFor, parseReferenceRange } from '@jiankang/shared/domain';
import { findPerson, syntheticMasterId } from '../testing/report-people';
import { startHospitalFeed } from './server';
import { testClock } from './testing';
import type { HospitalFeedHandle } from './types';

const clock = testClock();
let gbk: HospitalFeedHandle; // blxrmyy: GBK, ↑/↓ flags, 0-40 ranges
let utf8: HospitalFeedHandle; // hdxrmyy: UTF-8, H/L flags, 3.9～6.1 and "57 - 111" ranges, PDFs
let person: string;
beforeAll(async () => {
  [gbk, utf8] = await Promise.all([
    startHospitalFeed({ hospitalId: 'blxrmyy', kind: 'his-xml', encoding: 'gbk', now: clock.now }),
    startHospitalFeed({ hospitalId: 'hdxrmyy', kind: 'his-xml', now: clock.now }),
  ]);
  person = findPerson((m) =>
    [gbk, utf8].every(
      (f) =>
        f.reportsOf(m).some((r) => r.category === 'lab') &&
        f.reportsOf(m).some((r) => r.category === 'imaging'),
    ),
  );
});
afterEach(() => [gbk, utf8].forEach((f) => f.reset()));
afterAll(() => Promise.all([gbk.close(), utf8.close()]));

/** Posts a trade in the feed's own charset and decodes the answer by the charset its header names. */
async function trade(feed: HospitalFeedHandle, code: string, fields: Record<string, string>) {
  const charset = feed === gbk ? 'GBK' : 'UTF-8';
  const xml = `<?xml version="1.0" encoding="${charset}"?><Request><JYDM>${code}</JYDM>${Object.entries(
    fields,
  )
    .map(([k, v]) => `<${k}>${v}</${k}>`)
    .join('')}</Request>`;
  const res = await fetch(feed.url, {
    method: 'POST',
    headers: { 'content-type': `text/xml; charset=${charset}` },
    body: charset === 'GBK' ? iconv.encode(xml, 'gbk') : Buffer.from(xml),
  });
  const bytes = Buffer.from(await res.arrayBuffer());
  const declared = /charset=([\w-]+)/.exec(res.headers.get('content-type') ?? '')?.[1] ?? 'utf-8';
  const text = iconv.decode(bytes, declared);
  return { res, bytes, text, code: /<FHDM>(-?\d+)<\/FHDM>/.exec(text)?.[1], rows: rows(text) };
}
const unescape = (v: string) =>
  v
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
const rows = (xml: string) =>
  [...xml.matchAll(/<ROW>([\s\S]*?)<\/ROW>/g)].map(([, row]) =>
    Object.fromEntries([...row!.matchAll(/<(\w+)>([^<]*)<\/\1>/g)].map(([, k, v]) => [k, unescape(v!)])),
  );

const NAMES = [
  '葡萄糖',
  '总胆固醇',
  '甘油三酯',
  '高密度脂蛋白胆固醇',
  '低密度脂蛋白胆固醇',
  '肌酐',
  '尿酸',
  '谷丙转氨酶',
  '谷草转氨酶',
  '血红蛋白',
  '白细胞计数',
  '血小板计数',
];

describe('HIS report trades (3001–3004)', () => {
  it('when the GBK hospital lists lab reports (3001), then the answer is GBK bytes that decode to the Chinese titles', async () => {
    const { res, bytes, text, code, rows: list } = await trade(gbk, '3001', { HZID: person });
    expect(res.headers.get('content-type')).toBe('text/xml; charset=GBK');
    expect(text.startsWith('<?xml version="1.0" encoding="GBK"?>')).toBe(true);
    expect(code).toBe('0');
    const truth = gbk.reportsOf(person).filter((r) => r.category === 'lab');
    expect(list.map((r) => r.BGDH)).toEqual(truth.map((r) => r.id));
    expect(list[0]).toMatchObject({
      BGMC: truth[0]!.title,
      CJSJ: truth[0]!.effective.slice(0, 19).replace('T', ' '),
      BGZT: '已审核',
    });
    expect(bytes.includes(iconv.encode(truth[0]!.title, 'gbk'))).toBe(true);
    expect(bytes.toString('utf8')).not.toContain(truth[0]!.title);
  });

  it('when a lab report is read (3002), then items have Chinese names, HIS units, text ranges and ↑/↓ flags that fit the values', async () => {
    const someone = findPerson((m) => gbk.reportsOf(m).some((r) => r.results.length >= 4));
    const report = gbk.reportsOf(someone).find((r) => r.results.length >= 4)!;
    const { code, rows: items, bytes } = await trade(gbk, '3002', { BGDH: report.id });
    expect(code).toBe('0');
    expect(items.map((i) => i.XMDM)).toEqual(report.results.map((x) => x.code));
    for (const item of items) {
      expect(NAMES).toContain(item.XMMC);
      expect(['mmol/L', 'μmol/L', 'g/L', '10^9/L', 'U/L']).toContain(item.DW);
      expect(['↑', '↓', '']).toContain(item.YCBZ);
      const expected = { H: '↑', L: '↓', N: '' }[flagFor(item.JG, parseReferenceRange(item.CKFW))!];
      expect([item.XMMC, item.JG, item.CKFW, item.YCBZ]).toEqual([item.XMMC, item.JG, item.CKFW, expected]);
    }
    expect(bytes.includes(iconv.encode(items[0]!.XMMC!, 'gbk'))).toBe(true);
  });

  it('when the other HIS writes ranges, then they use full-width tildes, spaces, ≤ and H/L flags', async () => {
    const people = Array.from({ length: 60 }, (_, n) => syntheticMasterId(n));
    const items = people.flatMap((p) => utf8.reportsOf(p).flatMap((r) => r.results));
    const ranges = new Set(items.map((x) => x.range));
    expect([...ranges].some((r) => r?.includes('～'))).toBe(true);
    expect([...ranges].some((r) => / - /.test(r ?? ''))).toBe(true);
    expect([...ranges].some((r) => r?.startsWith('≤'))).toBe(true);
    expect(new Set(items.map((x) => x.flag))).toEqual(new Set(['H', 'L', '']));
    const lab = utf8.reportsOf(person).find((r) => r.category === 'lab')!;
    const { rows: wire } = await trade(utf8, '3002', { BGDH: lab.id });
    expect(wire.map((w) => w.CKFW)).toEqual(lab.results.map((x) => x.range));
  });

  it('when imaging is listed (3003) and read (3004), then 影像所见 and 诊断意见 come back, with the PDF where the HIS keeps one', async () => {
    const list = await trade(gbk, '3003', { HZID: person });
    const truth = gbk.reportsOf(person).filter((r) => r.category === 'imaging');
    expect(list.rows.map((r) => r.BGDH)).toEqual(truth.map((r) => r.id));
    const detail = await trade(gbk, '3004', { BGDH: truth[0]!.id });
    expect(detail.rows[0]).toMatchObject({
      YXSJ: truth[0]!.findings,
      ZDYJ: truth[0]!.conclusion,
      JCLX: truth[0]!.modality,
    });
    const img = utf8.reportsOf(person).find((r) => r.category === 'imaging')!;
    const withPdf = await trade(utf8, '3004', { BGDH: img.id });
    expect(withPdf.rows[0]!.WJLX).toBe('application/pdf');
    expect(Buffer.from(withPdf.rows[0]!.BGWJ!, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('when a date range is given, then only reports of those days come back', async () => {
    const all = gbk.reportsOf(person);
    const day = all[0]!.effective.slice(0, 10);
    const trades = { lab: '3001', imaging: '3003' } as const;
    const { rows: list } = await trade(gbk, trades[all[0]!.category], { HZID: person, KSRQ: day, JSRQ: day });
    expect(list.map((r) => r.BGDH)).toEqual([all[0]!.id]);
  });

  it.each([
    ['3001', {}, '-2'],
    ['3001', { HZID: 'EMPI3F2A9C01B7D4E5F60718', KSRQ: '2026-02-30' }, '-2'],
    ['3002', {}, '-2'],
    ['3002', { BGDH: 'L00000000000000000000999' }, '-31'],
    ['3004', { BGDH: 'nope' }, '-31'],
  ])('when trade %s is sent with %p, then HTTP 200 with FHDM %s', async (code, fields, fhdm) => {
    const { res, code: answer } = await trade(gbk, code, fields);
    expect(res.status).toBe(200);
    expect(answer).toBe(fhdm);
  });

  it('when a lab id is asked for as imaging (3004), then the report is not found', async () => {
    const lab = gbk.reportsOf(person).find((r) => r.category === 'lab')!;
    expect((await trade(gbk, '3004', { BGDH: lab.id })).code).toBe('-31');
  });

  it('when a test registers a report with NaN, no unit and an abnormal value, then the GBK HIS writes them as given', async () => {
    gbk.addReport({
      masterId: person,
      category: 'lab',
      id: 'T-HIS-1',
      title: '肝功能',
      issued: '2026-01-05T06:00:00+08:00',
      results: [
        { code: 'ALT', name: '谷丙转氨酶', value: 156, unit: 'U/L', range: '0-40', flag: '↑' },
        { code: 'AST', name: '谷草转氨酶', value: 'NaN', unit: 'U/L', range: '≤40' },
        { code: 'GLU', name: '葡萄糖', value: 5.1, decimals: 2, range: '3.9～6.1' },
      ],
    });
    const { rows: list } = await trade(gbk, '3001', { HZID: person });
    expect(list[0]).toMatchObject({ BGDH: 'T-HIS-1', BGMC: '肝功能', XMSL: '3' });
    const { rows: items } = await trade(gbk, '3002', { BGDH: 'T-HIS-1' });
    expect(items.map(({ XMMC, JG, DW, CKFW, YCBZ }) => [XMMC, JG, DW, CKFW, YCBZ])).toEqual([
      ['谷丙转氨酶', '156', 'U/L', '0-40', '↑'],
      ['谷草转氨酶', 'NaN', 'U/L', '≤40', ''],
      ['葡萄糖', '5.10', '', '3.9～6.1', ''],
    ]);
  });

  it('when the feed is SMART Scheduling Links, then it has no report service', async () => {
    const smart = await startHospitalFeed({ hospitalId: 'hzszyyy', kind: 'smart-scheduling-links' });
    try {
      const res = await fetch(`${smart.origin}/__admin/reports?masterId=${person}`);
      expect(res.status).toBe(409);
      expect(smart.reportsOf(person)).toEqual([]);
      expect(() => smart.addReport({})).toThrow(/no reports/);
    } finally {
      await smart.close();
    }
  });
});
