import { groupedCreate } from '../../lib/group-insert';
import type { ClinicVerifyResponse } from '@jiankang/shared';
import type { CardScene, ErrorCode } from '@jiankang/shared/domain';
import { AppError } from '../../lib/app-error';
import type { HealthCardDoc, StaticCodeDoc } from '../../models/health-cards';
import { isDuplicateKey } from '../../models/push';
import { decodeCode, DEFAULT_CLOCK_SKEW_MS, windowState } from './code-codec';
import type { HealthCardDeps } from './deps';
import { identityOf } from './identity';
import { pinNotSet, staticCodeId } from './issue-static-code';
import { pinMatches } from './pin-hash';
import { chainOfCard, chainOfHospital } from './scan-log';
import { decodeStaticCode, STATIC_PREFIX } from './static-code-codec';

export interface Terminal {
  hospitalId: string;
  terminalId: string;
}

export interface VerifyInput {
  code: string;
  scene: CardScene;
  pin?: string;
}

/** Where a verification is logged and what it was about; filled in as the checks learn more. */
interface Trail {
  chainId: string;
  codeKind: 'dynamic' | 'static';
}

interface Passed {
  card: HealthCardDoc;
  scene: CardScene;
  expiresAt: Date | null;
  /** Gives the code back (un-consumes it) when the answer cannot be given after all. */
  release: () => Promise<void>;
}

const fail = (code: ErrorCode, message: string, headers?: Record<string, string>) =>
  new AppError(code, message, headers && { headers });

/**
 * A clinic terminal's scan, already authenticated: which card, whether the code is good now, and
 * who the holder is. Every outcome, good or not, is appended to the scan log: to the card's chain
 * once the code's signature names a card, else to the hospital's. The checks run cheapest first;
 * a dynamic code is consumed last, by unique insert, so of two windows scanning it at once
 * exactly one succeeds.
 */
export class CodeVerification {
  /** Codes consumed by many terminals at once share one write; a replayed one still fails alone. */
  private readonly consume: (doc: { _id: string; expiresAt: Date }) => Promise<void>;

  constructor(private readonly deps: HealthCardDeps) {
    this.consume = groupedCreate(deps.models.UsedCode);
  }

  async verify(terminal: Terminal, input: VerifyInput): Promise<ClinicVerifyResponse> {
    const now = this.deps.now();
    // Scanners add CR/LF or spaces around what they read; the codec itself is strict.
    const text = input.code.trim();
    const trail: Trail = {
      chainId: chainOfHospital(terminal.hospitalId),
      codeKind: text.startsWith(STATIC_PREFIX) ? 'static' : 'dynamic',
    };
    let passed: Passed;
    try {
      passed =
        trail.codeKind === 'static'
          ? await this.checkStatic(text, input, now, trail)
          : await this.checkDynamic(text, input, now, trail);
    } catch (err) {
      if (err instanceof AppError) await this.record(trail, terminal, input.scene, now, err.code);
      throw err;
    }
    try {
      await this.record(trail, terminal, input.scene, now, 'ok');
    } catch (err) {
      await passed.release().catch(() => undefined);
      throw err;
    }
    return {
      result: 'ok',
      identity: identityOf(this.deps.pii, passed.card, now),
      code: {
        kind: trail.codeKind,
        scene: passed.scene,
        expiresAt: passed.expiresAt && passed.expiresAt.toISOString(),
      },
      verifiedAt: now.toISOString(),
    };
  }

  private async checkDynamic(text: string, input: VerifyInput, now: Date, trail: Trail): Promise<Passed> {
    const decoded = decodeCode(text, this.deps.keys.verifierFor);
    if (!decoded.ok) throw unreadable(decoded.reason);
    const fields = decoded.fields;
    const card = await this.cardOf(fields.cardRef, trail);
    const state = windowState(fields, now.getTime());
    if (state === 'expired') throw fail('CODE_EXPIRED', '动态码已过期，请刷新后重新出示');
    if (state === 'not_yet') throw fail('CODE_NOT_YET_VALID', '动态码尚未到使用时间，请核对手机时间或刷新');
    if (fields.scene !== 'general' && fields.scene !== input.scene)
      throw fail('CODE_SCENE_MISMATCH', '该动态码不是为此业务出示的，请重新出示');
    await this.deps.cards.requireActive(card);

    const used = `d#${card._id}#${fields.nonce.toString('hex')}`;
    try {
      await this.consume({
        _id: used,
        expiresAt: new Date(fields.expiresAtSec * 1000 + DEFAULT_CLOCK_SKEW_MS),
      });
    } catch (err) {
      if (isDuplicateKey(err)) throw fail('CODE_REPLAYED', '该动态码已使用过，请刷新后重新出示');
      throw err;
    }
    return {
      card,
      scene: fields.scene,
      expiresAt: new Date(fields.expiresAtSec * 1000),
      release: async () => {
        await this.deps.models.UsedCode.deleteOne({ _id: used }).exec();
      },
    };
  }

