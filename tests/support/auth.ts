import type { TokenResponse } from '@jiankang/shared';
import { request } from './http';
import type { Stack } from './stack';

/**
 * Signing in for integration tests, through the real flow: the WeChat simulator mints a login
 * code (what wx.login does on a phone), the BFF exchanges it at POST /api/v1/auth/login.
 *
 *   const alice = await loginAs(stack);                 // a new WeChat user, a new account
 *   const again = await loginAs(stack, alice.openid);   // the same user: the same accountId
 *   await withConsent(stack, alice.accessToken);        // accept the privacy notice in force
 *   await fetch(url, { headers: bearer(alice.accessToken) });
 */
export interface LoggedIn {
  accessToken: string;
  refreshToken: string;
  accountId: string;
  /** The user's openid at the simulator; the BFF never shows it. */
  openid: string;
}

export async function loginAs(stack: Stack, openid?: string): Promise<LoggedIn> {
  const { code, openid: who } = stack.wechat.mintCode(openid);
  const res = await request<TokenResponse>(`${stack.baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code }),
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${res.text}`);
  const { accessToken, refreshToken, accountId } = res.body;
  return { accessToken, refreshToken, accountId, openid: who };
}

/** `{ Authorization: 'Bearer …' }`, to spread into fetch headers. */
export const bearer = (accessToken: string): Record<string, string> => ({
  authorization: `Bearer ${accessToken}`,
});

/** Accepts the privacy notice currently in force (config privacy.version) for this account. */
export async function withConsent(stack: Stack, accessToken: string): Promise<void> {
  const res = await request(`${stack.baseUrl}/api/v1/me/consent`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...bearer(accessToken) },
    body: JSON.stringify({ version: stack.config.privacy.version }),
  });
  if (res.status !== 201) throw new Error(`consent failed: ${res.status} ${res.text}`);
}

/** A signed-in account that has accepted the privacy notice: what patients and bookings need. */
export async function loginWithConsent(stack: Stack, openid?: string): Promise<LoggedIn> {
  const who = await loginAs(stack, openid);
  await withConsent(stack, who.accessToken);
  return who;
}
