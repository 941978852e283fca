import { createHash } from 'node:crypto';
import type { ErrorCode } from '@jiankang/shared/domain';
import { AppError, type FieldProblem } from '../../lib/app-error';
import type { BookingModels, IdempotencyDoc, IdempotencyResponseDoc } from '../../models/bookings';
import { isDuplicateKey } from '../../models/push';
import { newBookingId } from './booking-service';

/** What a keyed request answered: a success body, or a 4xx error to repeat. */
type Stored =
  | { status: number; body: unknown }
  | { status: number; error: { code: ErrorCode; message: string; field?: string; details?: FieldProblem[] } };

export interface IdempotentResult {
  status: number;
  body: unknown;
  replayed: boolean;
}

export interface IdempotencyOptions {
  /** How long a key is remembered; default 24 h. */
  ttlMs?: number;
  /** A first request still unanswered after this is presumed dead and its work is resumed. */
  staleMs?: number;
  /** How long a concurrent duplicate waits for the first to answer; default 10 s. */
  waitMs?: number;
  now?: () => Date;
}

/**
 * The keyed work: `resumed` is true when an earlier run with this key (and booking id) may have
 * got part of the way, so the work must look for what it already did.
 */
type Work = (bookingId: string, resumed: boolean) => Promise<{ status: number; body: unknown }>;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Key order and whitespace do not make a different request. */
export function requestHash(body: unknown): string {
  const canonical = (v: unknown): unknown =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
        )
      : v;
  return createHash('sha256')
    .update(JSON.stringify(canonical(body)))
    .digest('hex');
}

/**
 * Idempotency-Key handling: the first request with a key inserts it (unique `_id`) together
 * with the booking id it will use; a repeat with the same body gets the stored answer (or waits
 * for it), with another body a 422. A first request that died half way is resumed with the same
 * booking id, which every later step treats idempotently. 5xx answers are not stored.
 */
export class Idempotency {
  private readonly ttlMs: number;
  private readonly staleMs: number;
  private readonly waitMs: number;
  private readonly now: () => Date;

  constructor(
    private readonly models: BookingModels,
    opts: IdempotencyOptions = {},
  ) {
    this.ttlMs = opts.ttlMs ?? 24 * 60 * 60_000;
    this.staleMs = opts.staleMs ?? 30_000;
    this.waitMs = opts.waitMs ?? 10_000;
    this.now = opts.now ?? (() => new Date());
  }

  async run(accountId: string, key: string, body: unknown, work: Work): Promise<IdempotentResult> {
    const _id = `${accountId}#${key}`;
    const hash = requestHash(body);
    const now = this.now();
    const fresh: IdempotencyDoc = {
      _id,
      requestHash: hash,
      bookingId: newBookingId(),
      createdAt: now,
      expiresAt: new Date(now.getTime() + this.ttlMs),
    };
    try {
      await this.models.Idempotency.create(fresh);
      return await this.execute(fresh, work, false);
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
    const deadline = Date.now() + this.waitMs;
    for (;;) {
      const doc = await this.models.Idempotency.findById(_id).lean<IdempotencyDoc>().exec();
      if (!doc) throw new AppError('INTERNAL_ERROR', 'Idempotency record vanished; retry');
      if (doc.requestHash !== hash) {
        throw new AppError(
          'IDEMPOTENCY_KEY_REUSED',
          'This Idempotency-Key was used with a different request',
        );
      }
      const answered = await this.storedAnswer(doc);
      if (answered) return replay(answered);
      if (this.now().getTime() - new Date(doc.createdAt).getTime() > this.staleMs) {
        return this.execute(doc, work, true);
      }
      if (Date.now() > deadline) {
        throw new AppError('REQUEST_IN_PROGRESS', 'The first request with this key is still running', {
          headers: { 'Retry-After': '2' },
        });
      }
      await sleep(100);
    }
  }

  /** The stored answer of this key and request, if it was answered already; reads only. */
  async replayOf(accountId: string, key: string, body: unknown): Promise<IdempotentResult | null> {
    const doc = await this.models.Idempotency.findById(`${accountId}#${key}`).lean<IdempotencyDoc>().exec();
    if (!doc || doc.requestHash !== requestHash(body)) return null;
    const answered = await this.storedAnswer(doc);
    return answered ? replay(answered) : null;
  }

  /** The answer stored for a key, if its first request has answered. */
  private async storedAnswer(doc: IdempotencyDoc): Promise<Stored | null> {
    const found = await this.models.IdempotencyResponse.findById(doc._id)
      .lean<IdempotencyResponseDoc>()
      .exec();
    return (found?.response as Stored | undefined) ?? null;
  }

  private async execute(doc: IdempotencyDoc, work: Work, resumed: boolean): Promise<IdempotentResult> {
    let stored: Stored;
    try {
      stored = await work(doc.bookingId as string, resumed);
    } catch (err) {
      if (!(err instanceof AppError) || err.status >= 500) {
        // Nothing to promise: let a retry run the work again (same booking id).
        await this.models.Idempotency.deleteOne({ _id: doc._id }).exec();
        throw err;
      }
      stored = {
        status: err.status,
        error: {
          code: err.code,
          message: err.message,
          ...(err.field && { field: err.field }),
          ...(err.details && { details: err.details }),
        },
      };
    }
    try {
      await this.models.IdempotencyResponse.create({
        _id: doc._id,
        response: stored,
        expiresAt: doc.expiresAt,
      });
    } catch (err) {
      // A resumed run after a stale first one may both answer; the first stored answer stands.
      if (!isDuplicateKey(err)) throw err;
    }
    return { ...replay(stored), replayed: false };
  }
}

function replay(stored: Stored): IdempotentResult {
  if ('error' in stored) {
    throw new AppError(stored.error.code, stored.error.message, {
      ...(stored.error.field && { field: stored.error.field }),
      ...(stored.error.details && { details: stored.error.details }),
    });
  }
  return { status: stored.status, body: stored.body, replayed: true };
}
