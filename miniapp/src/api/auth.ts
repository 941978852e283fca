import Taro from '@tarojs/taro';
import type { ConsentRecord, MeResponse, TokenResponse } from '@jiankang/shared';
import { ApiError, request, setAuthSource } from './client';

/**
 * The resident's session: login (Taro.login on the weapp; a development-only code from the
 * WeChat simulator on H5), the token pair in storage, single-flight refresh, consent.
 * Every BFF call still goes through client.ts.
 */

export interface StoredSession {
  accessToken: string;
  refreshToken: string;
  accountId: string;
}

export const SESSION_KEY = 'jk.session';

/**
 * Where H5 builds get development login codes: the WeChat simulator. First a run-time value the
 * test harness (or a developer, in the console) puts on `window.__JK_WECHAT_DEV__` before the app
 * loads, so one H5 build serves simulators on any port; then the build-time WECHAT_DEV_BASE if a
 * build defines it; then `npm start`'s simulator on port 4300. Nothing here reaches the weapp
 * (it logs in with wx.login), and the BFF's CSP lets a page call only the simulator it is
 * configured with, and none in production.
 */
declare const WECHAT_DEV_BASE: string | undefined;
export const WECHAT_DEV_GLOBAL = '__JK_WECHAT_DEV__';
export function wechatDevBase(): string {
  const runtime =
    typeof window === 'undefined'
      ? undefined
      : (window as unknown as Record<string, unknown>)[WECHAT_DEV_GLOBAL];
  if (typeof runtime === 'string' && /^https?:\/\/[^/\s]+$/.test(runtime)) return runtime;
  return typeof WECHAT_DEV_BASE === 'string' && WECHAT_DEV_BASE ? WECHAT_DEV_BASE : 'http://127.0.0.1:4300';
}

function isSession(v: unknown): v is StoredSession {
  const s = v as Partial<StoredSession> | null;
  return (
    !!s &&
    typeof s.accessToken === 'string' &&
    typeof s.refreshToken === 'string' &&
    typeof s.accountId === 'string'
  );
}

/** The token pair in Taro storage (wx storage on the weapp, localStorage on H5). */
export const tokenStore = {
  load(): StoredSession | null {
    try {
      const v: unknown = Taro.getStorageSync(SESSION_KEY);
      return isSession(v) ? v : null;
    } catch {
      return null;
    }
  },
  save(tokens: TokenResponse): StoredSession {
    const session = {
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken,
      accountId: tokens.accountId,
    };
    Taro.setStorageSync(SESSION_KEY, session);
    return session;
  },
  clear(): void {
    Taro.removeStorageSync(SESSION_KEY);
  },
};

export function isLoggedIn(): boolean {
  return tokenStore.load() !== null;
}

let refreshing: Promise<boolean> | null = null;

/**
 * Trades the refresh token for a new pair. Single-flight: the BFF revokes the whole login if
 * one refresh token is presented twice, so parallel 401s must share one refresh.
 */
export function refreshSession(): Promise<boolean> {
  refreshing ??= (async () => {
    const current = tokenStore.load();
    if (!current) return false;
    try {
      const tokens = await request<TokenResponse>('/auth/refresh', {
        method: 'POST',
        body: { refreshToken: current.refreshToken },
      });
      tokenStore.save(tokens);
      return true;
    } catch (err) {
      // A refused token will not get better: log in again. A network error keeps the session.
      if (err instanceof ApiError && err.status === 401) tokenStore.clear();
      return false;
    }
  })().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

setAuthSource({
  accessToken: () => tokenStore.load()?.accessToken ?? null,
  refresh: refreshSession,
});

/** A login code: wx.login on the weapp; on H5 the simulator's development endpoint. */
export async function loginCode(devOpenid?: string): Promise<string> {
  if (process.env.TARO_ENV === 'weapp') {
    const { code } = await Taro.login();
    return code;
  }
  const body = devOpenid ? { openid: devOpenid } : {};
  const minted = await request<{ code?: string; errcode?: number }>('/__dev/login-code', {
    method: 'POST',
    body,
    baseUrl: wechatDevBase(),
  });
  if (!minted.code) throw new Error('the WeChat simulator gave no code');
  return minted.code;
}

export async function login(devOpenid?: string): Promise<StoredSession> {
  const code = await loginCode(devOpenid);
  const tokens = await request<TokenResponse>('/auth/login', { method: 'POST', body: { code } });
  return tokenStore.save(tokens);
}

export async function logout(): Promise<void> {
  const current = tokenStore.load();
  tokenStore.clear();
  if (!current) return;
  await request<void>('/auth/logout', { method: 'POST', body: { refreshToken: current.refreshToken } }).catch(
    () => undefined,
  );
}

export function getMe(): Promise<MeResponse> {
  return request<MeResponse>('/me', { auth: true });
}

export function acceptConsent(version: string): Promise<ConsentRecord> {
  return request<ConsentRecord>('/me/consent', { method: 'POST', body: { version }, auth: true });
}

/** Whether the account still has to accept the notice in force. */
export function needsConsent(me: MeResponse): boolean {
  return me.consent?.version !== me.currentConsentVersion;
}
