import type {
  DynamicCode,
  HealthCardFace,
  OfflineCodesResponse,
  ScanListResponse,
  StaticCodeResponse,
} from '@jiankang/shared';
import type { CardScene } from '@jiankang/shared/domain';
import { applyForCard } from './apply-card';
import { cardFace } from './card-face';
import { cardOfAccount } from './card-of-account';
import type { HealthCardDeps } from './deps';
import { currentCode, offlineCodes } from './issue-codes';
import { staticCode } from './issue-static-code';
import { listScans } from './list-scans';
import { setPin } from './set-pin';

/** A resident's e-health card use cases, one account's 就诊人 at a time; what the card routes call. */
export class HealthCardService {
  constructor(private readonly deps: HealthCardDeps) {}

  /** Idempotent: `created` only for the request that bound the patient to the card. */
  async apply(accountId: string, patientId: string): Promise<{ card: HealthCardFace; created: boolean }> {
    const { card, record, created } = await applyForCard(this.deps, accountId, patientId);
    return { card: await cardFace(this.deps, card, record), created };
  }

  async get(accountId: string, patientId: string): Promise<HealthCardFace> {
    const { card } = await cardOfAccount(this.deps, accountId, patientId);
    return cardFace(this.deps, card);
  }

  code(accountId: string, patientId: string, scene: CardScene): Promise<DynamicCode> {
    return currentCode(this.deps, accountId, patientId, scene);
  }

  offlineCodes(accountId: string, patientId: string, scene: CardScene): Promise<OfflineCodesResponse> {
    return offlineCodes(this.deps, accountId, patientId, scene);
  }

  setPin(accountId: string, patientId: string, pin: string): Promise<void> {
    return setPin(this.deps, accountId, patientId, pin);
  }

  /** The static code in force (the first is issued on demand). */
  staticCode(accountId: string, patientId: string): Promise<StaticCodeResponse> {
    return staticCode(this.deps, accountId, patientId, { reissue: false });
  }

  /** A new static code; every earlier one stops working. */
  reissueStaticCode(accountId: string, patientId: string): Promise<StaticCodeResponse> {
    return staticCode(this.deps, accountId, patientId, { reissue: true });
  }

  scans(accountId: string, patientId: string, limit: number): Promise<ScanListResponse> {
    return listScans(this.deps, accountId, patientId, limit);
  }
}
