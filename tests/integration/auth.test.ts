import { generateKeyPairSync } from 'node:crypto';
import jwt from 'jsonwebtoken';
import Koa from 'koa';
import mongoose from 'mongoose';
import { ErrorEnvelope, MeResponse, TokenResponse } from '@jiankang/shared';
import { listen, type Listening } from '@jiankang/sim';
import { dataKeyFrom, decrypt } from '../../bff/src/lib/crypto-box';
import { errorHandler } from '../../bff/src/middleware/error-handler';
import { requestContext } from '../../bff/src/middleware/request-context';
import { accountIdOf, requireAccount, requireConsent } from '../../bff/src/middleware/require-account';
import { createLogger } from '../../bff/src/lib/logger';
import { AUDIENCE, ISSUER } from '../../bff/src/services/auth/access-tokens';
import { bearer, loginAs, withConsent } from '../support/auth';
import { testMongoUri } from '../support/db';
import { expectEnvelope, request, type JsonResponse } from '../support/http';
import { startStack, type Stack } from '../support/stack';

let stack: Stack;
let db: mongoose.Connection;

beforeAll(async () => {
  stack = await startStack({ overrides: { rateLimits: { loginPerIpPerMinute: 10_000 } } });
  db = await mongoose.createConnection(testMongoUri(), { dbName: stack.dbName }).asPromise();
});
afterEach(() => stack.wechat.reset());
afterAll(async () => {
  await db?.close();
  await stack?.close();
});

