/**
 * This process's view of a crowd on one slot. The claims in the database decide who gets a
 * seat; this only keeps a crowd from hammering the database for a decision already made:
 * - at most `admitted` booking requests on one slot are past the in-memory checks at once here
 *   (the rest wait in memory, before their idempotency key is written, and are answered from
 *   memory when their turn comes and the slot has filled meanwhile);
 * - of those, at most `perSlot` claim attempts run at once;
 * - once the seats were found all taken, attempts in the next `fullForMs` are refused at once,
 *   unless this process released a seat of that slot meanwhile. After that one request (the
 *   probe) looks in the database again while the rest are still refused from memory for another
 *   `fullForMs`: a crowd of thousands costs one look every `fullForMs`, not a stampede each time
 *   the mark runs out. Another replica's release shows within about twice `fullForMs`.
 */
export class SeatGate {
  private readonly fullUntil = new Map<string, number>();
  /** Who held the seats when a slot was found full (patient ids), where that is known. */
  private readonly holders = new Map<string, ReadonlySet<string>>();
  /** Slots whose full mark ran out, until when their one probe has the database to itself. */
  private readonly probeUntil = new Map<string, number>();
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

  /** Found full within the last `fullForMs`: asked again by a request already let in. */
  knownFull(slotId: string): boolean {
    return (this.fullUntil.get(slotId) ?? 0) > this.now();
  }

  /**
   * Asked once per request, on arrival: true to refuse it from memory. Past a full mark the first
   * caller is let through as the probe and everyone after it is refused until the probe has
   * answered (markFull or opened) or `fullForMs` has passed.
   */
  refuseOnArrival(slotId: string): boolean {
    const until = this.fullUntil.get(slotId);
    if (until === undefined) return false;
    const now = this.now();
    if (until > now) return true;
    if ((this.probeUntil.get(slotId) ?? 0) > now) return true;
    this.probeUntil.set(slotId, now + this.fullForMs);
    return false;
  }

  /** Found full; `holders` are the patients holding its seats, when the finder saw them all. */
  markFull(slotId: string, holders?: ReadonlySet<string>): void {
    this.fullUntil.set(slotId, this.now() + this.fullForMs);
    this.probeUntil.delete(slotId);
    if (holders) this.holders.set(slotId, holders);
    else this.holders.delete(slotId);
  }

  /**
   * Whether this patient may hold a seat of a slot refused from memory: only then can the request
   * be a retry of one that got the seat, worth a read of its stored answer. true when unknown.
   */
  mayHoldSeat(slotId: string, patientId: string | undefined): boolean {
    const holders = this.holders.get(slotId);
    return !holders || patientId === undefined || holders.has(patientId);
  }

  /** A seat of this slot was given back here: not full any more. */
  opened(slotId: string): void {
    this.fullUntil.delete(slotId);
    this.probeUntil.delete(slotId);
    this.holders.delete(slotId);
  }

  /**
   * A claim got a seat. Opens the slot only while a probe is out: the seat a plain request gets
   * says nothing about a full mark another request set meanwhile.
   */
  seatFound(slotId: string): void {
    if (this.probeUntil.has(slotId)) this.opened(slotId);
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
