import { LRUCache } from 'lru-cache';
import type { RecordsConsentResponse } from '@jiankang/shared';
import { AppError } from '../../lib/app-error';
import { requireNoticeInForce } from '../../lib/notice-version';
import { isDuplicateKey } from '../../models/push';
import type { ReportModels } from '../../models/reports';

/**
 * 共享调阅 consent per patient: before it, no hospital's records are shown. Each acceptance is an
 * insert `patientId#version`; it is never withdrawn here, so "accepted" is cached once true and
 * the report hot path reads no consent document after the first request.
 */
export class RecordsConsent {
  private readonly accepted = new LRUCache<string, true>({ max: 100_000 });

  constructor(
    private readonly models: Pick<ReportModels, 'Consent'>,
    readonly currentVersion: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async state(patientId: string): Promise<RecordsConsentResponse> {
    const doc = await this.models.Consent.findById(`${patientId}#${this.currentVersion}`).lean().exec();
    return {
      currentVersion: this.currentVersion,
      consent: doc ? { version: doc.version, acceptedAt: doc.acceptedAt.toISOString() } : null,
    };
  }

  /** Only the notice in force can be accepted; accepting it again is answered with the first acceptance. */
  async accept(
    accountId: string,
    patientId: string,
    version: string,
  ): Promise<{ created: boolean; state: RecordsConsentResponse }> {
    requireNoticeInForce(version, this.currentVersion);
    let created = true;
    try {
      await this.models.Consent.create({
        _id: `${patientId}#${version}`,
        patientId,
        accountId,
        version,
        acceptedAt: this.now(),
      });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      created = false;
    }
    this.accepted.set(`${patientId}#${version}`, true);
    return { created, state: await this.state(patientId) };
  }

  /** Throws RECORDS_CONSENT_REQUIRED until the patient's consent to the notice in force is recorded. */
  async require(patientId: string): Promise<void> {
    const key = `${patientId}#${this.currentVersion}`;
    if (this.accepted.has(key)) return;
    const found = await this.models.Consent.exists({ _id: key });
    if (!found)
      throw new AppError(
        'RECORDS_CONSENT_REQUIRED',
        `Agree to the records-sharing notice ${this.currentVersion} for this patient first (POST …/reports/consent)`,
      );
    this.accepted.set(key, true);
  }
}