const post = <T = unknown>(path: string, body: unknown, headers: Record<string, string> = {}) =>
  request<T>(`${stack.baseUrl}/api/v1${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
const get = <T = unknown>(path: string, headers: Record<string, string> = {}) =>
  request<T>(`${stack.baseUrl}/api/v1${path}`, { headers });
const login = (code: string) => post<TokenResponse>('/auth/login', { code });
const refresh = (refreshToken: string) => post<TokenResponse>('/auth/refresh', { refreshToken });
const me = (token: string) => get<MeResponse>('/me', bearer(token));

describe('login', () => {
  it('when the code is fresh, then tokens and an account id come back, and the same user gets the same account', async () => {
    const { code, openid } = stack.wechat.mintCode();
    const res = await login(code);
    expect(res.status).toBe(200);
    const body = TokenResponse.parse(res.body);
    expect(body).toMatchObject({ tokenType: 'Bearer', expiresIn: 900, refreshExpiresIn: 30 * 86_400 });
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.text).not.toContain(openid);
    expect(res.text).not.toContain(stack.wechat.sessionKeyOf(openid));
    const claims = jwt.decode(body.accessToken, { complete: true });
    expect(claims?.header.alg).toBe('HS256');
    expect(claims?.payload).toMatchObject({ sub: body.accountId, iss: ISSUER, aud: AUDIENCE });
    expect((await loginAs(stack, openid)).accountId).toBe(body.accountId);
  });

  it('when the code was already used, then 401 LOGIN_CODE_INVALID', async () => {
    const { code } = stack.wechat.mintCode();
    expect((await login(code)).status).toBe(200);
    expectEnvelope(await login(code), 401, 'LOGIN_CODE_INVALID');
  });

  it('when the code is over 5 minutes old, then 401 LOGIN_CODE_INVALID', async () => {
    const { code } = stack.wechat.mintCode();
    stack.wechat.advanceClock(5 * 60_000 + 1);
    expectEnvelope(await login(code), 401, 'LOGIN_CODE_INVALID');
  });

  it('when the code is made up, then 401 LOGIN_CODE_INVALID', async () => {
    expectEnvelope(await login('made-up-code'), 401, 'LOGIN_CODE_INVALID');
  });

  it.each([[{}], [{ code: '' }], [{ code: 5 }], [{ code: 'x', extra: 1 }]])(
    'when the body is %j, then 400 VALIDATION_FAILED',
    async (body) => {
      expectEnvelope(await post('/auth/login', body), 400, 'VALIDATION_FAILED');
    },
  );

  it('when WeChat says 45011 (too frequent), then 429 RATE_LIMITED with Retry-After', async () => {
    stack.wechat.setCode2SessionLimit(0);
    const res = await login(stack.wechat.mintCode().code);
    expectEnvelope(res, 429, 'RATE_LIMITED');
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  });

  it.each([
    ['answers HTTP 500', { status500: true }],
    ['says system busy (-1)', { systemBusy: true }],
  ])('when WeChat %s, then 502 UPSTREAM_UNAVAILABLE', async (_what, faults) => {
    stack.wechat.setFaults(faults);
    expectEnvelope(await login(stack.wechat.mintCode().code), 502, 'UPSTREAM_UNAVAILABLE');
  });

  it('when WeChat hangs, then 502 UPSTREAM_UNAVAILABLE within the configured timeout', async () => {
    stack.wechat.setFaults({ hang: true });
    const started = performance.now();
    const res = await login(stack.wechat.mintCode().code);
    expectEnvelope(res, 502, 'UPSTREAM_UNAVAILABLE');
    expect(performance.now() - started).toBeLessThan(stack.config.wechat.timeoutMs + 1_000);
  });

  it('when WeChat is down, then 502 UPSTREAM_UNAVAILABLE', async () => {
    const down = await startStack({
      wechat: stack.wechat,
      overrides: { wechat: { baseUrl: 'http://127.0.0.1:9' } },
    });
    try {
      const res = await request(`${down.baseUrl}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code: stack.wechat.mintCode().code }),
      });
      expectEnvelope(res, 502, 'UPSTREAM_UNAVAILABLE');
    } finally {
      await down.close();
    }
  });

  it('when one openid logs in for the first time from two places at once, then there is one account', async () => {
    for (let round = 0; round < 5; round++) {
      const openid = `oConcurrentFirst${round}x`;
      const codes = [stack.wechat.mintCode(openid).code, stack.wechat.mintCode(openid).code];
      const answers = await Promise.all(codes.map(login));
      expect(answers.map((r) => r.status)).toEqual([200, 200]);
      expect(answers[0]?.body.accountId).toBe(answers[1]?.body.accountId);
      expect(await db.collection('accounts').countDocuments({ openid })).toBe(1);
    }
  });

  it('when stored, then the session key is sealed (AES-GCM) and appears in no response', async () => {
    const user = await loginAs(stack);
    const sessionKey = stack.wechat.sessionKeyOf(user.openid) as string;
    const raw = await db.collection('accounts').findOne({ openid: user.openid });
    expect(raw).not.toBeNull();
    expect(JSON.stringify(raw)).not.toContain(sessionKey);
    expect(decrypt(dataKeyFrom(stack.config.auth.dataKey), raw?.sessionKeySealed as string)).toBe(sessionKey);
    const meRes = await me(user.accessToken);
    expect(meRes.text).not.toContain(sessionKey);
    expect(meRes.text).not.toContain(user.openid);
  });
});

describe('login rate limit per IP', () => {
  it('when one IP logs in more often than allowed per minute, then 429 RATE_LIMITED with Retry-After', async () => {
    const small = await startStack({
      wechat: stack.wechat,
      overrides: { rateLimits: { loginPerIpPerMinute: 3 } },
    });
    try {
      const statuses: JsonResponse[] = [];
      for (let i = 0; i < 4; i++) {
        statuses.push(
          await request(`${small.baseUrl}/api/v1/auth/login`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ code: stack.wechat.mintCode().code }),
          }),
        );
      }
      expect(statuses.map((r) => r.status)).toEqual([200, 200, 200, 429]);
      const last = statuses[3] as JsonResponse;
      expectEnvelope(last, 429, 'RATE_LIMITED');
      const retryAfter = Number(last.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
    } finally {
      await small.close();
    }
  });
});

