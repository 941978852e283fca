import { ACTIVE_TRUSTED_MS, SessionRevocations } from './session-revocations';
import { revokedClaimId } from './refresh-tokens';

/** The AuthClaim model as far as the revocation check uses it, counting its reads. */
function claims(revoked: string[] = []) {
  const store = new Set(revoked.map(revokedClaimId));
  const model = {
    reads: 0,
    exists(filter: { _id: string }) {
      model.reads += 1;
      return Promise.resolve(store.has(filter._id) ? { _id: filter._id } : null);
    },
  };
  return model;
}

describe('SessionRevocations as the only process (no Redis)', () => {
  it('when this process issued the session, then no request reads the database', async () => {
    const model = claims();
    const r = new SessionRevocations({ AuthClaim: model as never }, () => 0);
    r.activeHere('s1');
    for (let i = 0; i < 100; i += 1) expect(await r.isRevoked('s1')).toBe(false);
    expect(model.reads).toBe(0);
  });

  it('when a session is first seen after a start, then it is read once, and again after the trusted time', async () => {
    let t = 0;
    const model = claims(['gone']);
    const r = new SessionRevocations({ AuthClaim: model as never }, () => t);
    expect(await Promise.all([r.isRevoked('s1'), r.isRevoked('s1'), r.isRevoked('gone')])).toEqual([
      false,
      false,
      true,
    ]);
    expect(model.reads).toBe(2);
    t = ACTIVE_TRUSTED_MS - 1;
    expect(await r.isRevoked('s1')).toBe(false);
    expect(model.reads).toBe(2);
    t = ACTIVE_TRUSTED_MS + 1;
    expect(await r.isRevoked('s1')).toBe(false);
    expect(model.reads).toBe(3);
  });

  it('when the session is revoked here, then it is refused at once and for good, even if issued again', async () => {
    const model = claims();
    const r = new SessionRevocations({ AuthClaim: model as never }, () => 0);
    r.activeHere('s1');
    r.revokedHere('s1');
    r.activeHere('s1');
    expect(await r.isRevoked('s1')).toBe(true);
    expect(model.reads).toBe(0);
  });
});
