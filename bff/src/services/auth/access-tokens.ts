import { randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { AppError } from '../../lib/app-error';

export const ISSUER = 'jiankang-bff';
export const AUDIENCE = 'jiankang-miniapp';
/** The only algorithm accepted: `none`, HS384, HS512, RS256 and the rest are refused unread. */
const ALGORITHM = 'HS256' as const;

export interface AccessTokenOptions {
  secret: string;
  ttlSeconds: number;
  /** Milliseconds; tests move it. */
  now?: () => number;
}

export interface VerifiedAccess {
  accountId: string;
  jti: string;
  expiresAt: number;
}

/** Short-lived JWTs (HS256) naming the account in `sub`. Stateless: nothing is stored. */
export class AccessTokens {
  private readonly now: () => number;

  constructor(private readonly opts: AccessTokenOptions) {
    this.now = opts.now ?? Date.now;
  }

  get ttlSeconds(): number {
    return this.opts.ttlSeconds;
  }

  issue(accountId: string): string {
    const iat = Math.floor(this.now() / 1000);
    return jwt.sign({ iat, exp: iat + this.opts.ttlSeconds }, this.opts.secret, {
      algorithm: ALGORITHM,
      subject: accountId,
      jwtid: randomUUID(),
      issuer: ISSUER,
      audience: AUDIENCE,
    });
  }

  /** Throws UNAUTHENTICATED (bad in any way) or TOKEN_EXPIRED (good but old). */
  verify(token: string): VerifiedAccess {
    let claims: jwt.JwtPayload | string;
    try {
      claims = jwt.verify(token, this.opts.secret, {
        algorithms: [ALGORITHM],
        issuer: ISSUER,
        audience: AUDIENCE,
        clockTimestamp: Math.floor(this.now() / 1000),
      });
    } catch (err) {
      if (err instanceof jwt.TokenExpiredError)
        throw new AppError('TOKEN_EXPIRED', 'The access token has expired');
      throw unauthenticated();
    }
    if (
      typeof claims !== 'object' ||
      typeof claims.sub !== 'string' ||
      !claims.sub ||
      typeof claims.jti !== 'string' ||
      typeof claims.exp !== 'number' ||
      typeof claims.iat !== 'number'
    )
      throw unauthenticated();
    return { accountId: claims.sub, jti: claims.jti, expiresAt: claims.exp * 1000 };
  }
}

export const unauthenticated = (message = 'A valid access token is required') =>
  new AppError('UNAUTHENTICATED', message);
