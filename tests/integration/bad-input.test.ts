import { startStack, type Stack } from '../support/stack';
import { expectEnvelope, getJson, request } from '../support/http';

let stack: Stack;
const api = (path: string) => `${stack.baseUrl}/api/v1${path}`;

beforeAll(async () => {
  stack = await startStack({ overrides: { http: { corsOrigins: ['http://127.0.0.1:10086'] } } });
});
afterAll(async () => {
  await stack?.close();
});

describe('bad input never reaches the database and never gets a 500', () => {
  it.each(['1e9', '-1', 'abc', '0', '51', '2.5'])('when pageSize=%s, then 400 naming pageSize', async (v) => {
    const res = await getJson<{ error: { field: string } }>(api(`/hospitals?pageSize=${v}`));
    expectEnvelope(res, 400, 'VALIDATION_FAILED');
    expect(res.body.error.field).toBe('pageSize');
  });

  it('when q is over 50 characters, then 400 naming q', async () => {
    const res = await getJson<{ error: { field: string } }>(api(`/hospitals?q=${'a'.repeat(51)}`));
    expectEnvelope(res, 400, 'VALIDATION_FAILED');
    expect(res.body.error.field).toBe('q');
  });

  it.each(['q[$ne]=x', 'q[$regex]=.*', '$where=1', 'district[$gt]=', 'pageSize[$gt]=1', 'q=a&q=b'])(
    'when the query is operator-shaped (%s), then 400',
    async (qs) => {
      expectEnvelope(await getJson(api(`/hospitals?${qs}`)), 400, 'VALIDATION_FAILED');
    },
  );

  it('when the JSON body is malformed, then 400 MALFORMED_JSON', async () => {
    const res = await request(api('/hospitals'), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"name": ',
    });
    expectEnvelope(res, 400, 'MALFORMED_JSON');
  });

  it('when the body is over the limit, then 413 PAYLOAD_TOO_LARGE', async () => {
    const res = await request(api('/hospitals'), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ blob: 'x'.repeat(200 * 1024) }),
    });
    expectEnvelope(res, 413, 'PAYLOAD_TOO_LARGE');
  });

  it('when the body is not JSON, then 415', async () => {
    const res = await request(api('/hospitals'), {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain' },
      body: 'hello',
    });
    expectEnvelope(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('when the route does not exist, then 404 ROUTE_NOT_FOUND in the envelope', async () => {
    expectEnvelope(await getJson(api('/nothing-here')), 404, 'ROUTE_NOT_FOUND');
    expectEnvelope(await getJson(`${stack.baseUrl}/`), 404, 'ROUTE_NOT_FOUND');
  });

  it('when the method is wrong, then 405 with Allow', async () => {
    const res = await request(api('/hospitals'), { method: 'DELETE' });
    expectEnvelope(res, 405, 'METHOD_NOT_ALLOWED');
    expect(res.headers.get('allow')).toContain('GET');
  });
});

describe('request ids, headers and CORS', () => {
  it('when the caller sends X-Request-Id, then it is echoed; otherwise one is made', async () => {
    const mine = await getJson(api('/hospitals'), { 'X-Request-Id': 'abc-123_trace' });
    expect(mine.headers.get('x-request-id')).toBe('abc-123_trace');
    const theirs = await getJson(api('/hospitals'), { 'X-Request-Id': 'bad id with spaces' });
    expect(theirs.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const error = await getJson<{ error: { requestId: string } }>(api('/hospitals/none'), {
      'X-Request-Id': 'req-42',
    });
    expect(error.body.error.requestId).toBe('req-42');
  });

  it('sets security headers', async () => {
    const res = await getJson(api('/hospitals'));
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  it('when the origin is on the allowlist, then CORS headers; otherwise none', async () => {
    const ok = await request(api('/hospitals'), {
      method: 'OPTIONS',
      headers: { Origin: 'http://127.0.0.1:10086', 'Access-Control-Request-Method': 'GET' },
    });
    expect(ok.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:10086');
    const evil = await request(api('/hospitals'), {
      method: 'OPTIONS',
      headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'GET' },
    });
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
    const get = await getJson(api('/hospitals'), { Origin: 'https://evil.example' });
    expect(get.headers.get('access-control-allow-origin')).toBeNull();
  });
});
