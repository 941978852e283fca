import type { Pii } from '../../lib/pii';
import type { RateLimiter } from '../../lib/rate-limit';
import type { HealthCardModels } from '../../models/health-cards';
import type { HealthCardPlatform } from '../../upstreams/regional/health-cards';
import type { CardBook } from './card-book';
import type { CodeKeyRing } from './key-ring';
import type { PinGuard } from './pin-guard';
import type { CardHolders, HospitalNames } from './ports';
import type { ScanLog } from './scan-log';

export interface CodeTiming {
  refreshSeconds: number;
  validitySeconds: number;
  offlineCodes: number;
}

/** What the e-health card use cases need; built once in start-health-cards.ts. */
export interface HealthCardDeps {
  models: HealthCardModels;
  cards: CardBook;
  holders: CardHolders;
  platform: HealthCardPlatform;
  keys: CodeKeyRing;
  pins: PinGuard;
  scanLog: ScanLog;
  pii: Pii;
  hospitals: HospitalNames;
  timing: CodeTiming;
  /** Code requests per account (codes and offline packs). */
  codeLimiter: RateLimiter;
  /** Overridable in tests (an injected clock past a code's expiry), never by a request. */
  now: () => Date;
}

/** The sealed purposes of a card's holder data (AES-GCM associated data, see lib/pii.ts). */
export const CARD_SEAL = { name: 'healthCard.name', idNumber: 'healthCard.idNumber' } as const;
