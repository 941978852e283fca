import { randomBytes } from 'node:crypto';
import type { DynamicCode, OfflineCodesResponse } from '@jiankang/shared';
import type { CardScene } from '@jiankang/shared/domain';
import type { HealthCardDoc } from '../../models/health-cards';
import { cardOfAccount } from './card-of-account';
import { CARD_REF_BYTES, encodeCode, NONCE_BYTES } from './code-codec';
import type { HealthCardDeps } from './deps';

const iso = (sec: number) => new Date(sec * 1000).toISOString();

/** One dynamic code whose window starts at `fromSec`; each has its own nonce, so each is used once. */
function codeAt(deps: HealthCardDeps, card: HealthCardDoc, scene: CardScene, fromSec: number): DynamicCode {
  const { refreshSeconds, validitySeconds } = deps.timing;
  const cardRef = Buffer.from(card._id, 'hex');
  if (cardRef.length !== CARD_REF_BYTES) throw new Error(`card ${card._id} has no usable reference`);
  const expiresAtSec = fromSec + validitySeconds;
  return {
    code: encodeCode(
      { scene, cardRef, issuedAtSec: fromSec, expiresAtSec, nonce: randomBytes(NONCE_BYTES) },
      deps.keys.signer,
    ),
    kind: 'dynamic',
    scene,
    validFrom: iso(fromSec),
    expiresAt: iso(expiresAtSec),
    refreshAt: iso(fromSec + refreshSeconds),
  };
}

/** Only for a card the platform says is active, and within the account's code rate. */
async function usableCard(
  deps: HealthCardDeps,
  accountId: string,
  patientId: string,
): Promise<HealthCardDoc> {
  const { card } = await cardOfAccount(deps, accountId, patientId);
  await deps.codeLimiter.consume(accountId);
  await deps.cards.requireActive(card);
  return card;
}

/** The code to show now: valid `validitySeconds`, replaced by the page after `refreshSeconds`. */
export async function currentCode(
  deps: HealthCardDeps,
  accountId: string,
  patientId: string,
  scene: CardScene,
): Promise<DynamicCode> {
  const card = await usableCard(deps, accountId, patientId);
  return codeAt(deps, card, scene, Math.floor(deps.now().getTime() / 1000));
}

/**
 * The next `offlineCodes` codes for consecutive refresh windows, so the page keeps showing a
 * valid code without a network: code k is valid from now + k·refresh for `validitySeconds`,
 * and like any dynamic code only once and only in that window.
 */
export async function offlineCodes(
  deps: HealthCardDeps,
  accountId: string,
  patientId: string,
  scene: CardScene,
): Promise<OfflineCodesResponse> {
  const card = await usableCard(deps, accountId, patientId);
  const startSec = Math.floor(deps.now().getTime() / 1000);
  const { offlineCodes: count, refreshSeconds } = deps.timing;
  return {
    scene,
    items: Array.from({ length: count }, (_, k) => codeAt(deps, card, scene, startSec + k * refreshSeconds)),
  };
}
