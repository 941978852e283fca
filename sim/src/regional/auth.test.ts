import { request } from 'node:http';
import { DEV_APP, freshNonce, signRequest, signedFetch } from '../testing/signed-fetch';
import { startRegionalPlatform, type RegionalPlatformHandle } from '../index';

let platform: RegionalPlatformHandle;
beforeAll(async () => {
  platform = await startRegionalPlatform({
    apps: { [DEV_APP.appId]: DEV_APP.secret, 'jk-other': 'other-secret' },
  });
});
afterAll(() => platform.close());

const MINUTE = 60_000;

describe('signed API authentication', () => {
  it('when a request is signed correctly, then it gets 200 with the ok envelope', async () => {
    const res = await signedFetch(platform.url, '/open/v1/ping');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      code: 0,
      message: 'ok',
      data: { platform: '惠州市全民健康信息平台（模拟）' },
    });
    expect(res.body.data.serverTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+08:00$/);
  });

  it.each([
    ['the signature is wrong', { override: { 'X-Signature': 'a'.repeat(64) } }],
    ['the signature is upper-case hex', { override: { 'X-Signature': 'A'.repeat(64) } }],
    ['the signature is too short', { override: { 'X-Signature': 'abc' } }],
    ['the app id is unknown', { appId: 'jk-unknown' }],
    ['the secret belongs to another app', { secret: 'other-secret' }],
    ['X-App-Id is missing', { override: { 'X-App-Id': undefined } }],
    ['X-Timestamp is missing', { override: { 'X-Timestamp': undefined } }],
    ['X-Nonce is missing', { override: { 'X-Nonce': undefined } }],
    ['X-Signature is missing', { override: { 'X-Signature': undefined } }],
    ['the nonce is too short', { nonce: 'short' }],
    ['the nonce has a forbidden character', { nonce: 'nonce.with.dots' }],
  ])('when %s, then 401 code 40101', async (_case, opts) => {
    const res = await signedFetch(platform.url, '/open/v1/ping', opts);
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ code: 40101, message: expect.any(String) });
  });

  it.each([
    ['6 minutes old', Date.now() - 6 * MINUTE],
    ['6 minutes ahead', Date.now() + 6 * MINUTE],
    ['not a number', 'yesterday'],
    ['in seconds, not milliseconds', Math.floor(Date.now() / 1000)],
  ])('when the timestamp is %s, then 401 code 40102', async (_case, timestamp) => {
    const res = await signedFetch(platform.url, '/open/v1/ping', { timestamp });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe(40102);
  });

  it('when the timestamp is 4 minutes off either way, then it is accepted', async () => {
    for (const skew of [-4 * MINUTE, 4 * MINUTE]) {
      expect(
        (await signedFetch(platform.url, '/open/v1/ping', { timestamp: Date.now() + skew })).status,
      ).toBe(200);
    }
  });

  it('when the same nonce is sent twice, then the second gets 401 code 40103', async () => {
    const nonce = freshNonce();
    expect((await signedFetch(platform.url, '/open/v1/ping', { nonce })).status).toBe(200);
    const replay = await signedFetch(platform.url, '/open/v1/ping', { nonce });
    expect(replay.status).toBe(401);
    expect(replay.body).toEqual({ code: 40103, message: 'nonce already used' });
  });

  it('when two apps use the same nonce, then both are accepted', async () => {
    const nonce = freshNonce();
    expect((await signedFetch(platform.url, '/open/v1/ping', { nonce })).status).toBe(200);
    const other = await signedFetch(platform.url, '/open/v1/ping', {
      nonce,
      appId: 'jk-other',
      secret: 'other-secret',
    });
    expect(other.status).toBe(200);
  });

  it('when a forged request uses a fresh nonce, then that nonce still works for the real client', async () => {
    const nonce = freshNonce();
    const forged = await signedFetch(platform.url, '/open/v1/ping', { nonce, secret: 'guessed-secret' });
    expect(forged.body.code).toBe(40101);
    expect((await signedFetch(platform.url, '/open/v1/ping', { nonce })).status).toBe(200);
  });

  it('when the query is sent in another order than it was signed, then the signature still holds', async () => {
    const res = await signedFetch(platform.url, '/open/v1/hospitals', {
      query: [
        ['page', '2'],
        ['pageSize', '5'],
      ],
      sendQuery: [
        ['pageSize', '5'],
        ['page', '2'],
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ page: 2, pageSize: 5 });
  });

  it('when the query is changed after signing, then 401 code 40101', async () => {
    const res = await signedFetch(platform.url, '/open/v1/hospitals', {
      query: [['page', '1']],
      sendQuery: [['page', '2']],
    });
    expect(res.body.code).toBe(40101);
  });

  it('when a signed request carries a body, then the body is part of the signature', async () => {
    const timestamp = String(Date.now());
    const sign = (body: string, nonce: string) =>
      signRequest({ method: 'GET', path: '/open/v1/ping', ...DEV_APP, timestamp, nonce, body }).signature;
    // fetch refuses a body on GET, so this one goes through node:http.
    const send = (signedBody: string, sentBody: string) =>
      new Promise<number>((resolve, reject) => {
        const nonce = freshNonce();
        const req = request(`${platform.url}/open/v1/ping`, {
          headers: {
            'X-App-Id': DEV_APP.appId,
            'X-Timestamp': timestamp,
            'X-Nonce': nonce,
            'X-Signature': sign(signedBody, nonce),
            'Content-Length': Buffer.byteLength(sentBody),
          },
        });
        req.on('response', (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end(sentBody);
      });
    expect(await send('{"x":1}', '{"x":1}')).toBe(200);
    expect(await send('{"x":1}', '{"x":2}')).toBe(401);
  });

  it('when a path under /open does not exist, then a signed request gets 404 code 40401', async () => {
    const res = await signedFetch(platform.url, '/open/v1/nothing-here');
    expect(res.status).toBe(404);
    expect(res.body.code).toBe(40401);
  });

  it('when a path outside the API does not exist, then 404 code 40401 JSON', async () => {
    const res = await fetch(`${platform.url}/favicon.ico`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ code: 40401, message: 'resource not found' });
  });
});
