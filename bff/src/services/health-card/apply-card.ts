import { randomBytes } from 'node:crypto';
import { AppError } from '../../lib/app-error';
import { UpstreamError } from '../../lib/upstream-error';
import { cardClaimIds, type HealthCardDoc } from '../../models/health-cards';
import { isDuplicateKey } from '../../models/push';
import type { CardRecord } from '../../upstreams/regional/health-cards';
import { CARD_REF_BYTES } from './code-codec';
import { CARD_SEAL, type HealthCardDeps } from './deps';
import type { CardHolder } from './ports';

/**
 * Applies for (or binds) a 就诊人's e-health card. The platform keeps one card per person and is
 * idempotent, so asking it twice is harmless; here two unique inserts decide: `platform#cardId`
 * gives the platform card one reference of ours (whichever account asked first, e.g. a family
 * member for an elderly parent without a phone), and `patient#id` binds the patient to it once.
 * Two applications at the same moment both end with the same card; `created` is true for one.
 * A card the platform has cancelled is final there, so applying again gets a new card id, which
 * `next#<old card>` makes the successor of the old one, once, for every account holding the person.
 */
export async function applyForCard(
  deps: HealthCardDeps,
  accountId: string,
  patientId: string,
): Promise<{ card: HealthCardDoc; record: CardRecord | null; created: boolean }> {
  const holder = await deps.holders.forHealthCard(accountId, patientId);
  const bound = await deps.cards.ofPatient(patientId);
  if (bound) {
    const known = await deps.cards.record(bound, { fresh: true });
    if (known?.status !== 'cancelled') return { card: bound, record: known, created: false };
    return replaceCancelled(deps, holder, bound);
  }

  const record = await applyAtPlatform(deps, holder);
  const card = await cardOf(deps, record, holder);
  deps.cards.remember(card, record);
  const created = await insertClaim(deps, cardClaimIds.patient(patientId), card._id);
  if (created) return { card, record, created };
  const winner = await deps.cards.ofPatient(patientId);
  if (!winner) throw new Error(`health card claim of ${patientId} vanished`);
  return { card: winner, record: winner._id === card._id ? record : null, created: false };
}

/** A new card for a person whose card was cancelled; one successor however many ask at once. */
async function replaceCancelled(
  deps: HealthCardDeps,
  holder: CardHolder,
  cancelled: HealthCardDoc,
): Promise<{ card: HealthCardDoc; record: CardRecord | null; created: boolean }> {
  const record = await applyAtPlatform(deps, holder);
  // Only a live card replaces it: anything else would leave the patient where they were.
  if (record.cardId === cancelled.cardId || record.status !== 'active')
    return { card: cancelled, record: record.cardId === cancelled.cardId ? record : null, created: false };
  const card = await cardOf(deps, record, holder);
  deps.cards.remember(card, record);
  if (await insertClaim(deps, cardClaimIds.successor(cancelled._id), card._id)) {
    deps.cards.rememberSuccessor(cancelled, card);
    return { card, record, created: true };
  }
  const winner = await deps.cards.successorOf(cancelled);
  if (!winner) throw new Error(`successor claim of card ${cancelled._id} vanished`);
  return { card: winner, record: winner._id === card._id ? record : null, created: false };
}

async function applyAtPlatform(deps: HealthCardDeps, holder: CardHolder): Promise<CardRecord> {
  try {
    return await deps.platform.apply({
      masterId: holder.masterId,
      name: holder.name,
      idType: holder.idType,
      idNumber: holder.idNumber,
      phone: holder.phone,
    });
  } catch (err) {
    if (err instanceof UpstreamError)
      throw new AppError('UPSTREAM_UNAVAILABLE', '暂时无法到区域平台申领电子健康卡，请稍后再试', {
        cause: err,
      });
    throw err;
  }
}

/** Our card for the platform's: the one already referenced, or a new one won by unique insert. */
async function cardOf(deps: HealthCardDeps, record: CardRecord, holder: CardHolder): Promise<HealthCardDoc> {
  const platformClaim = cardClaimIds.platform(record.cardId);
  const known = await deps.cards.claim(platformClaim);
  if (known) return requireCard(deps, known.cardRef);

  const doc: HealthCardDoc = {
    _id: randomBytes(CARD_REF_BYTES).toString('hex'),
    cardId: record.cardId,
    masterId: record.masterId,
    idType: holder.idType,
    nameEnc: deps.pii.encrypt(holder.name, CARD_SEAL.name),
    idNumberEnc: deps.pii.encrypt(holder.idNumber, CARD_SEAL.idNumber),
    createdAt: deps.now(),
  };
  // The card first, then its claim: a claim never points at a card that is not there.
  await deps.models.Card.create(doc);
  if (await insertClaim(deps, platformClaim, doc._id)) return doc;
  await deps.models.Card.deleteOne({ _id: doc._id }).exec();
  const winner = await deps.cards.claim(platformClaim);
  if (!winner) throw new Error(`health card claim of ${record.cardId} vanished`);
  return requireCard(deps, winner.cardRef);
}

async function requireCard(deps: HealthCardDeps, cardRef: string): Promise<HealthCardDoc> {
  const card = await deps.cards.byReference(cardRef);
  if (!card) throw new Error(`health card ${cardRef} is claimed but missing`);
  return card;
}

async function insertClaim(deps: HealthCardDeps, id: string, cardRef: string): Promise<boolean> {
  try {
    await deps.models.Claim.create({ _id: id, cardRef, createdAt: deps.now() });
    return true;
  } catch (err) {
    if (isDuplicateKey(err)) return false;
    throw err;
  }
}
