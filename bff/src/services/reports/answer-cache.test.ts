import { AnswerCache } from './answer-cache';
import { within } from './deadline';

describe('hospital answer cache', () => {
  it('when the TTL passes, then the answer is no longer fresh but is still the last one', async () => {
    let now = 1_000;
    const cache = new AnswerCache<string>(100, 10, () => now);
    await cache.load('k', async () => 'v');
    expect(cache.fresh('k')?.value).toBe('v');
    now += 150;
    expect(cache.fresh('k')).toBeUndefined();
    expect(cache.last('k')).toEqual({ value: 'v', at: 1_000 });
  });

  it('when two callers miss the same key at once, then the upstream is asked once', async () => {
    const cache = new AnswerCache<number>(1_000, 10);
    let calls = 0;
    const fetch = async () => {
      calls += 1;
      await new Promise((r) => setTimeout(r, 10));
      return calls;
    };
    expect(await Promise.all([cache.load('k', fetch), cache.load('k', fetch)])).toEqual([1, 1]);
  });

  it('when the work outlives the deadline, then a timeout comes back at the deadline', async () => {
    const started = Date.now();
    const outcome = await within(started + 50, () => new Promise<never>(() => undefined));
    expect(outcome).toMatchObject({ ok: false, timeout: true });
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('when the work fails with something unexpected, then the message says no more than that', async () => {
    const outcome = await within(Date.now() + 1_000, () =>
      Promise.reject(new Error('http://10.0.0.1 secret')),
    );
    expect(outcome).toEqual({ ok: false, timeout: false, message: 'unexpected failure' });
  });
});
