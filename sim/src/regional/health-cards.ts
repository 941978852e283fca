import { createHmac } from 'node:crypto';
import type { Seed } from '../lib/prng';
import { EMPI_ID_TYPES, matchPerson, type EmpiIdType } from './empi';
import { PlatformError, badBody, conflict } from './envelope';
import { isoShanghai } from './seed/time';

/**
 * The platform's 居民电子健康卡 register: one card per real-name person (EMPI master id), the
 * rules of docs/upstreams/regional-platform.md "E-health card". In memory, per simulator.
 */

export const CARD_STATUSES = ['active', 'frozen', 'cancelled'] as const;
export type CardStatus = (typeof CARD_STATUSES)[number];

/** Where the resident applied (申领渠道); the BFF applies as `wechat`. */
export const APPLY_CHANNELS = ['wechat', 'alipay', 'app', 'kiosk', 'counter'] as const;
export type ApplyChannel = (typeof APPLY_CHANNELS)[number];

export const CARD_ISSUER = '惠州市卫生健康局（模拟）';

export interface CardApplication {
  masterId: string;
  name: string;
  idType: EmpiIdType;
  idNumber: string;
  phone?: string;
  applyChannel: ApplyChannel;
}

export interface CardRecord {
  /** 64 upper-case hex characters, like the national platform's 电子健康卡 ID. */
  cardId: string;
  masterId: string;
  status: CardStatus;
  issuedAt: string;
  statusChangedAt: string;
  issuer: string;
}

export const identityMismatch = () =>
  new PlatformError(422, 42201, 'name and ID document do not match the master id');
export const cardNotFound = (message = 'no such e-health card') => new PlatformError(404, 40403, message);

const MASTER_ID = /^[A-Za-z0-9]{1,64}$/;
const MOBILE = /^1[3-9][0-9]{9}$/;

function jsonObject(raw: Buffer | undefined): Record<string, unknown> {
  let body: unknown;
  try {
    body = JSON.parse((raw ?? Buffer.alloc(0)).toString('utf8'));
  } catch {
    throw badBody('body must be JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw badBody('body must be an object');
  return body as Record<string, unknown>;
}

/** Reads an application; messages name the field and never repeat a value (it may be an ID number). */
export function parseCardApplication(raw: Buffer | undefined): CardApplication {
  const { masterId, name, idType, idNumber, phone, applyChannel, ...rest } = jsonObject(raw);
  const extra = Object.keys(rest)[0];
  if (extra !== undefined) throw badBody(`unknown field ${extra.slice(0, 40)}`);
  if (typeof masterId !== 'string' || !MASTER_ID.test(masterId))
    throw badBody('masterId must be 1-64 letters or digits');
  if (typeof name !== 'string' || name.trim().length === 0 || name.length > 50)
    throw badBody('name is required');
  if (typeof idType !== 'string' || !Object.hasOwn(EMPI_ID_TYPES, idType))
    throw badBody('idType must be one of 01, 03, 06, 07');
  if (typeof idNumber !== 'string' || idNumber.length === 0 || idNumber.length > 40)
    throw badBody('idNumber is required');
  if (phone !== undefined && (typeof phone !== 'string' || !MOBILE.test(phone)))
    throw badBody('phone must be an 11-digit mainland mobile number');
  if (typeof applyChannel !== 'string' || !(APPLY_CHANNELS as readonly string[]).includes(applyChannel))
    throw badBody(`applyChannel must be one of ${APPLY_CHANNELS.join(', ')}`);
  return {
    masterId,
    name: name.trim(),
    idType: idType as EmpiIdType,
    idNumber,
    ...(phone !== undefined && { phone }),
    applyChannel: applyChannel as ApplyChannel,
  };
}

/** Reads the admin knob's `{ status }`. */
export function parseStatusChange(body: unknown): CardStatus {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw badBody('body must be a JSON object');
  const { status, ...rest } = body as Record<string, unknown>;
  const extra = Object.keys(rest)[0];
  if (extra !== undefined) throw badBody(`unknown field ${extra.slice(0, 40)}`);
  if (typeof status !== 'string' || !(CARD_STATUSES as readonly string[]).includes(status))
    throw badBody(`status must be one of ${CARD_STATUSES.join(', ')}`);
  return status as CardStatus;
}

/**
 * Keyed with the seed so tests repeat, yet nobody can derive a card id from a master id alone
 * (the card id is what a QR code carries). `generation` counts earlier cards of the person, so
 * a card applied for after a cancellation gets a new id.
 */
function cardIdOf(seed: Seed, masterId: string, generation: number): string {
  return createHmac('sha256', `jiankang-sim-health-card-v1|${String(seed)}`)
    .update(`${masterId}|${generation}`)
    .digest('hex')
    .toUpperCase();
}

interface Holder {
  /** The name of the first accepted application: the sim has no population register to ask. */
  name: string;
  issued: number;
  currentCardId: string;
}

export class HealthCardRegistry {
  private cards = new Map<string, CardRecord>();
  private holders = new Map<string, Holder>();

  constructor(
    private readonly seed: Seed,
    private readonly now: () => number = Date.now,
  ) {}

  reset(): void {
    this.cards.clear();
    this.holders.clear();
  }

  /** The person's card, issuing one unless they hold a card that is not cancelled. */
  apply(application: CardApplication): { card: CardRecord; created: boolean } {
    const { masterId, name } = application;
    if (matchPerson(application) !== masterId) throw identityMismatch();
    const holder = this.holders.get(masterId);
    if (holder && holder.name !== name) throw identityMismatch();
    const current = holder && this.cards.get(holder.currentCardId);
    if (current && current.status !== 'cancelled') return { card: { ...current }, created: false };

    const generation = holder?.issued ?? 0;
    const at = isoShanghai(this.now());
    const card: CardRecord = {
      cardId: cardIdOf(this.seed, masterId, generation),
      masterId,
      status: 'active',
      issuedAt: at,
      statusChangedAt: at,
      issuer: CARD_ISSUER,
    };
    this.cards.set(card.cardId, card);
    this.holders.set(masterId, { name, issued: generation + 1, currentCardId: card.cardId });
    return { card: { ...card }, created: true };
  }

  get(cardId: string): CardRecord | undefined {
    const card = this.cards.get(cardId);
    return card && { ...card };
  }

  /** The person's latest card, cancelled or not. */
  ofPerson(masterId: string): CardRecord | undefined {
    const holder = this.holders.get(masterId);
    return holder && this.get(holder.currentCardId);
  }

  /** Freeze, unfreeze or cancel; cancelling is final. Setting the current status changes nothing. */
  setStatus(cardId: string, status: CardStatus): CardRecord {
    const card = this.cards.get(cardId);
    if (!card) throw cardNotFound();
    if (card.status === status) return { ...card };
    if (card.status === 'cancelled') throw conflict('a cancelled card cannot change status');
    card.status = status;
    card.statusChangedAt = isoShanghai(this.now());
    return { ...card };
  }
}
