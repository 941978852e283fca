import Taro from '@tarojs/taro';
import { getMe, login, logout, refreshSession, SESSION_KEY, tokenStore } from './auth';
import { ApiError } from './client';

jest.mock('@tarojs/taro', () => {
  const storage = new Map<string, unknown>();
  return {
    __esModule: true,
    default: {
      request: jest.fn(),
      login: jest.fn(),
      getStorageSync: jest.fn((k: string) => storage.get(k) ?? ''),
      setStorageSync: jest.fn((k: string, v: unknown) => storage.set(k, v)),
      removeStorageSync: jest.fn((k: string) => storage.delete(k)),
    },
  };
});

type Call = { url: string; method: string; header: Record<string, string>; data?: unknown };
const fakeRequest = Taro.request as unknown as jest.Mock;
const calls = (): Call[] => fakeRequest.mock.calls.map((c) => c[0] as Call);

const pair = (n: number) => ({
  accessToken: `access.${n}.sig`,
  tokenType: 'Bearer',
  expiresIn: 900,
  refreshToken: `refresh-${n}`,
  refreshExpiresIn: 2_592_000,
  accountId: 'acc_1',
});
const expired = {
  statusCode: 401,
  data: { error: { code: 'TOKEN_EXPIRED', message: 'expired', requestId: 'r' } },
};
const me = { accountId: 'acc_1', consent: null, currentConsentVersion: '2026-11' };

/** Answers by URL, so parallel calls get the right answer whatever their order. */
function route(handler: (c: Call) => { statusCode: number; data: unknown }) {
  fakeRequest.mockImplementation(async (c: Call) => ({ header: {}, ...handler(c) }));
}

beforeEach(() => {
  fakeRequest.mockReset();
  tokenStore.clear();
});

describe('login', () => {
  it('when logging in on H5, then a dev code comes from the WeChat simulator and the pair is stored', async () => {
    route((c) =>
      c.url.endsWith('/__dev/login-code')
        ? { statusCode: 200, data: { code: 'dev-code', openid: 'oX' } }
        : { statusCode: 200, data: pair(1) },
    );
    const session = await login();
    expect(calls().map((c) => c.url)).toEqual([
      'http://127.0.0.1:4300/__dev/login-code',
      '/api/v1/auth/login',
    ]);
    expect(calls()[1]?.data).toEqual({ code: 'dev-code' });
    expect(session).toEqual({ accessToken: 'access.1.sig', refreshToken: 'refresh-1', accountId: 'acc_1' });
    expect(Taro.getStorageSync(SESSION_KEY)).toEqual(session);
  });
});

describe('authenticated requests', () => {
  beforeEach(() => {
    tokenStore.save(pair(1) as never);
  });

  it('when a personal route is called, then the access token goes in Authorization', async () => {
    route(() => ({ statusCode: 200, data: me }));
    await getMe();
    expect(calls()[0]?.header.Authorization).toBe('Bearer access.1.sig');
  });

  it('when the access token has expired, then it refreshes once and retries with the new token', async () => {
    route((c) => {
      if (c.url.endsWith('/auth/refresh')) return { statusCode: 200, data: pair(2) };
      return c.header.Authorization === 'Bearer access.2.sig' ? { statusCode: 200, data: me } : expired;
    });
    expect(await getMe()).toEqual(me);
    expect(calls().map((c) => c.url)).toEqual(['/api/v1/me', '/api/v1/auth/refresh', '/api/v1/me']);
    expect(calls()[1]?.data).toEqual({ refreshToken: 'refresh-1' });
    expect(tokenStore.load()?.refreshToken).toBe('refresh-2');
  });

  it('when several requests expire at once, then only one refresh is sent', async () => {
    route((c) => {
      if (c.url.endsWith('/auth/refresh')) return { statusCode: 200, data: pair(2) };
      return c.header.Authorization === 'Bearer access.2.sig' ? { statusCode: 200, data: me } : expired;
    });
    await Promise.all([getMe(), getMe(), getMe()]);
    expect(calls().filter((c) => c.url.endsWith('/auth/refresh'))).toHaveLength(1);
  });

  it('when the refresh token is refused, then the session is cleared and the 401 reaches the caller', async () => {
    route((c) =>
      c.url.endsWith('/auth/refresh')
        ? {
            statusCode: 401,
            data: { error: { code: 'REFRESH_TOKEN_INVALID', message: 'no', requestId: 'r' } },
          }
        : expired,
    );
    const err = await getMe().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe('TOKEN_EXPIRED');
    expect(tokenStore.load()).toBeNull();
  });

  it('when the network fails during refresh, then the session is kept', async () => {
    fakeRequest.mockRejectedValue({ errMsg: 'request:fail' });
    expect(await refreshSession()).toBe(false);
    expect(tokenStore.load()?.refreshToken).toBe('refresh-1');
  });

  it('when logging out, then storage is cleared and the refresh token is revoked (204)', async () => {
    route(() => ({ statusCode: 204, data: '' }));
    await logout();
    expect(calls()[0]).toMatchObject({ url: '/api/v1/auth/logout', data: { refreshToken: 'refresh-1' } });
    expect(tokenStore.load()).toBeNull();
  });
});
