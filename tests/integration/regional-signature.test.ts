import { startRegionalPlatform, type RegionalPlatformHandle } from '@jiankang/sim';
import { signRequest } from '../../bff/src/upstreams/regional/signer';
import { startStack, TEST_APP_ID, TEST_APP_SECRET } from '../support/stack';
import { request } from '../support/http';

let regional: RegionalPlatformHandle;

beforeAll(async () => {
  regional = await startRegionalPlatform({ apps: { [TEST_APP_ID]: TEST_APP_SECRET } });
});
afterAll(async () => {
  await regional?.close();
});

/** A request signed by the BFF's own signer, sent straight to the simulator. */
async function signedGet(
  path: string,
  query: string,
  overrides: Partial<Parameters<typeof signRequest>[0]> = {},
) {
  const headers = signRequest({
    method: 'GET',
    path,
    query,
    body: '',
    appId: TEST_APP_ID,
    secret: TEST_APP_SECRET,
    ...overrides,
  });
  return request<{ code: number }>(`${regional.url}${path}${query ? `?${query}` : ''}`, { headers });
}

describe('the BFF signer against the regional platform', () => {
  it('when signed correctly, then 200 code 0', async () => {
    const res = await signedGet('/open/v1/hospitals', 'page=1&pageSize=5');
    expect(res.status).toBe(200);
    expect(res.body.code).toBe(0);
  });

  it('when signed with the wrong secret, then 401 40101', async () => {
    const res = await signedGet('/open/v1/ping', '', { secret: 'another-secret-of-enough-length' });
    expect([res.status, res.body.code]).toEqual([401, 40101]);
  });

  it('when the timestamp is six minutes old, then 401 40102', async () => {
    const res = await signedGet('/open/v1/ping', '', { timestamp: Date.now() - 6 * 60_000 });
    expect([res.status, res.body.code]).toEqual([401, 40102]);
  });

  it('when a nonce is reused, then 401 40103', async () => {
    const nonce = 'replayed-nonce-0001';
    expect((await signedGet('/open/v1/ping', '', { nonce })).status).toBe(200);
    const res = await signedGet('/open/v1/ping', '', { nonce });
    expect([res.status, res.body.code]).toEqual([401, 40103]);
  });

  it('when the signed query differs from the sent one, then 401', async () => {
    const headers = signRequest({
      method: 'GET',
      path: '/open/v1/hospitals',
      query: 'page=1&pageSize=5',
      body: '',
      appId: TEST_APP_ID,
      secret: TEST_APP_SECRET,
    });
    const res = await request<{ code: number }>(`${regional.url}/open/v1/hospitals?page=2&pageSize=5`, {
      headers,
    });
    expect([res.status, res.body.code]).toEqual([401, 40101]);
  });

  it('when the BFF is configured with the wrong secret, then its sync fails as an auth error and no directory is served', async () => {
    const stack = await startStack({
      regional,
      overrides: { regional: { appSecret: 'a-wrong-secret-for-this-platform' } },
    });
    try {
      const result = await stack.runtime.directorySync.runOnce();
      expect(result).toMatchObject({ ok: false, error: expect.stringContaining('refused our signature') });
      expect((await request(`${stack.baseUrl}/api/v1/hospitals`)).status).toBe(503);
    } finally {
      await stack.close();
    }
  });
});
