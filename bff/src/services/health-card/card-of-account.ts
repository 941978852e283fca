import type { HealthCardDoc } from '../../models/health-cards';
import { cardNotFound } from './card-book';
import type { HealthCardDeps } from './deps';
import type { CardHolder } from './ports';

/** The card of an account's 就诊人: 404 PATIENT_NOT_FOUND for another account's, CARD_NOT_FOUND before applying. */
export async function cardOfAccount(
  deps: HealthCardDeps,
  accountId: string,
  patientId: string,
): Promise<{ holder: CardHolder; card: HealthCardDoc }> {
  const holder = await deps.holders.forHealthCard(accountId, patientId);
  const card = await deps.cards.ofPatient(patientId);
  if (!card) throw cardNotFound();
  return { holder, card };
}
