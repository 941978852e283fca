import { SeatGate } from './seat-gate';

describe('SeatGate', () => {
  it('runs at most perSlot at once per slot and every waiter gets its turn', async () => {
    const gate = new SeatGate(2);
    let now = 0;
    let peak = 0;
    const work = () =>
      gate.run('s1', async () => {
        now += 1;
        peak = Math.max(peak, now);
        await new Promise((r) => setTimeout(r, 5));
        now -= 1;
        return true;
      });
    const results = await Promise.all(Array.from({ length: 20 }, work));
    expect(results.every(Boolean)).toBe(true);
    expect(peak).toBe(2);
  });

  it('remembers a full slot for a while, forgets it on a local release or when the time is up', () => {
    let t = 0;
    const gate = new SeatGate(4, 1_000, () => t);
    gate.markFull('s1');
    expect(gate.knownFull('s1')).toBe(true);
    expect(gate.knownFull('s2')).toBe(false);
    t = 1_001;
    expect(gate.knownFull('s1')).toBe(false);
    gate.markFull('s1');
    gate.opened('s1');
    expect(gate.knownFull('s1')).toBe(false);
  });

  it('when a full mark runs out, then one arrival probes and the others are refused until it answers', () => {
    let t = 0;
    const gate = new SeatGate(4, 1_000, () => t);
    expect(gate.refuseOnArrival('s1')).toBe(false); // never found full
    gate.markFull('s1');
    expect(gate.refuseOnArrival('s1')).toBe(true);
    t = 1_001;
    expect(gate.refuseOnArrival('s1')).toBe(false); // the probe
    expect(gate.knownFull('s1')).toBe(false); // …which its own later checks let through
    expect(gate.refuseOnArrival('s1')).toBe(true); // everyone else waits for its answer
    expect(gate.refuseOnArrival('s1')).toBe(true);
    gate.markFull('s1'); // the probe found it still full
    t = 1_500;
    expect(gate.refuseOnArrival('s1')).toBe(true);
    t = 2_002;
    expect(gate.refuseOnArrival('s1')).toBe(false); // the next probe
    gate.seatFound('s1'); // …got a seat: open again for all
    expect(gate.refuseOnArrival('s1')).toBe(false);
    expect(gate.refuseOnArrival('s1')).toBe(false);
  });

  it('when a probe never answers, then another arrival probes after fullForMs', () => {
    let t = 0;
    const gate = new SeatGate(4, 1_000, () => t);
    gate.markFull('s1');
    t = 1_001;
    expect(gate.refuseOnArrival('s1')).toBe(false);
    t = 1_900;
    expect(gate.refuseOnArrival('s1')).toBe(true);
    t = 2_002;
    expect(gate.refuseOnArrival('s1')).toBe(false);
  });

  it('when the seats were found full with their holders, then only a holder may be retrying', () => {
    const gate = new SeatGate(4, 1_000, () => 0);
    expect(gate.mayHoldSeat('s1', 'p1')).toBe(true); // nothing known
    gate.markFull('s1', new Set(['p1', 'p2']));
    expect(gate.mayHoldSeat('s1', 'p1')).toBe(true);
    expect(gate.mayHoldSeat('s1', 'p9')).toBe(false);
    expect(gate.mayHoldSeat('s1', undefined)).toBe(true);
    gate.markFull('s1'); // e.g. the hospital said full: holders unknown
    expect(gate.mayHoldSeat('s1', 'p9')).toBe(true);
    gate.markFull('s1', new Set(['p1']));
    gate.opened('s1');
    expect(gate.mayHoldSeat('s1', 'p9')).toBe(true);
  });

  it('when a plain request gets a seat while the slot is marked full, then the mark stays', () => {
    const gate = new SeatGate(4, 1_000, () => 0);
    gate.markFull('s1');
    gate.seatFound('s1');
    expect(gate.refuseOnArrival('s1')).toBe(true);
  });

  it('admits at most `admitted` requests per slot into their database part; the rest wait in order', async () => {
    const gate = new SeatGate(2, 2_000, Date.now, 5);
    let inside = 0;
    let peak = 0;
    const order: number[] = [];
    const request = (n: number) =>
      gate.admit('s1', async () => {
        inside += 1;
        peak = Math.max(peak, inside);
        await new Promise((r) => setTimeout(r, 2));
        order.push(n);
        inside -= 1;
        return n;
      });
    const other = gate.admit('s2', async () => 'other slot, not queued behind s1');
    const results = await Promise.all(Array.from({ length: 30 }, (_, n) => request(n)));
    expect(results).toEqual(Array.from({ length: 30 }, (_, n) => n));
    expect(peak).toBe(5);
    expect(order.slice(5)).toEqual(Array.from({ length: 25 }, (_, n) => n + 5)); // waiters in arrival order
    expect(await other).toMatch(/other slot/);
  });
});
