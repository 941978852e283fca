import { isDuplicateKey } from '../../models/push';
import type { BookingClaimDoc, BookingModels } from '../../models/bookings';
import { minuteOf } from '../../models/time-buckets';

export const seatClaimId = (slotId: string, n: number) => `seat#${slotId}#${n}`;
export const dayClaimId = (patientId: string, date: string, departmentId: string) =>
  `day#${patientId}#${date}#${departmentId}`;
export const activeClaimId = (patientId: string, n: number) => `active#${patientId}#${n}`;

type Owner = Pick<BookingClaimDoc, 'bookingId' | 'slotId' | 'patientId'>;

/**
 * Claims by unique insert (DESIGN.md, Data): the insert is the decision, a duplicate key means
 * someone else holds it. Works on FerretDB, whose updates are not atomic, and across replicas.
 */
export class Claims {
  constructor(
    private readonly models: BookingModels,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** true if this owner now holds `id` (or already did); `seen` is told of another holder. */
  async claim(id: string, owner: Owner, seen?: (holder: BookingClaimDoc) => void): Promise<boolean> {
    try {
      const createdAt = this.now();
      await this.models.Claim.create({ _id: id, ...owner, createdAt, createdMinute: minuteOf(createdAt) });
      return true;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      const holder = await this.models.Claim.findById(id).lean<BookingClaimDoc>().exec();
      if (holder && holder.bookingId !== owner.bookingId) seen?.(holder);
      return holder?.bookingId === owner.bookingId;
    }
  }

  /**
   * Claims `ids` in order, stopping at the first held by someone else; answers how many of the
   * leading ids this owner now holds. One insert of them all when none is held (the usual case:
   * FerretDB takes a batch in one transaction for the price of a single insert); past a duplicate
   * key the rest are claimed one by one, each like `claim`.
   */
  async claimInOrder(ids: readonly string[], owner: Owner): Promise<number> {
    const createdAt = this.now();
    try {
      await this.models.Claim.insertMany(
        ids.map((_id) => ({ _id, ...owner, createdAt, createdMinute: minuteOf(createdAt) })),
        { ordered: true },
      );
      return ids.length;
    } catch (err) {
      const at = (err as { writeErrors?: Array<{ index?: number }> }).writeErrors?.[0]?.index;
      if (!isDuplicateKey(err) || at === undefined) throw err;
      // Ordered: every id before `at` was inserted, none after it.
      for (let i = at; i < ids.length; i += 1) if (!(await this.claim(ids[i] as string, owner))) return i;
      return ids.length;
    }
  }

  /**
   * One of `count` numbered claims `idOf(1..count)`, tried in random order so a crowd on one slot
   * spreads over the seats instead of all racing for seat 1. null when all are held.
   * Each try is an insert by `_id` (a duplicate costs one look-up by `_id`): no read of who holds
   * what first, because on FerretDB only `_id` equality uses an index and a query by slot or
   * patient scans every live claim (it dominated the booking benchmark and grows with the city).
   */
  async claimOneOf(
    idOf: (n: number) => string,
    count: number,
    owner: Owner,
    seen?: (holder: BookingClaimDoc) => void,
  ): Promise<string | null> {
    const free = Array.from({ length: count }, (_, i) => idOf(i + 1));
    for (let i = free.length - 1; i > 0; i -= 1) {
      const j = Math.floor(Math.random() * (i + 1));
      [free[i], free[j]] = [free[j] as string, free[i] as string];
    }
    for (const id of free) if (await this.claim(id, owner, seen)) return id;
    return null;
  }

  /** Releases claims this booking holds (others' claims with the same ids are left alone). */
  async release(ids: readonly string[], bookingId: string): Promise<void> {
    if (ids.length === 0) return;
    await Promise.all(ids.map((_id) => this.models.Claim.deleteOne({ _id, bookingId }).exec()));
  }

  /** A once-only state change of a booking, e.g. `cancel`: true for the caller that made it. */
  async transition(bookingId: string, change: string): Promise<boolean> {
    try {
      await this.models.Transition.create({ _id: `${bookingId}#${change}`, at: this.now() });
      return true;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  }
}
