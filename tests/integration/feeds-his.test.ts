import { startHospitalFeed, type HospitalFeedHandle } from '@jiankang/sim';
import { createFeedAdapter } from '../../bff/src/upstreams/hospitals/create-feed-adapter';
import { HisClient } from '../../bff/src/upstreams/hospitals/his-xml/client';
import { expectedStatus } from '../support/feed-truth';

const T0 = Date.parse('2026-01-05T07:00:00+08:00');
let clockMs = T0;
const now = () => new Date(clockMs);
let gbk: HospitalFeedHandle;
let utf8: HospitalFeedHandle;

beforeAll(async () => {
  [gbk, utf8] = await Promise.all([
    startHospitalFeed({ hospitalId: 'blxrmyy', kind: 'his-xml', encoding: 'gbk', port: 0, now }),
    startHospitalFeed({ hospitalId: 'hdxrmyy', kind: 'his-xml', encoding: 'utf-8', port: 0, now }),
  ]);
});
afterEach(() => {
  gbk.reset();
  utf8.reset();
  clockMs = T0;
});
afterAll(() => Promise.all([gbk.close(), utf8.close()]));

describe.each([
  ['GBK', () => gbk, 'gbk' as const],
  ['UTF-8', () => utf8, 'utf-8' as const],
])('HIS XML feed adapter (%s)', (_name, handle, encoding) => {
  const adapter = () =>
    createFeedAdapter({ id: handle().hospitalId, adapter: 'his-xml', baseUrl: handle().url, encoding });

  it('when pulled again with the cursor, an unchanged answer is notModified and a changed one complete', async () => {
    const first = await adapter().fetch({ cursor: null });
    const again = await adapter().fetch({ cursor: first.cursor });
    expect(again).toMatchObject({ notModified: true, complete: false, slots: [], cursor: first.cursor });
    const target = handle()
      .listSlots()
      .find((s) => s.status === 'free' && s.released && s.remaining > 0)!;
    handle().takeSlot(target.sourceSlotId);
    try {
      const changed = await adapter().fetch({ cursor: first.cursor });
      expect(changed).toMatchObject({ notModified: false, complete: true });
      expect(changed.cursor.digest).not.toBe(first.cursor.digest);
      expect(changed.slots.find((s) => s.sourceId === target.sourceSlotId)?.remaining).toBe(
        target.remaining - 1,
      );
    } finally {
      handle().freeSlot(target.sourceSlotId);
    }
  });

  it('when pulled, then every row maps exactly, Chinese names decode and 元 become exact fen', async () => {
    const feed = handle();
    const truth = feed.listSlots();
    const result = await adapter().fetch({ cursor: null });
    expect(result).toMatchObject({
      complete: true,
      notModified: false,
      skipped: { count: 0 },
      cursor: { digest: expect.stringMatching(/^[0-9a-f]{64}$/) },
    });
    expect(result.slots).toHaveLength(truth.length);
    const byId = new Map(result.slots.map((s) => [s.sourceId, s]));
    for (const t of truth) {
      const got = byId.get(t.sourceSlotId)!;
      expect(got).toMatchObject({
        id: `${feed.hospitalId}:${t.sourceSlotId}`,
        sessionId: t.sessionId,
        departmentId: t.deptCode.toLowerCase(),
        departmentCode: t.stdDeptCode,
        doctorId: `${feed.hospitalId}-${t.doctorCode.toLowerCase()}`,
        doctorName: t.doctorName,
        date: t.date,
        capacity: t.capacity,
        remaining: t.remaining,
        status: expectedStatus(t),
        feeFen: t.feeFen,
        version: t.version,
        kind: 'his-xml',
      });
      expect(got.start.getTime()).toBe(Date.parse(t.start));
      expect(got.end.getTime()).toBe(Date.parse(t.end));
      expect(got.releaseAt?.getTime()).toBe(Date.parse(t.releaseAt));
      expect(got.sourceUpdatedAt?.getTime()).toBe(Math.floor(Date.parse(t.lastUpdated) / 1000) * 1000);
    }
    expect(result.slots.every((s) => /^[\u4e00-\u9fa5·]{2,}$/.test(s.doctorName ?? ''))).toBe(true);
    expect(result.slots.some((s) => s.status === 'not_released' && s.releaseAt)).toBe(true);
  });

  it('when a session is cancelled (停诊), then the next pull shows its periods cancelled', async () => {
    const feed = handle();
    const session = feed.listSlots().find((s) => s.status !== 'cancelled' && s.released)!.sessionId;
    feed.cancelSession(session);
    const { slots } = await adapter().fetch({ cursor: null });
    const periods = slots.filter((s) => s.sessionId === session);
    expect(periods.length).toBeGreaterThan(0);
    for (const s of periods) expect(s).toMatchObject({ status: 'cancelled', remaining: 0 });
  });

  it('when the HIS refuses the 交易代码 (FHDM -1 inside HTTP 200), then a non-retryable status error', async () => {
    const client = new HisClient({
      id: handle().hospitalId,
      adapter: 'his-xml',
      baseUrl: handle().url,
      encoding,
    });
    await expect(client.call('9999', 'PBXX')).rejects.toMatchObject({
      kind: 'status',
      retryable: false,
      message: expect.stringContaining('FHDM -1 不支持的交易代码'),
    });
  });
});
