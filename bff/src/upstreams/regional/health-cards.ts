import { z } from 'zod';
import type { IdType } from '@jiankang/shared/domain';
import { AppError } from '../../lib/app-error';
import { UpstreamError } from '../../lib/upstream-error';
import type { RegionalClient } from './client';

/** 身份证件类别代码 (CV02.01.101), as in empi.ts: the card platform checks the same documents. */
const PLATFORM_ID_TYPE = {
  resident_id: '01',
  passport: '03',
  hk_macau_permit: '06',
  taiwan_permit: '07',
} as const satisfies Record<IdType, string>;

const PATH = '/open/v1/health-cards';
const IDENTITY_MISMATCH_CODE = 42201;
const UPSTREAM = 'regional';
/** Residents apply through the mini-program, which the platform knows as its WeChat channel. */
const APPLY_CHANNEL = 'wechat';
const CARD_ID = /^[0-9A-Fa-f]{64}$/;

/** The platform's card record (docs/upstreams/regional-platform.md, "E-health card"). */
export const CardRecord = z.object({
  cardId: z.string().regex(CARD_ID),
  masterId: z.string().min(1).max(64),
  status: z.enum(['active', 'frozen', 'cancelled']),
  issuedAt: z.iso.datetime({ offset: true }),
  statusChangedAt: z.iso.datetime({ offset: true }),
  issuer: z.string().min(1),
});
export type CardRecord = z.infer<typeof CardRecord>;

/** Refusals carry no `data`, so it is optional here (unlike the read envelope). */
const Envelope = z.object({ code: z.number(), message: z.string().optional(), data: z.unknown().optional() });

/** A real-name person already matched at the EMPI (`masterId`), applying for their card. */
export interface CardApplicant {
  masterId: string;
  name: string;
  idType: IdType;
  idNumber: string;
  phone?: string;
}

export interface HealthCardPlatform {
  /** The person's card: issued now, or the one they already hold (which may be frozen). */
  apply(person: CardApplicant): Promise<CardRecord>;
  /** The card, or null when the platform has no card with this id. */
  get(cardId: string): Promise<CardRecord | null>;
}

/**
 * The platform's 电子健康卡 register. Applying is a signed POST sent once without retry (a
 * resident is waiting, and the caller decides); it is idempotent per person on the platform's
 * side, so a caller may safely ask again later. Messages never carry the name or ID number.
 */
export class RegionalHealthCards implements HealthCardPlatform {
  constructor(private readonly client: RegionalClient) {}

  async apply(person: CardApplicant): Promise<CardRecord> {
    const res = await this.client.post(
      PATH,
      JSON.stringify({
        masterId: person.masterId,
        name: person.name,
        idType: PLATFORM_ID_TYPE[person.idType],
        idNumber: person.idNumber,
        ...(person.phone !== undefined && { phone: person.phone }),
        applyChannel: APPLY_CHANNEL,
      }),
    );
    const envelope = Envelope.safeParse(res.body);
    const code = envelope.success ? envelope.data.code : undefined;
    if (res.status === 422 && code === IDENTITY_MISMATCH_CODE)
      throw new AppError(
        'CARD_APPLY_REFUSED',
        '区域平台核验未通过，姓名或证件与本人信息不符，未能申领电子健康卡',
      );
    if (res.status === 401 || res.status === 403)
      throw new UpstreamError(
        UPSTREAM,
        'auth',
        `health card refused our signature (code ${code})`,
        false,
        res.status,
      );
    // 201: issued by this request; 200: the card the person already holds.
    if ((res.status !== 200 && res.status !== 201) || !envelope.success || code !== 0)
      throw new UpstreamError(
        UPSTREAM,
        'status',
        `health card: HTTP ${res.status} code ${code ?? 'none'}`,
        res.status === 429 || res.status >= 500,
        res.status,
      );
    const card = CardRecord.safeParse(envelope.data.data);
    if (!card.success)
      throw new UpstreamError(UPSTREAM, 'malformed', 'health card: no usable card in the answer', false);
    return card.data;
  }

  async get(cardId: string): Promise<CardRecord | null> {
    // No card has another shape, and checking here keeps arbitrary text out of the path.
    if (!CARD_ID.test(cardId)) return null;
    try {
      return await this.client.get(`${PATH}/${cardId}`, {}, CardRecord);
    } catch (err) {
      if (err instanceof UpstreamError && err.kind === 'status' && err.status === 404) return null;
      throw err;
    }
  }
}
