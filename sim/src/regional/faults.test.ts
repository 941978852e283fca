import { startRegionalPlatform, type RegionalPlatformHandle } from '../index';
import { adminFetch } from '../testing/admin-fetch';
import { signedFetch } from '../testing/signed-fetch';

let platform: RegionalPlatformHandle;
beforeAll(async () => {
  platform = await startRegionalPlatform();
});
afterEach(() => platform.reset());
afterAll(() => platform.close());

const admin = (path: string, method = 'GET', body?: unknown) => adminFetch(platform.url, method, path, body);

describe('fault injection', () => {
  it('when the platform is in outage, then signed requests get 503 code 50301', async () => {
    platform.setFaults({ outage: true });
    const res = await signedFetch(platform.url, '/open/v1/ping');
    expect(res.status).toBe(503);
    expect(res.body).toEqual({ code: 50301, message: 'platform under maintenance' });
  });

  it('when the platform is in outage, then even an unsigned request gets 503 before any auth check', async () => {
    platform.setFaults({ outage: true });
    const res = await fetch(`${platform.url}/open/v1/hospitals`);
    expect(res.status).toBe(503);
  });

  it('when errorRate is 1, then every request gets 500 code 50001', async () => {
    platform.setFaults({ errorRate: 1 });
    for (let i = 0; i < 3; i++) {
      const res = await signedFetch(platform.url, '/open/v1/hospitals');
      expect(res.status).toBe(500);
      expect(res.body.code).toBe(50001);
    }
  });

  it('when an injected error refused a request, then its nonce was not spent', async () => {
    platform.setFaults({ errorRate: 1 });
    const first = await signedFetch(platform.url, '/open/v1/ping');
    expect(first.status).toBe(500);
    platform.setFaults({ errorRate: 0 });
    expect((await signedFetch(platform.url, '/open/v1/ping', { nonce: first.nonce })).status).toBe(200);
  });

  it('when latency is set, then a request takes at least that long', async () => {
    platform.setFaults({ latencyMs: 300 });
    const started = performance.now();
    const res = await signedFetch(platform.url, '/open/v1/ping');
    expect(res.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(295);
  });

  it('when latency is set, then admin routes still answer at once', async () => {
    platform.setFaults({ latencyMs: 2_000, outage: false, errorRate: 1 });
    const started = performance.now();
    expect((await admin('/faults')).status).toBe(200);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('when faults are set over HTTP, then they merge and reset clears them', async () => {
    expect((await admin('/faults', 'POST', { outage: true })).body.data).toEqual({
      latencyMs: 0,
      errorRate: 0,
      outage: true,
    });
    await admin('/faults', 'POST', { latencyMs: 10 });
    expect((await admin('/faults')).body.data).toEqual({ latencyMs: 10, errorRate: 0, outage: true });
    expect((await signedFetch(platform.url, '/open/v1/ping')).status).toBe(503);

    expect((await admin('/reset', 'POST')).status).toBe(200);
    expect((await admin('/faults')).body.data).toEqual({ latencyMs: 0, errorRate: 0, outage: false });
    expect((await signedFetch(platform.url, '/open/v1/ping')).status).toBe(200);
  });

  it('when reset() is called on the handle, then faults are off', async () => {
    platform.setFaults({ outage: true, errorRate: 1, latencyMs: 50 });
    platform.reset();
    expect((await admin('/faults')).body.data).toEqual({ latencyMs: 0, errorRate: 0, outage: false });
  });

  it.each([
    [{ errorRate: 2 }, 'errorRate'],
    [{ latencyMs: -1 }, 'latencyMs'],
    [{ outage: 'yes' }, 'outage'],
    [{ slow: true }, 'slow'],
  ])('when faults %j are posted, then 400 names %s', async (body, field) => {
    const res = await admin('/faults', 'POST', body);
    expect(res.status).toBe(400);
    expect(res.body.message).toContain(field);
  });

  it('when setFaults gets a bad value, then it throws', () => {
    expect(() => platform.setFaults({ errorRate: 1.5 })).toThrow(/errorRate/);
  });

  it('when the server closes during injected latency, then close does not wait for it', async () => {
    const slow = await startRegionalPlatform();
    slow.setFaults({ latencyMs: 60_000 });
    const pending = signedFetch(slow.url, '/open/v1/ping').catch((err: unknown) => err);
    await new Promise((r) => setTimeout(r, 100));
    const started = performance.now();
    await slow.close();
    expect(performance.now() - started).toBeLessThan(1_000);
    // fetch fails (its TypeError comes from another realm, so match the shape, not the class).
    expect(await pending).toMatchObject({ message: expect.stringMatching(/fetch failed|socket|closed/i) });
  });
});
