import type { KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { hmacKeyOf } from '../../lib/hmac-key';
import { AppError } from '../../lib/app-error';
import { ISSUER } from '../auth/access-tokens';

/**
 * Its own audience: a resident access token (audience jiankang-miniapp) is refused here, and a
 * console token is refused by the resident routes, though both are signed with the same secret.
 */
export const CONSOLE_AUDIENCE = 'jiankang-console';
const ALGORITHM = 'HS256' as const;

export const consoleUnauthenticated = () =>
  new AppError('UNAUTHENTICATED', 'Send Authorization: Bearer <console token> (POST /console/sessions)');

/** Short-lived console session tokens naming the hospital (or * for the operator) in `sub`. */
export class ConsoleTokens {
  private readonly key: KeyObject;

  constructor(
    secret: string,
    readonly ttlSeconds: number,
    private readonly now: () => number = Date.now,
  ) {
    this.key = hmacKeyOf(secret);
  }

  issue(scope: string): string {
    const iat = Math.floor(this.now() / 1000);
    return jwt.sign({ iat, exp: iat + this.ttlSeconds, scope: 'feed-console' }, this.key, {
      algorithm: ALGORITHM,
      subject: scope,
      issuer: ISSUER,
      audience: CONSOLE_AUDIENCE,
    });
  }

  /** The session's hospital id or `*`; UNAUTHENTICATED / TOKEN_EXPIRED otherwise. */
  verify(token: string): string {
    let claims: jwt.JwtPayload | string;
    try {
      claims = jwt.verify(token, this.key, {
        algorithms: [ALGORITHM],
        issuer: ISSUER,
        audience: CONSOLE_AUDIENCE,
        clockTimestamp: Math.floor(this.now() / 1000),
      });
    } catch (err) {
      if (err instanceof jwt.TokenExpiredError)
        throw new AppError('TOKEN_EXPIRED', 'The console session has expired; sign in again');
      throw consoleUnauthenticated();
    }
    if (typeof claims !== 'object' || claims.scope !== 'feed-console' || typeof claims.sub !== 'string')
      throw consoleUnauthenticated();
    return claims.sub;
  }
}
