import type { StaticCodeResponse } from '@jiankang/shared';
import { AppError } from '../../lib/app-error';
import type { CardPinDoc, StaticCodeDoc } from '../../models/health-cards';
import { isDuplicateKey } from '../../models/push';
import type { CodeSigner } from './code-codec';
import { currentStaticCode } from './card-face';
import { cardOfAccount } from './card-of-account';
import type { HealthCardDeps } from './deps';
import { encodeStaticCode } from './static-code-codec';

const MAX_RACES = 20;

export const staticCodeId = (cardRef: string, serial: number) => `${cardRef}#${serial}`;

export const pinNotSet = () => new AppError('PIN_NOT_SET', '请先设置电子健康卡密码，静态码须与密码一起使用');

/**
 * The card's printable static code. `reissue: false` (GET) answers the code in force, issuing
 * the first one if there is none; `reissue: true` (POST, "reprint") takes the next serial,
 * which revokes every earlier code. Serials are taken by unique insert, so two at once get
 * consecutive serials and the later one is in force. The text is signed afresh each time
 * (SM2 signatures are randomised); any text of the serial in force verifies.
 */
export async function staticCode(
  deps: HealthCardDeps,
  accountId: string,
  patientId: string,
  { reissue }: { reissue: boolean },
): Promise<StaticCodeResponse> {
  const { card } = await cardOfAccount(deps, accountId, patientId);
  await deps.cards.requireActive(card);
  const pin = await deps.models.Pin.findById(card._id, { _id: 1 }).lean<Pick<CardPinDoc, '_id'>>().exec();
  if (!pin) throw pinNotSet();

  const current = await currentStaticCode(deps, card._id);
  if (current && !reissue) return textOf(current, deps.keys.signer);
  const issuedAt = new Date(Math.floor(deps.now().getTime() / 1000) * 1000);
  let serial = (current?.serial ?? 0) + 1;
  for (let race = 0; race < MAX_RACES; race += 1, serial += 1) {
    const doc: StaticCodeDoc = { _id: staticCodeId(card._id, serial), cardRef: card._id, serial, issuedAt };
    try {
      await deps.models.StaticCode.create(doc);
      return textOf(doc, deps.keys.signer);
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      if (reissue) continue;
      // Someone issued the first code at the same moment: theirs (or a later one) is in force.
      const winner = await currentStaticCode(deps, card._id);
      if (winner) return textOf(winner, deps.keys.signer);
    }
  }
  throw new Error(`static code of ${card._id}: no free serial after ${MAX_RACES} tries`);
}

function textOf(doc: StaticCodeDoc, signer: CodeSigner): StaticCodeResponse {
  const issuedAt = new Date(doc.issuedAt);
  const code = encodeStaticCode(
    {
      cardRef: Buffer.from(doc.cardRef, 'hex'),
      issuedAtSec: Math.floor(issuedAt.getTime() / 1000),
      serial: doc.serial,
    },
    signer,
  );
  return { code, kind: 'static', serial: doc.serial, issuedAt: issuedAt.toISOString() };
}
