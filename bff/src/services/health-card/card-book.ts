import { LRUCache } from 'lru-cache';
import { AppError } from '../../lib/app-error';
import { UpstreamError } from '../../lib/upstream-error';
import {
  cardClaimIds,
  type CardClaimDoc,
  type HealthCardDoc,
  type HealthCardModels,
} from '../../models/health-cards';
import type { CardRecord, HealthCardPlatform } from '../../upstreams/regional/health-cards';

const CARDS_REMEMBERED = 10_000;

/**
 * Our cards and their status at the platform. A card document never changes once written, so
 * it is remembered in this process (a verification then needs no read of it); the status is
 * the platform's and is reused for `statusCacheMs` (0: ask every time), and when the platform
 * cannot be asked the last status seen serves rather than turning every clinic away.
 */
export class CardBook {
  private readonly byRef = new LRUCache<string, HealthCardDoc>({ max: CARDS_REMEMBERED });
  private readonly records = new LRUCache<string, { record: CardRecord; at: number }>({
    max: CARDS_REMEMBERED,
  });
  /** A successor never changes once inserted, so a found one is kept; a missing one is asked again. */
  private readonly successors = new LRUCache<string, string>({ max: CARDS_REMEMBERED });

  constructor(
    private readonly models: HealthCardModels,
    private readonly platform: HealthCardPlatform,
    private readonly statusCacheMs: number,
    private readonly nowMs: () => number = Date.now,
  ) {}

  async byReference(cardRef: string): Promise<HealthCardDoc | null> {
    const known = this.byRef.get(cardRef);
    if (known) return known;
    const doc = await this.models.Card.findById(cardRef).lean<HealthCardDoc>().exec();
    if (doc) this.byRef.set(cardRef, doc);
    return doc;
  }

  /**
   * The card a 就诊人 holds now, or null before they applied: the one first bound, or the card
   * that replaced it after the platform cancelled it (and so on). The chain is followed only past
   * a card known to be cancelled, so an ordinary look-up costs no extra database read (only the
   * card's status, which the caller's next step asks for anyway and finds cached).
   */
  async ofPatient(patientId: string): Promise<HealthCardDoc | null> {
    const claim = await this.claim(cardClaimIds.patient(patientId));
    let card = claim ? await this.byReference(claim.cardRef) : null;
    const seen = new Set<string>();
    while (card && !seen.has(card._id) && (await this.knownCancelled(card))) {
      seen.add(card._id);
      const next = await this.successorOf(card);
      if (!next || seen.has(next._id)) break;
      card = next;
    }
    return card;
  }

  /** The card that replaced `card` after its cancellation, or null while none has been applied for. */
  async successorOf(card: HealthCardDoc): Promise<HealthCardDoc | null> {
    const known = this.successors.get(card._id);
    if (known) return this.byReference(known);
    const claim = await this.claim(cardClaimIds.successor(card._id));
    if (!claim) return null;
    this.successors.set(card._id, claim.cardRef);
    return this.byReference(claim.cardRef);
  }

  /** Cancelled at the platform as far as can be told now; unreachable platform → not known. */
  private async knownCancelled(card: HealthCardDoc): Promise<boolean> {
    if (this.successors.has(card._id)) return true;
    try {
      return (await this.record(card))?.status === 'cancelled';
    } catch (err) {
      if (err instanceof AppError && err.code === 'UPSTREAM_UNAVAILABLE') return false;
      throw err;
    }
  }

  claim(id: string): Promise<CardClaimDoc | null> {
    return this.models.Claim.findById(id).lean<CardClaimDoc>().exec();
  }

  remember(card: HealthCardDoc, record?: CardRecord): void {
    this.byRef.set(card._id, card);
    if (record) this.records.set(record.cardId, { record, at: this.nowMs() });
  }

  rememberSuccessor(previous: HealthCardDoc, next: HealthCardDoc): void {
    this.successors.set(previous._id, next._id);
  }

  /**
   * The platform's record of the card; null when the platform has no such card. `fresh` asks
   * the platform whatever the cache holds (the resident's card page).
   */
  async record(card: HealthCardDoc, { fresh = false } = {}): Promise<CardRecord | null> {
    const cached = this.records.get(card.cardId);
    if (cached && !fresh && this.nowMs() - cached.at < this.statusCacheMs) return cached.record;
    let record: CardRecord | null;
    try {
      record = await this.platform.get(card.cardId);
    } catch (err) {
      if (!(err instanceof UpstreamError)) throw err;
      if (cached) return cached.record;
      throw new AppError('UPSTREAM_UNAVAILABLE', '暂时无法到区域平台查询电子健康卡状态，请稍后再试', {
        cause: err,
      });
    }
    if (record) this.records.set(card.cardId, { record, at: this.nowMs() });
    else this.records.delete(card.cardId);
    return record;
  }

  /** The record of a card that must be usable: CARD_NOT_ACTIVE when frozen, cancelled or unknown. */
  async requireActive(card: HealthCardDoc): Promise<CardRecord> {
    const record = await this.record(card);
    if (record?.status !== 'active') throw cardNotActive(record?.status);
    return record;
  }
}

export function cardNotActive(status: string | undefined): AppError {
  const what = status === 'frozen' ? '已挂失（冻结）' : status === 'cancelled' ? '已注销' : '不可用';
  return new AppError('CARD_NOT_ACTIVE', `该电子健康卡${what}，请到区域平台或医院窗口办理`);
}

export const cardNotFound = () => new AppError('CARD_NOT_FOUND', '这位就诊人还没有领取电子健康卡，请先申领');
