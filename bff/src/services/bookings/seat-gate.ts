/**
 * This process's view of a crowd on one slot. The claims in the database decide who gets a
 * seat; this only keeps a crowd from hammering the database for a decision already made:
 * - at most `admitted` booking requests on one slot are past the in-memory checks at once here
 *   (the rest wait in memory, before their idempotency key is written, and are answered from
 *   memory when their turn comes and the slot has filled meanwhile);
 * - of those, at most `perSlot` claim attempts run at once;
 * - once the seats were found all taken, attempts in the next `fullForMs` are refused at once,
 *   unless this process released a seat of that slot meanwhile. Another replica's release shows
 *   after `fullForMs` at the latest.
 */
export class SeatGate {
  private readonly fullUntil = new Map<string, number>();
  private readonly claims: SlotTurns;
  private readonly admission: SlotTurns;

  constructor(
    perSlot = 4,
    private readonly fullForMs = 2_000,
    private readonly now: () => number = Date.now,
    admitted = 16,
  ) {
    this.claims = new SlotTurns(perSlot);
    this.admission = new SlotTurns(Math.max(admitted, perSlot));
  }

  knownFull(slotId: string): boolean {
    const until = this.fullUntil.get(slotId);
    if (until === undefined) return false;
    if (until > this.now()) return true;
    this.fullUntil.delete(slotId);
    return false;
  }

  markFull(slotId: string): void {
    this.fullUntil.set(slotId, this.now() + this.fullForMs);
  }

  /** A seat of this slot was given back here. */
  released(slotId: string): void {
    this.fullUntil.delete(slotId);
  }

  /** A booking request's whole database part (idempotency key to answer), in its turn. */
  admit<T>(slotId: string, work: () => Promise<T>): Promise<T> {
    return this.admission.run(slotId, work);
  }

  /** A claim attempt, in its turn. */
  run<T>(slotId: string, work: () => Promise<T>): Promise<T> {
    return this.claims.run(slotId, work);
  }
}

/** At most `limit` pieces of work per slot at once, the others waiting in arrival order. */
class SlotTurns {
  private readonly running = new Map<string, number>();
  private readonly waiting = new Map<string, Array<() => void>>();

  constructor(private readonly limit: number) {}

  async run<T>(slotId: string, work: () => Promise<T>): Promise<T> {
    if ((this.running.get(slotId) ?? 0) >= this.limit) {
      await new Promise<void>((resolve) => {
        const queue = this.waiting.get(slotId) ?? [];
        queue.push(resolve);
        this.waiting.set(slotId, queue);
      });
    }
    this.running.set(slotId, (this.running.get(slotId) ?? 0) + 1);
    try {
      return await work();
    } finally {
      const left = (this.running.get(slotId) ?? 1) - 1;
      const next = this.waiting.get(slotId)?.shift();
      if (this.waiting.get(slotId)?.length === 0) this.waiting.delete(slotId);
      if (next) {
        // The turn passes straight to the next waiter (it re-increments on wake).
        this.running.set(slotId, left);
        next();
      } else if (left === 0) this.running.delete(slotId);
      else this.running.set(slotId, left);
    }
  }
}
