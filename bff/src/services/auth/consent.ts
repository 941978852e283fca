import { randomUUID } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { ConsentRecord, MeResponse } from '@jiankang/shared';
import { AppError } from '../../lib/app-error';
import { requireNoticeInForce } from '../../lib/notice-version';
import type { AccountModels } from '../../models/accounts';

/**
 * Privacy-notice consent. Every acceptance is its own document (the audit trail); the latest
 * one counts. Accepting is never undone here, so "has accepted version V" is cached once true.
 */
export class ConsentService {
  private readonly accepted = new LRUCache<string, true>({ max: 50_000 });

  constructor(
    private readonly models: Pick<AccountModels, 'Consent'>,
    readonly currentVersion: string,
    private readonly now: () => number = Date.now,
  ) {}

  async me(accountId: string): Promise<MeResponse> {
    const latest = await this.models.Consent.findOne({ accountId }).sort({ acceptedAt: -1 }).lean();
    return {
      accountId,
      consent: latest ? { version: latest.version, acceptedAt: latest.acceptedAt.toISOString() } : null,
      currentConsentVersion: this.currentVersion,
    };
  }

  /** Only the notice in force can be accepted: the client showed an old text otherwise. */
  async accept(accountId: string, version: string): Promise<ConsentRecord> {
    requireNoticeInForce(version, this.currentVersion);
    const acceptedAt = new Date(this.now());
    await this.models.Consent.create({ _id: randomUUID(), accountId, version, acceptedAt });
    this.accepted.set(`${accountId}#${version}`, true);
    return { version, acceptedAt: acceptedAt.toISOString() };
  }

  /** Throws CONSENT_REQUIRED unless the account accepted the notice in force. */
  async require(accountId: string): Promise<void> {
    const key = `${accountId}#${this.currentVersion}`;
    if (this.accepted.has(key)) return;
    const found = await this.models.Consent.exists({ accountId, version: this.currentVersion });
    if (!found)
      throw new AppError(
        'CONSENT_REQUIRED',
        `Accept the privacy notice ${this.currentVersion} before entering personal data`,
      );
    this.accepted.set(key, true);
  }
}
