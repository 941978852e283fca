import type {
  ConsoleFeedDetail,
  ConsoleFeedsResponse,
  ConsoleSessionResponse,
  FeedCheckReport,
} from '@jiankang/shared';
import { loginAs } from '../support/auth';
import {
  CONSOLE_KEYS,
  OPERATOR_KEY,
  PARTIAL,
  WHOLE,
  startConsoleStack,
  type ConsoleStack,
} from '../support/feed-console';
import { expectEnvelope, getJson, request } from '../support/http';

jest.setTimeout(90_000);

let env: ConsoleStack;
const api = (path: string) => `${env.stack.baseUrl}/api/v1${path}`;
const postJson = <T>(path: string, body: unknown, headers: Record<string, string> = {}) =>
  request<T>(api(path), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
const bearer = (t: string) => ({ authorization: `Bearer ${t}` });

async function signIn(hospitalId: string, key: string): Promise<string> {
  const res = await postJson<ConsoleSessionResponse>('/console/sessions', { hospitalId, key });
  expect(res.status).toBe(201);
  return res.body.token;
}

beforeAll(async () => {
  env = await startConsoleStack();
});
afterAll(() => env?.close());

describe('console sign-in', () => {
  it('when the key is right, then a console session sees only its hospital', async () => {
    const token = await signIn(PARTIAL, CONSOLE_KEYS[PARTIAL]);
    const list = await getJson<ConsoleFeedsResponse>(api('/console/feeds'), bearer(token));
    expect(list.status).toBe(200);
    expect(list.body.items.map((i) => i.hospitalId)).toEqual([PARTIAL]);
  });

  it.each([
    [{ hospitalId: PARTIAL, key: CONSOLE_KEYS[WHOLE] }, 401, 'CONSOLE_KEY_INVALID'],
    [{ hospitalId: 'no-such-hospital', key: 'x'.repeat(20) }, 401, 'CONSOLE_KEY_INVALID'],
    [{ hospitalId: PARTIAL }, 400, 'VALIDATION_FAILED'],
    [{ hospitalId: 'BAD ID', key: 'x' }, 400, 'VALIDATION_FAILED'],
  ])('when signing in with %j, then %i %s', async (body, status, code) => {
    const res = await postJson('/console/sessions', body);
    expectEnvelope(res, status, code);
  });

  it('when a resident token is sent to a console route, then it is refused, and a console token is refused by resident routes', async () => {
    const resident = await loginAs(env.stack);
    expectEnvelope(
      await getJson(api('/console/feeds'), bearer(resident.accessToken)),
      401,
      'UNAUTHENTICATED',
    );
    const token = await signIn(PARTIAL, CONSOLE_KEYS[PARTIAL]);
    expectEnvelope(await getJson(api('/me'), bearer(token)), 401, 'UNAUTHENTICATED');
    expectEnvelope(await getJson(api('/console/feeds')), 401, 'UNAUTHENTICATED');
  });

  it('when a hospital asks for another hospital’s feed, then 403', async () => {
    const token = await signIn(PARTIAL, CONSOLE_KEYS[PARTIAL]);
    expectEnvelope(await getJson(api(`/console/feeds/${WHOLE}`), bearer(token)), 403, 'CONSOLE_FORBIDDEN');
    expectEnvelope(
      await postJson('/console/feed-check', { hospitalId: WHOLE }, bearer(token)),
      403,
      'CONSOLE_FORBIDDEN',
    );
  });
});

describe('feed health', () => {
  it('when the feed was read partially, then the console shows partial with samples, file problems and the push log', async () => {
    const token = await signIn(PARTIAL, CONSOLE_KEYS[PARTIAL]);
    const res = await getJson<ConsoleFeedDetail>(api(`/console/feeds/${PARTIAL}`), bearer(token));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      hospitalId: PARTIAL,
      status: 'partial',
      kind: 'smart-scheduling-links',
    });
    expect(res.body.skippedCount).toBeGreaterThan(0);
    expect(res.body.skippedSamples.join('\n')).toContain('Schedule/sch-empty');
    expect(res.body.problems.some((p) => p.url.endsWith('slots-2027-03-05.ndjson'))).toBe(true);
    expect(res.body.slotsPerDay).toHaveLength(14);
    expect(res.body.pushLog.map((p) => p.outcome).sort()).toEqual(['accepted', 'refused']);
    const refused = res.body.pushLog.find((p) => p.outcome === 'refused')!;
    expect(refused.reason).toContain('SIGNATURE_INVALID');
    expect(res.body.pushLog.find((p) => p.outcome === 'accepted')).toMatchObject({ events: 1, unknown: 1 });
  });

  it('when the operator signs in, then every hospital is listed and the whole feed counts its slots per day', async () => {
    const token = await signIn('*', OPERATOR_KEY);
    const list = await getJson<ConsoleFeedsResponse>(api('/console/feeds'), bearer(token));
    expect(list.body.items.map((i) => i.hospitalId).sort()).toEqual([PARTIAL, WHOLE].sort());
    const whole = await getJson<ConsoleFeedDetail>(api(`/console/feeds/${WHOLE}`), bearer(token));
    expect(whole.body.status).toBe('ok');
    expect(whole.body.slotsPerDay.reduce((n, d) => n + d.slots, 0)).toBeGreaterThan(0);
    expectEnvelope(
      await getJson(api('/console/feeds/not-registered'), bearer(token)),
      404,
      'HOSPITAL_NOT_FOUND',
    );
  });
});

describe('POST /console/feed-check', () => {
  it('when a hospital checks its registered feed, then it gets the report with reasons', async () => {
    const token = await signIn(PARTIAL, CONSOLE_KEYS[PARTIAL]);
    const res = await postJson<FeedCheckReport>('/console/feed-check', {}, bearer(token));
    expect(res.status).toBe(200);
    expect(res.body.verdict).toBe('partial');
    expect(res.body.skippedSamples.length).toBeGreaterThan(0);
    expect(res.body.samples).toHaveLength(3);
  });

  it.each([
    [{ url: 'http://169.254.169.254/latest/meta-data/' }, 'url'],
    [{ url: 'file:///etc/passwd' }, 'url'],
    [{ url: 'not a url' }, 'url'],
    [{ extra: 1 }, 'extra'],
  ])('when the body is %j, then 400 naming %s and nothing is fetched', async (body, field) => {
    const token = await signIn(PARTIAL, CONSOLE_KEYS[PARTIAL]);
    const res = await postJson<{ error: { field: string } }>('/console/feed-check', body, bearer(token));
    expectEnvelope(res, 400, 'VALIDATION_FAILED');
    expect(res.body.error.field).toBe(field);
  });

  it('when the operator names no hospital, then 400 naming hospitalId', async () => {
    const token = await signIn('*', OPERATOR_KEY);
    const res = await postJson<{ error: { field: string } }>('/console/feed-check', {}, bearer(token));
    expectEnvelope(res, 400, 'VALIDATION_FAILED');
    expect(res.body.error.field).toBe('hospitalId');
  });
});