describe('access token checks', () => {
  const secret = () => stack.config.auth.jwtSecret;
  const now = () => Math.floor(Date.now() / 1000);
  const claims = (accountId: string) => ({
    sub: accountId,
    jti: 'test-jti',
    iss: ISSUER,
    aud: AUDIENCE,
    iat: now(),
    exp: now() + 600,
  });
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  let user: Awaited<ReturnType<typeof loginAs>>;
  beforeAll(async () => {
    user = await loginAs(stack);
  });

  it('when the token is good, then /me answers', async () => {
    expect((await me(user.accessToken)).status).toBe(200);
  });

  const forged: Array<[string, () => string]> = [
    ['alg none', () => `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims(user.accountId))}.`],
    ['HS512 with the right secret', () => jwt.sign(claims(user.accountId), secret(), { algorithm: 'HS512' })],
    ['HS384 with the right secret', () => jwt.sign(claims(user.accountId), secret(), { algorithm: 'HS384' })],
    [
      'RS256',
      () => {
        const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
        return jwt.sign(claims(user.accountId), privateKey, { algorithm: 'RS256' });
      },
    ],
    [
      'a tampered payload',
      () => {
        const [h, , s] = user.accessToken.split('.');
        return `${h}.${b64({ ...claims('acc_someone_else') })}.${s}`;
      },
    ],
    ['the wrong secret', () => jwt.sign(claims(user.accountId), 'x'.repeat(40), { algorithm: 'HS256' })],
    ['the wrong issuer', () => jwt.sign({ ...claims(user.accountId), iss: 'evil' }, secret())],
    ['the wrong audience', () => jwt.sign({ ...claims(user.accountId), aud: 'evil' }, secret())],
    ['no subject', () => jwt.sign({ ...claims(user.accountId), sub: undefined }, secret())],
    ['garbage', () => 'not.a.jwt'],
  ];

  it.each(forged)('when the token has %s, then 401 UNAUTHENTICATED', async (_what, make) => {
    expectEnvelope(await me(make()), 401, 'UNAUTHENTICATED');
  });

  it.each([
    ['no Authorization header', {}],
    ['a Basic scheme', { authorization: 'Basic dXNlcjpwYXNz' }],
    ['an empty Bearer', { authorization: 'Bearer ' }],
  ])('when the request has %s, then 401 UNAUTHENTICATED', async (_what, headers) => {
    expectEnvelope(await get('/me', headers), 401, 'UNAUTHENTICATED');
  });

  it('when the token is signed right but expired, then 401 TOKEN_EXPIRED', async () => {
    const expired = jwt.sign({ ...claims(user.accountId), iat: now() - 1000, exp: now() - 10 }, secret());
    expectEnvelope(await me(expired), 401, 'TOKEN_EXPIRED');
  });
});

describe('refresh tokens', () => {
  it('when a refresh token is used, then a new pair comes back and the new access token works', async () => {
    const user = await loginAs(stack);
    const res = await refresh(user.refreshToken);
    expect(res.status).toBe(200);
    const next = TokenResponse.parse(res.body);
    expect(next.accountId).toBe(user.accountId);
    expect(next.refreshToken).not.toBe(user.refreshToken);
    expect((await me(next.accessToken)).status).toBe(200);
    expect((await refresh(next.refreshToken)).status).toBe(200);
  });

  it('when an already rotated token is presented again, then the whole family is revoked, newest included', async () => {
    const user = await loginAs(stack);
    const second = (await refresh(user.refreshToken)).body;
    const third = (await refresh(second.refreshToken)).body;
    expectEnvelope(await refresh(user.refreshToken), 401, 'REFRESH_TOKEN_INVALID');
    expectEnvelope(await refresh(third.refreshToken), 401, 'REFRESH_TOKEN_INVALID');
    // A new login starts a new family: the account itself is fine.
    expect((await refresh((await loginAs(stack, user.openid)).refreshToken)).status).toBe(200);
  });

  it('when the same token is refreshed concurrently, then exactly one succeeds', async () => {
    const user = await loginAs(stack);
    const answers = await Promise.all(Array.from({ length: 8 }, () => refresh(user.refreshToken)));
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 401, 401, 401, 401, 401, 401, 401]);
    for (const r of answers.filter((a) => a.status === 401)) expectEnvelope(r, 401, 'REFRESH_TOKEN_INVALID');
  });

  it.each([
    ['unknown', 'A'.repeat(43)],
    ['malformed', 'short'],
  ])('when the token is %s, then it is refused', async (_what, token) => {
    const res = await refresh(token);
    expect([400, 401]).toContain(res.status);
    ErrorEnvelope.parse(res.body);
  });

  it('when logged out, then the refresh token (and its family) is refused; logout is idempotent', async () => {
    const user = await loginAs(stack);
    const next = (await refresh(user.refreshToken)).body;
    expect((await post('/auth/logout', { refreshToken: next.refreshToken })).status).toBe(204);
    expect((await post('/auth/logout', { refreshToken: next.refreshToken })).status).toBe(204);
    expectEnvelope(await refresh(next.refreshToken), 401, 'REFRESH_TOKEN_INVALID');
  });

  it('when stored, then refresh tokens are kept only as hashes', async () => {
    const user = await loginAs(stack);
    const docs = await db.collection('refresh_tokens').find({}).toArray();
    expect(JSON.stringify(docs)).not.toContain(user.refreshToken);
  });
});

