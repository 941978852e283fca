import type { Context, Middleware } from 'koa';
import type { AccessTokens } from '../services/auth/access-tokens';
import { unauthenticated } from '../services/auth/access-tokens';
import type { ConsentService } from '../services/auth/consent';

/** What requireAccount leaves in ctx.state for the routes after it. */
export interface AccountState {
  accountId: string;
}

const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*)$/;

/** The JWT of `Authorization: Bearer <jwt>`, or undefined when the header is absent or malformed. */
export const bearerToken = (ctx: Context): string | undefined => BEARER.exec(ctx.get('Authorization'))?.[1];

/**
 * For every personal route: `Authorization: Bearer <access token>` or 401 (UNAUTHENTICATED,
 * or TOKEN_EXPIRED so the client knows to refresh; UNAUTHENTICATED too once its login session was
 * logged out or revoked). Sets ctx.state.accountId.
 */
export function requireAccount(tokens: AccessTokens): Middleware {
  return async (ctx, next) => {
    const token = bearerToken(ctx);
    if (!token) throw unauthenticated('Send Authorization: Bearer <access token>');
    ctx.state.accountId = (await tokens.authenticate(token)).accountId;
    await next();
  };
}

/** After requireAccount: 403 CONSENT_REQUIRED until the privacy notice in force is accepted. */
export function requireConsent(consent: ConsentService): Middleware {
  return async (ctx, next) => {
    await consent.require(accountIdOf(ctx));
    await next();
  };
}

/** The account of this request; throws if the route forgot requireAccount (a bug, so a 500). */
export function accountIdOf(ctx: Context): string {
  const id: unknown = ctx.state.accountId;
  if (typeof id !== 'string' || !id) throw new Error('accountIdOf() used on a route without requireAccount');
  return id;
}
