import { NonceCache } from './nonce-cache';

describe('NonceCache', () => {
  it('when a nonce is claimed twice for one app, then the second claim fails', () => {
    const cache = new NonceCache(1000);
    expect(cache.claim('app', 'nonce-0001')).toBe(true);
    expect(cache.claim('app', 'nonce-0001')).toBe(false);
  });

  it('when another app uses the same nonce, then it is its own', () => {
    const cache = new NonceCache(1000);
    cache.claim('app-a', 'nonce-0001');
    expect(cache.claim('app-b', 'nonce-0001')).toBe(true);
  });

  it('when the lifetime has passed, then the entry is gone and the cache shrinks', () => {
    let now = 0;
    const cache = new NonceCache(1000, 100, () => now);
    cache.claim('app', 'nonce-0001');
    now = 999;
    expect(cache.claim('app', 'nonce-0001')).toBe(false);
    now = 1001;
    cache.claim('app', 'nonce-0002');
    expect(cache.size).toBe(1);
    expect(cache.claim('app', 'nonce-0001')).toBe(true);
  });

  it('when more nonces arrive than the bound, then the oldest are dropped first', () => {
    const cache = new NonceCache(60_000, 3);
    for (const n of ['n1', 'n2', 'n3', 'n4']) cache.claim('app', n);
    expect(cache.size).toBe(3);
    expect(cache.claim('app', 'n4')).toBe(false);
    expect(cache.claim('app', 'n1')).toBe(true);
  });
});