  private async checkStatic(text: string, input: VerifyInput, now: Date, trail: Trail): Promise<Passed> {
    const decoded = decodeStaticCode(text, this.deps.keys.verifierFor);
    if (!decoded.ok) throw unreadable(decoded.reason);
    const { cardRef, serial } = decoded.fields;
    const card = await this.cardOf(cardRef, trail);
    if (!(await this.isCurrent(card._id, serial)))
      throw fail('CODE_REVOKED', '该静态码已被新打印的静态码取代，请使用最新的静态码');
    await this.deps.cards.requireActive(card);
    if (input.pin === undefined) throw fail('PIN_REQUIRED', '静态码须输入6位电子健康卡密码');

    const { pins, models, pii } = this.deps;
    const state = await pins.state(card._id, now);
    if (state.locked) throw locked(state.until, now);
    const stored = await models.Pin.findById(card._id).lean<{ salt: string; hash: string }>().exec();
    if (!stored) throw pinNotSet();
    if (!(await pinMatches(pii, card._id, input.pin, stored))) {
      const outcome = await pins.recordWrong(card._id, now, state);
      throw outcome.locked
        ? fail(
            'PIN_WRONG',
            `密码错误，错误次数过多，静态码已锁定${minutesUntil(outcome.until, now)}分钟`,
            retryAfter(outcome.until, now),
          )
        : fail('PIN_WRONG', `密码错误，还可尝试${outcome.triesLeft}次`);
    }
    return { card, scene: input.scene, expiresAt: null, release: async () => undefined };
  }

  /** A card our key signed for; from here the outcome belongs to the card's own chain. */
  private async cardOf(cardRef: Buffer, trail: Trail): Promise<HealthCardDoc> {
    const card = await this.deps.cards.byReference(cardRef.toString('hex'));
    if (!card) throw fail('CARD_NOT_ACTIVE', '没有这张电子健康卡');
    trail.chainId = chainOfCard(card._id);
    return card;
  }

  /** Issued, and no later serial issued since: both places read in one query. */
  private async isCurrent(cardRef: string, serial: number): Promise<boolean> {
    const ids = [staticCodeId(cardRef, serial), staticCodeId(cardRef, serial + 1)];
    const found = await this.deps.models.StaticCode.find({ _id: { $in: ids } }, { _id: 1 })
      .lean<Pick<StaticCodeDoc, '_id'>[]>()
      .exec();
    const have = new Set(found.map((d) => d._id));
    return have.has(ids[0] as string) && !have.has(ids[1] as string);
  }

  private async record(trail: Trail, terminal: Terminal, scene: CardScene, at: Date, result: string) {
    await this.deps.scanLog.append(trail.chainId, {
      at,
      hospitalId: terminal.hospitalId,
      terminalId: terminal.terminalId,
      scene,
      codeKind: trail.codeKind,
      result,
    });
  }
}

function unreadable(reason: 'malformed' | 'tampered'): AppError {
  return reason === 'malformed'
    ? fail('CODE_MALFORMED', '不是有效的电子健康卡二维码，请重新扫描')
    : fail('CODE_TAMPERED', '电子健康卡二维码校验失败，内容已被改动');
}

const retryAfter = (until: Date, now: Date) => ({
  'Retry-After': String(Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000))),
});

const minutesUntil = (until: Date, now: Date) =>
  Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 60_000));

function locked(until: Date, now: Date): AppError {
  return fail(
    'PIN_LOCKED',
    `密码错误次数过多，静态码已锁定，请${minutesUntil(until, now)}分钟后再试或出示动态码`,
    retryAfter(until, now),
  );
}
