import type { HealthCardModels, PinTryDoc } from '../../models/health-cards';
import { isDuplicateKey } from '../../models/push';

export interface PinGuardOptions {
  maxTries: number;
  lockMs: number;
}

export type PinState =
  { locked: true; until: Date } | { locked: false; window: number; inWindow: number; fromPrevious: number };

export type WrongPinOutcome = { locked: true; until: Date } | { locked: false; triesLeft: number };

const failId = (cardRef: string, window: number, n: number) => `fail#${cardRef}#${window}#${n}`;
const lockId = (cardRef: string, window: number) => `lock#${cardRef}#${window}`;

/**
 * The try limit of a card's PIN without atomic counters (DESIGN.md, Data). Time is cut into
 * windows as long as the lock; a wrong PIN takes the first free numbered place
 * `fail#card#window#1..maxTries`, so wrong tries made at the same moment each take their own
 * place and cannot be counted as fewer. The count is over the trailing lock length (this window
 * and the recent part of the one before), and the try that reaches `maxTries` inserts
 * `lock#card#window` with `until` = now + lock. A lock never outlasts the window after its own,
 * so two windows are all a check reads, in one query.
 */
export class PinGuard {
  constructor(
    private readonly models: HealthCardModels,
    private readonly opts: PinGuardOptions,
  ) {}

  async state(cardRef: string, now: Date): Promise<PinState> {
    const { maxTries, lockMs } = this.opts;
    const window = Math.floor(now.getTime() / lockMs);
    const ids = [lockId(cardRef, window), lockId(cardRef, window - 1)];
    for (let n = 1; n <= maxTries; n += 1)
      ids.push(failId(cardRef, window, n), failId(cardRef, window - 1, n));
    const docs = await this.models.PinTry.find({ _id: { $in: ids } })
      .lean<PinTryDoc[]>()
      .exec();

    const lock = docs.find((d) => d._id.startsWith('lock#') && d.until && d.until > now);
    if (lock?.until) return { locked: true, until: lock.until };
    const since = now.getTime() - lockMs;
    const fails = docs.filter((d) => d._id.startsWith('fail#') && d.at.getTime() > since);
    const inWindow = fails.filter((d) => d._id.startsWith(`fail#${cardRef}#${window}#`)).length;
    const fromPrevious = fails.length - inWindow;
    if (fails.length >= maxTries) {
      // The lock's insert was lost (a crash between the two inserts): put it back.
      const until = new Date(Math.max(...fails.map((d) => d.at.getTime())) + lockMs);
      await this.lock(cardRef, window, now, until);
      return { locked: true, until };
    }
    return { locked: false, window, inWindow, fromPrevious };
  }

  /** Counts one wrong PIN; `state` is what `state()` answered for this request. */
  async recordWrong(cardRef: string, now: Date, state: PinState): Promise<WrongPinOutcome> {
    if (state.locked) return state;
    const { maxTries, lockMs } = this.opts;
    const expiresAt = new Date(now.getTime() + 2 * lockMs);
    for (let n = state.inWindow + 1; n <= maxTries; n += 1) {
      try {
        await this.models.PinTry.create({ _id: failId(cardRef, state.window, n), at: now, expiresAt });
      } catch (err) {
        if (isDuplicateKey(err)) continue;
        throw err;
      }
      // Places 1..n of this window are all taken, each a wrong try within the lock length.
      const counted = state.fromPrevious + n;
      if (counted < maxTries) return { locked: false, triesLeft: maxTries - counted };
      const until = new Date(now.getTime() + lockMs);
      await this.lock(cardRef, state.window, now, until);
      return { locked: true, until };
    }
    // Every place was taken by tries made at the same moment: the limit is reached.
    const until = new Date(now.getTime() + lockMs);
    await this.lock(cardRef, state.window, now, until);
    return { locked: true, until };
  }

  private async lock(cardRef: string, window: number, now: Date, until: Date): Promise<void> {
    try {
      await this.models.PinTry.create({
        _id: lockId(cardRef, window),
        at: now,
        until,
        expiresAt: new Date(until.getTime() + this.opts.lockMs),
      });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
  }
}
