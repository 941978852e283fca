import { HUGE_BODY_BYTES } from './feed-faults';
import { startHospitalFeed } from './server';
import type { Json } from './testing';
import type { HospitalFeedHandle } from './types';

let fhir: HospitalFeedHandle;
let his: HospitalFeedHandle;
beforeAll(async () => {
  [fhir, his] = await Promise.all([
    startHospitalFeed({ hospitalId: 'hzsdsrmyy', kind: 'fhir' }),
    startHospitalFeed({ hospitalId: 'hzsdsrmyy', kind: 'his-xml', encoding: 'gbk' }),
  ]);
});
afterEach(() => {
  fhir.reset();
  his.reset();
});
afterAll(() => Promise.all([fhir.close(), his.close()]));

const slots = () => fetch(`${fhir.url}/Slot?_count=5`, { signal: AbortSignal.timeout(5_000) });
const admin = async (feed: HospitalFeedHandle, method: string, path: string, body?: unknown) => {
  const res = await fetch(`${feed.origin}/__admin${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Json };
};

describe('feed fault knobs', () => {
  it('when latency is set, then a request takes at least that long and admin still answers at once', async () => {
    fhir.setFaults({ latencyMs: 300 });
    const started = performance.now();
    expect((await slots()).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(295);
    const adminStarted = performance.now();
    expect((await admin(fhir, 'GET', '/faults')).body.data.latencyMs).toBe(300);
    expect(performance.now() - adminStarted).toBeLessThan(250);
  });

  it('when hang is set, then nothing answers within 1 s and the client can abort', async () => {
    fhir.setFaults({ hang: true });
    const started = performance.now();
    const err = await fetch(`${fhir.url}/Slot`, { signal: AbortSignal.timeout(1_000) }).catch(
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ name: 'TimeoutError' });
    expect(performance.now() - started).toBeGreaterThanOrEqual(990);
  });

  it('when status500 is true, then 500 with an OperationOutcome', async () => {
    fhir.setFaults({ status500: true });
    const res = await slots();
    expect(res.status).toBe(500);
    expect(await res.json()).toMatchObject({
      resourceType: 'OperationOutcome',
      issue: [{ code: 'exception' }],
    });
  });

  it('when status500 is a rate, then roughly that share fails', async () => {
    fhir.setFaults({ status500: 0.5 });
    const statuses = await Promise.all(Array.from({ length: 40 }, async () => (await slots()).status));
    const failed = statuses.filter((s) => s === 500).length;
    expect(failed).toBeGreaterThan(5);
    expect(failed).toBeLessThan(35);
  });

  it('when status429 is set, then 429 with Retry-After, for FHIR and for the HIS', async () => {
    fhir.setFaults({ status429: { retryAfterSeconds: 7 } });
    const res = await slots();
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('7');
    his.setFaults({ status429: { retryAfterSeconds: 3 } });
    const hisRes = await fetch(his.url, { method: 'POST', body: '<Request><JYDM>1002</JYDM></Request>' });
    expect(hisRes.status).toBe(429);
    expect(hisRes.headers.get('retry-after')).toBe('3');
  });

  it('when reset is set, then fetch rejects', async () => {
    fhir.setFaults({ reset: true });
    await expect(slots()).rejects.toThrow();
  });

  it('when malformed is set, then the status is 200 but the body does not parse', async () => {
    fhir.setFaults({ malformed: true });
    const res = await slots();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/fhir\+json/);
    await expect(res.json()).rejects.toThrow();
  });

  it('when hugeBody is set, then a valid-looking body of at least 10 MB comes back', async () => {
    fhir.setFaults({ hugeBody: true });
    const res = await slots();
    const text = await res.text();
    expect(Buffer.byteLength(text)).toBeGreaterThanOrEqual(HUGE_BODY_BYTES);
    expect(JSON.parse(text)).toMatchObject({ resourceType: 'Bundle' });
    his.setFaults({ hugeBody: true });
    const hisRes = await fetch(his.url, { method: 'POST', body: '<Request><JYDM>1002</JYDM></Request>' });
    expect((await hisRes.arrayBuffer()).byteLength).toBeGreaterThanOrEqual(HUGE_BODY_BYTES);
  });

  it('when faults are set over /__admin, then they merge, show, and reset clears them', async () => {
    expect((await admin(fhir, 'POST', '/faults', { status500: true })).status).toBe(200);
    expect((await slots()).status).toBe(500);
    expect((await admin(fhir, 'GET', '/faults')).body.data).toMatchObject({ status500: true, hang: false });
    expect((await admin(fhir, 'POST', '/reset')).status).toBe(200);
    expect((await slots()).status).toBe(200);
  });

  it.each([
    [{ status500: 2 }, 'status500'],
    [{ status429: { retryAfterSeconds: -1 } }, 'status429'],
    [{ hang: 'yes' }, 'hang'],
    [{ outage: true }, 'outage'],
  ])('when faults %j are posted, then 400 names %s', async (body, field) => {
    const res = await admin(fhir, 'POST', '/faults', body);
    expect(res.status).toBe(400);
    expect(res.body.message).toContain(field);
  });

  it('when slots are changed over /__admin, then take/free/cancel show in the next read', async () => {
    const slot = fhir.listSlots().find((s) => s.status === 'free' && s.released && s.remaining < s.capacity)!;
    expect(
      (await admin(fhir, 'POST', `/slots/${slot.sourceSlotId}/take`, { n: 1 })).body.data.remaining,
    ).toBe(slot.remaining - 1);
    expect(
      (await admin(fhir, 'POST', `/slots/${slot.sourceSlotId}/free`, { n: 2 })).body.data.remaining,
    ).toBe(slot.remaining + 1);
    const cancel = await admin(fhir, 'POST', `/sessions/${slot.sessionId}/cancel`);
    expect(cancel.body.data.every((s: Json) => s.status === 'cancelled')).toBe(true);
    const read = (await (await fetch(`${fhir.url}/Slot/${slot.sourceSlotId}`)).json()) as Json;
    expect(read.status).toBe('busy-unavailable');
    expect((await admin(fhir, 'POST', `/slots/${slot.sourceSlotId}/take`)).status).toBe(409);
    expect((await admin(fhir, 'POST', '/slots/nope/take')).status).toBe(404);
  });

  it('when the server closes while a request hangs, then close does not wait for it', async () => {
    const feed = await startHospitalFeed({ hospitalId: 'hzsdsrmyy', kind: 'fhir' });
    feed.setFaults({ hang: true });
    const pending = fetch(`${feed.url}/Slot`).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 50));
    const started = performance.now();
    await feed.close();
    expect(performance.now() - started).toBeLessThan(1_000);
    // fetch's TypeError comes from another realm, so match the shape, not the class.
    expect(await pending).toMatchObject({ message: expect.stringMatching(/fetch failed|socket|closed/i) });
  });
});