describe('me and consent', () => {
  it('when nothing was accepted, then consent is null and the current version is named', async () => {
    const user = await loginAs(stack);
    const res = await me(user.accessToken);
    expect(res.status).toBe(200);
    expect(MeResponse.parse(res.body)).toEqual({
      accountId: user.accountId,
      consent: null,
      currentConsentVersion: stack.config.privacy.version,
    });
  });

  it('when the notice is accepted, then /me shows it, and each acceptance is its own record', async () => {
    const user = await loginAs(stack);
    const version = stack.config.privacy.version;
    const res = await post('/me/consent', { version }, bearer(user.accessToken));
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ version, acceptedAt: expect.any(String) });
    await withConsent(stack, user.accessToken);
    const body = MeResponse.parse((await me(user.accessToken)).body);
    expect(body.consent?.version).toBe(version);
    expect(await db.collection('consents').countDocuments({ accountId: user.accountId })).toBe(2);
  });

  it('when an old notice version is accepted, then 400 VALIDATION_FAILED on version', async () => {
    const user = await loginAs(stack);
    const res = await post('/me/consent', { version: '2020-01' }, bearer(user.accessToken));
    expectEnvelope(res, 400, 'VALIDATION_FAILED');
    expect((res.body as ErrorEnvelope).error.field).toBe('version');
  });

  it('when consent is posted without a token, then 401', async () => {
    expectEnvelope(await post('/me/consent', { version: 'x' }), 401, 'UNAUTHENTICATED');
  });
});

describe('requireConsent on a personal route', () => {
  let personal: Listening;
  beforeAll(async () => {
    // A personal route as patients and bookings mount it: requireAccount, then requireConsent.
    const { accessTokens, consent } = stack.runtime.services;
    const app = new Koa();
    app.use(requestContext(createLogger('silent')));
    app.use(errorHandler());
    app.use(requireAccount(accessTokens));
    app.use(requireConsent(consent));
    app.use((ctx) => {
      ctx.body = { accountId: accountIdOf(ctx) };
    });
    personal = await listen(app);
  });
  afterAll(() => personal.close());

  it('when the notice in force was not accepted, then 403 CONSENT_REQUIRED; after accepting, 200', async () => {
    const user = await loginAs(stack);
    expectEnvelope(
      await request(personal.url, { headers: bearer(user.accessToken) }),
      403,
      'CONSENT_REQUIRED',
    );
    await withConsent(stack, user.accessToken);
    const ok = await request(personal.url, { headers: bearer(user.accessToken) });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ accountId: user.accountId });
  });

  it('when there is no token, then 401 before any consent check', async () => {
    expectEnvelope(await request(personal.url), 401, 'UNAUTHENTICATED');
  });
});
