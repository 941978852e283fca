import { randomUUID, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { AppError } from '../../lib/app-error';
import { hmacKeyOf } from '../../lib/hmac-key';

export const ISSUER = 'jiankang-bff';
export const AUDIENCE = 'jiankang-miniapp';
/** The only algorithm accepted: `none`, HS384, HS512, RS256 and the rest are refused unread. */
const ALGORITHM = 'HS256' as const;

export interface AccessTokenOptions {
  secret: string;
  ttlSeconds: number;
  /** Milliseconds; tests move it. */
  now?: () => number;
  /** Whether a login session was ended (logout, replayed refresh token); default never. */
  isRevoked?: (sessionId: string) => Promise<boolean>;
  /** Told of every token issued, so its session is known active here without a read. */
  issued?: (sessionId: string) => void;
}

export interface VerifiedAccess {
  accountId: string;
  /** The login session (refresh-token family) the token was issued in. */
  sessionId: string;
  jti: string;
  expiresAt: number;
}

/**
 * Short-lived JWTs (HS256) naming the account in `sub` and the login session in `sid`. Nothing is
 * stored per token; `authenticate` also refuses a token whose session was revoked.
 */
export class AccessTokens {
  private readonly now: () => number;
  private readonly key: KeyObject;

  constructor(private readonly opts: AccessTokenOptions) {
    this.now = opts.now ?? Date.now;
    this.key = hmacKeyOf(opts.secret);
  }

  get ttlSeconds(): number {
    return this.opts.ttlSeconds;
  }

  issue(accountId: string, sessionId: string): string {
    const iat = Math.floor(this.now() / 1000);
    this.opts.issued?.(sessionId);
    return jwt.sign({ iat, exp: iat + this.opts.ttlSeconds, sid: sessionId }, this.key, {
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
      claims = jwt.verify(token, this.key, {
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
      typeof claims.sid !== 'string' ||
      !claims.sid ||
      typeof claims.exp !== 'number' ||
      typeof claims.iat !== 'number'
    )
      throw unauthenticated();
    return {
      accountId: claims.sub,
      sessionId: claims.sid as string,
      jti: claims.jti,
      expiresAt: claims.exp * 1000,
    };
  }

  /** `verify`, then UNAUTHENTICATED if the token's login session has ended. */
  async authenticate(token: string): Promise<VerifiedAccess> {
    const access = this.verify(token);
    if (await this.opts.isRevoked?.(access.sessionId))
      throw unauthenticated('This login session has ended; log in again');
    return access;
  }
}

export const unauthenticated = (message = 'A valid access token is required') =>
  new AppError('UNAUTHENTICATED', message);
