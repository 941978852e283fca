import { HospitalListResponse, ReadinessResponse } from '@jiankang/shared';
import { startRegionalPlatform, type RegionalPlatformHandle } from '@jiankang/sim';
import { startStack, TEST_APP_ID, TEST_APP_SECRET, type Stack } from '../support/stack';
import { expectEnvelope, getJson, request } from '../support/http';
import { dropDatabase, uniqueDbName } from '../support/db';

let regional: RegionalPlatformHandle;
let stack: Stack;
const api = (path: string) => `${stack.baseUrl}/api/v1${path}`;

async function listAll(): Promise<HospitalListResponse> {
  const res = await getJson(api('/hospitals?pageSize=50'));
  expect(res.status).toBe(200);
  return HospitalListResponse.parse(res.body);
}

async function admin(path: string, method: string, body?: unknown) {
  return request(`${regional.url}/__admin${path}`, {
    method,
    headers: { 'Content-Type': 'application/json' },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
}

beforeAll(async () => {
  regional = await startRegionalPlatform({ apps: { [TEST_APP_ID]: TEST_APP_SECRET } });
});
beforeEach(async () => {
  regional.reset();
  stack = await startStack({ regional });
});
afterEach(async () => {
  await stack?.close();
});
afterAll(async () => {
  await regional?.close();
});

describe('directory sync', () => {
  it('when synced twice with no change, then nothing changes and the version holds', async () => {
    const before = await listAll();
    const again = await stack.runtime.directorySync.runOnce();
    expect(again).toMatchObject({ ok: true, changed: false, hospitals: before.total });
    const after = await listAll();
    expect(after.items).toEqual(before.items);
    expect(after.directory.asOf! >= before.directory.asOf!).toBe(true);
  });

  it('when the platform changes a hospital, then the next sync shows it', async () => {
    const { items } = await listAll();
    const target = items[0]!;
    const orgCode = target.id.toUpperCase();
    expect((await admin(`/hospitals/${orgCode}`, 'PATCH', { orgName: '惠州市测试更名医院' })).status).toBe(
      200,
    );
    const result = await stack.runtime.directorySync.runOnce();
    expect(result).toMatchObject({ ok: true, changed: true });
    const res = await getJson(api(`/hospitals/${target.id}`));
    expect((res.body as { hospital: { name: string } }).hospital.name).toBe('惠州市测试更名医院');
  });

  it('when the platform removes a hospital, then the next sync stops offering it', async () => {
    const { items, total } = await listAll();
    const target = items[items.length - 1]!;
    expect((await admin(`/hospitals/${target.id.toUpperCase()}`, 'DELETE')).status).toBeLessThan(300);
    await stack.runtime.directorySync.runOnce();
    expectEnvelope(await getJson(api(`/hospitals/${target.id}`)), 404, 'HOSPITAL_NOT_FOUND');
    expect((await listAll()).total).toBe(total - 1);
  });

  it('when the platform is down, then the last good copy is served with its age and flagged stale', async () => {
    const before = await listAll();
    expect(before.directory.stale).toBe(false);
    regional.setFaults({ outage: true });
    const result = await stack.runtime.directorySync.runOnce();
    expect(result.ok).toBe(false);
    await new Promise((r) => setTimeout(r, 1100));
    const after = await listAll();
    expect(after.items).toEqual(before.items);
    expect(after.directory.stale).toBe(true);
    expect(after.directory.asOf).toBe(before.directory.asOf);
    expect(after.directory.ageSeconds).toBeGreaterThanOrEqual(1);

    const ready = await getJson(`${stack.baseUrl}/readyz`);
    expect(ready.status).toBe(503);
    const body = ReadinessResponse.parse(ready.body);
    expect(body.checks.database.ok).toBe(true);
    expect(body.checks.regionalPlatform).toMatchObject({ ok: false, reason: expect.stringContaining('503') });

    regional.setFaults({ outage: false });
    await stack.runtime.directorySync.runOnce();
    expect((await listAll()).directory.stale).toBe(false);
    expect((await getJson(`${stack.baseUrl}/readyz`)).status).toBe(200);
  });

  it('when a replica restarts while the platform is down, then it serves the copy in the database', async () => {
    const dbName = uniqueDbName();
    const first = await startStack({ regional, dbName, keepDb: true });
    const before = HospitalListResponse.parse((await getJson(`${first.baseUrl}/api/v1/hospitals`)).body);
    await first.close();
    regional.setFaults({ outage: true });
    const second = await startStack({ regional, dbName, keepDb: true });
    try {
      const after = HospitalListResponse.parse((await getJson(`${second.baseUrl}/api/v1/hospitals`)).body);
      expect(after.items).toEqual(before.items);
      expect(after.directory.stale).toBe(true);
    } finally {
      await second.close();
      await dropDatabase(dbName);
    }
  });

  it('when a fresh replica starts while the platform is down, then 503 DIRECTORY_NOT_READY, not an empty city', async () => {
    regional.setFaults({ outage: true });
    const cold = await startStack({ regional });
    try {
      const res = await getJson(`${cold.baseUrl}/api/v1/hospitals`);
      expectEnvelope(res, 503, 'DIRECTORY_NOT_READY');
      expect(res.headers.get('retry-after')).toBe('30');
      expect((await getJson(`${cold.baseUrl}/healthz`)).status).toBe(200);
    } finally {
      await cold.close();
    }
  });

  it('when the platform answers slowly, then the sync still completes within its timeouts', async () => {
    regional.setFaults({ latencyMs: 150 });
    const result = await stack.runtime.directorySync.runOnce();
    expect(result.ok).toBe(true);
  });

  it('when the platform errors, then the sync fails without touching the data', async () => {
    const before = await listAll();
    regional.setFaults({ errorRate: 1 });
    const result = await stack.runtime.directorySync.runOnce();
    expect(result).toMatchObject({ ok: false, error: expect.stringContaining('500') });
    expect((await listAll()).items).toEqual(before.items);
  });
});

describe('HTTP caching follows freshness', () => {
  it('when a sync fails after a client cached the list, then its ETag no longer matches', async () => {
    const first = await getJson(api('/hospitals'));
    const etag = first.headers.get('etag')!;
    expect((await getJson(api('/hospitals'), { 'If-None-Match': etag })).status).toBe(304);
    regional.setFaults({ outage: true });
    await stack.runtime.directorySync.runOnce();
    const after = await getJson<{ directory: { stale: boolean } }>(api('/hospitals'), {
      'If-None-Match': etag,
    });
    expect(after.status).toBe(200);
    expect(after.body.directory.stale).toBe(true);
  });
});
