import { gateOf, SINGLE_PROCESS, type ReplicaShared } from '../../lib/replica';
import type { Config } from '../../config';
import type { Logger } from '../../lib/logger';
import type { Pii } from '../../lib/pii';
import { createRateLimiter } from '../../lib/rate-limit';
import type { HealthCardModels } from '../../models/health-cards';
import type { ScanLogModels } from '../../models/scan-log';
import type { HealthCardPlatform } from '../../upstreams/regional/health-cards';
import { CardBook } from './card-book';
import { HealthCardCleanup } from './cleanup';
import { ClinicVerifier } from './clinic-verifier';
import type { HealthCardDeps } from './deps';
import { HealthCardService } from './health-card-service';
import { CodeKeyRing } from './key-ring';
import { PinGuard } from './pin-guard';
import type { CardHolders, HospitalNames } from './ports';
import { ScanLog } from './scan-log';
import { CodeVerification } from './verify-code';

export interface HealthCardRuntime {
  healthCards: HealthCardService;
  clinic: ClinicVerifier;
  /** Deletes expired consumed codes, nonces and PIN tries (hourly). */
  cleanup: HealthCardCleanup;
  stop(): Promise<void>;
}

export interface HealthCardPorts {
  models: HealthCardModels;
  scanLog: ScanLogModels;
  holders: CardHolders;
  platform: HealthCardPlatform;
  hospitals: HospitalNames;
  pii: Pii;
}

/**
 * The e-health card side of a replica: the signing keys, the card book, the resident use cases,
 * the clinic verifier with its per-terminal rate, and the cleanup job. `now` is the clock of all
 * of it, injectable for tests only (runtime.ts).
 */
export function startHealthCards(
  config: Config,
  ports: HealthCardPorts,
  logger: Logger,
  now: () => Date,
  shared: ReplicaShared = SINGLE_PROCESS,
): HealthCardRuntime {
  const { healthCard, clinic } = config;
  const log = logger.child({ job: 'health-cards' });
  const limiter = (name: string, points: number) =>
    createRateLimiter({ name, points, durationSeconds: 60, redis: shared.redis });
  const deps: HealthCardDeps = {
    models: ports.models,
    cards: new CardBook(ports.models, ports.platform, healthCard.statusCacheMs),
    holders: ports.holders,
    platform: ports.platform,
    keys: new CodeKeyRing(healthCard.signingKey, healthCard.retiredKeys),
    pins: new PinGuard(ports.models, {
      maxTries: healthCard.pin.maxTries,
      lockMs: healthCard.pin.lockMinutes * 60_000,
    }),
    scanLog: new ScanLog(ports.scanLog, (err) => log.warn({ err }, 'scan log head hint not written')),
    pii: ports.pii,
    hospitals: ports.hospitals,
    timing: {
      refreshSeconds: healthCard.refreshSeconds,
      validitySeconds: healthCard.validitySeconds,
      offlineCodes: healthCard.offlineCodes,
    },
    codeLimiter: limiter('card-codes-account', healthCard.codesPerAccountPerMinute),
    now,
  };
  const keys = new Map(
    config.hospitalRegistry.hospitals.flatMap((h) => (h.clinicKey ? [[h.id, h.clinicKey] as const] : [])),
  );
  const verifier = new ClinicVerifier(ports.models, new CodeVerification(deps), {
    keys,
    maxSkewMs: clinic.maxSkewMs,
    perTerminal: limiter('clinic-terminal', clinic.perTerminalPerMinute),
    now,
  });
  const cleanup = new HealthCardCleanup(
    ports.models,
    log,
    now,
    undefined,
    gateOf(shared, 'health-card-cleanup'),
  );
  cleanup.start();
  return {
    healthCards: new HealthCardService(deps),
    clinic: verifier,
    cleanup,
    stop: () => cleanup.stop(),
  };
}
