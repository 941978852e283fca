import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { AppError } from '../../lib/app-error';
import type { AccountModels } from '../../models/accounts';
import { isDuplicateKey } from '../../models/push';

const DAY_MS = 86_400_000;

export const hashToken = (token: string) => createHash('sha256').update(token, 'utf8').digest('base64url');

/** The claim that ends a login session (a refresh-token family) for good. */
export const revokedClaimId = (familyId: string) => `${familyId}#revoked`;

const invalid = () =>
  new AppError('REFRESH_TOKEN_INVALID', 'The refresh token is unknown, expired or revoked; log in again');

export interface IssuedRefresh {
  token: string;
  expiresInSeconds: number;
  /** The login session (family) it belongs to: the access tokens' `sid`. */
  familyId: string;
}

/**
 * Opaque refresh tokens in families (one family per login). Rotation spends the old token with a
 * unique insert `${hash}#used`, so of two refreshes with one token exactly one wins — also on
 * FerretDB, where updates are not atomic. Presenting a spent token again means it was copied:
 * the whole family is revoked (`${familyId}#revoked`), the newest token included.
 */
export class RefreshTokens {
  constructor(
    private readonly models: Pick<AccountModels, 'RefreshToken' | 'AuthClaim'>,
    private readonly ttlDays: number,
    private readonly now: () => number = Date.now,
    /** Told of each family revoked here (the access-token revocation cache). */
    private readonly onRevoked: (familyId: string) => void = () => undefined,
  ) {}

  get ttlSeconds(): number {
    return this.ttlDays * 86_400;
  }

  /** A new family: what a login answers. */
  startFamily(accountId: string): Promise<IssuedRefresh> {
    return this.issue(accountId, randomUUID());
  }

  /** Spends `token` and answers its successor and the account; REFRESH_TOKEN_INVALID otherwise. */
  async rotate(token: string): Promise<{ accountId: string; refresh: IssuedRefresh }> {
    const hash = hashToken(token);
    const doc = await this.models.RefreshToken.findById(hash).lean();
    if (!doc || doc.expiresAt.getTime() <= this.now()) throw invalid();
    if (await this.isRevoked(doc.familyId)) throw invalid();
    try {
      await this.claim(`${hash}#used`, doc.expiresAt);
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      // Spent before: a stolen copy or a replay. Nobody holding this family may go on.
      await this.revokeFamily(doc.familyId);
      throw invalid();
    }
    return { accountId: doc.accountId, refresh: await this.issue(doc.accountId, doc.familyId) };
  }

  /** Logout: the family of `token` is revoked. Unknown tokens are ignored (nothing to revoke). */
  async revoke(token: string): Promise<void> {
    const doc = await this.models.RefreshToken.findById(hashToken(token)).lean();
    if (doc) await this.revokeFamily(doc.familyId);
  }

  private async issue(accountId: string, familyId: string): Promise<IssuedRefresh> {
    const token = randomBytes(32).toString('base64url');
    const createdAt = new Date(this.now());
    await this.models.RefreshToken.create({
      _id: hashToken(token),
      familyId,
      accountId,
      createdAt,
      expiresAt: new Date(createdAt.getTime() + this.ttlDays * DAY_MS),
    });
    return { token, expiresInSeconds: this.ttlSeconds, familyId };
  }

  private async isRevoked(familyId: string): Promise<boolean> {
    return (await this.models.AuthClaim.exists({ _id: revokedClaimId(familyId) })) !== null;
  }

  private async revokeFamily(familyId: string): Promise<void> {
    try {
      // Kept as long as any token of the family could still be presented.
      await this.claim(revokedClaimId(familyId), new Date(this.now() + this.ttlDays * DAY_MS));
    } catch (err) {
      if (!isDuplicateKey(err)) throw err; // already revoked
    }
    this.onRevoked(familyId);
  }

  private async claim(id: string, expiresAt: Date): Promise<void> {
    await this.models.AuthClaim.create({ _id: id, at: new Date(this.now()), expiresAt });
  }
}
