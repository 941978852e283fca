import { idempotencyKeys, newIdempotencyKey } from './idempotency';

describe('idempotency keys', () => {
  it('when a key is made, then the BFF accepts its form (8–64 of [A-Za-z0-9_-])', () => {
    for (let i = 0; i < 50; i += 1) expect(newIdempotencyKey()).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    expect(newIdempotencyKey()).not.toBe(newIdempotencyKey());
  });

  it('when the same booking is retried, then the same key goes again', () => {
    const keys = idempotencyKeys();
    const body = { slotId: 'hzszxrmyy:s1', patientId: 'pt_1' };
    const first = keys.keyFor(body);
    expect(keys.keyFor({ ...body })).toBe(first);
  });

  it('when another patient is chosen, then a new key (the BFF refuses a key with a different body); going back reuses the first', () => {
    const keys = idempotencyKeys();
    const a = keys.keyFor({ slotId: 's', patientId: 'p1' });
    const b = keys.keyFor({ slotId: 's', patientId: 'p2' });
    expect(b).not.toBe(a);
    expect(keys.keyFor({ slotId: 's', patientId: 'p1' })).toBe(a);
  });

  it('when a new confirmation screen opens, then it gets its own keys', () => {
    const body = { slotId: 's', patientId: 'p1' };
    expect(idempotencyKeys().keyFor(body)).not.toBe(idempotencyKeys().keyFor(body));
  });
});
