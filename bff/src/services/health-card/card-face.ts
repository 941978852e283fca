import type { HealthCardFace } from '@jiankang/shared';
import { maskIdNumber, maskName } from '@jiankang/shared/domain';
import type { CardPinDoc, HealthCardDoc, StaticCodeDoc } from '../../models/health-cards';
import type { CardRecord } from '../../upstreams/regional/health-cards';
import { cardNotActive } from './card-book';
import { CARD_SEAL, type HealthCardDeps } from './deps';

/** 9D09…5DEE: enough to tell two cards apart on a screen, not enough to be the card. */
export const maskCardId = (cardId: string) => `${cardId.slice(0, 4)}${'*'.repeat(8)}${cardId.slice(-4)}`;

/** The newest static code issued for the card, or null (one query on a small collection). */
export async function currentStaticCode(
  deps: HealthCardDeps,
  cardRef: string,
): Promise<StaticCodeDoc | null> {
  return deps.models.StaticCode.findOne({ cardRef }).sort({ serial: -1 }).lean<StaticCodeDoc>().exec();
}

/**
 * What the card page shows: the platform's status asked afresh (so a freeze shows at once),
 * the holder masked, and whether a PIN and a static code exist. Never a code, the PIN or a
 * full ID number.
 */
export async function cardFace(
  deps: HealthCardDeps,
  card: HealthCardDoc,
  known: CardRecord | null = null,
): Promise<HealthCardFace> {
  const [record, pin, staticCode] = await Promise.all([
    known ?? deps.cards.record(card, { fresh: true }),
    deps.models.Pin.findById(card._id, { _id: 1 }).lean<Pick<CardPinDoc, '_id'>>().exec(),
    currentStaticCode(deps, card._id),
  ]);
  if (!record) throw cardNotActive(undefined);
  return {
    cardIdMasked: maskCardId(card.cardId),
    status: record.status,
    issuedAt: record.issuedAt,
    statusChangedAt: record.statusChangedAt,
    issuer: record.issuer,
    holder: {
      name: maskName(deps.pii.decrypt(card.nameEnc, CARD_SEAL.name)),
      idType: card.idType,
      idNumberMasked: maskIdNumber(deps.pii.decrypt(card.idNumberEnc, CARD_SEAL.idNumber)),
    },
    pinSet: pin !== null,
    staticCode: staticCode && { serial: staticCode.serial, issuedAt: staticCode.issuedAt.toISOString() },
  };
}
