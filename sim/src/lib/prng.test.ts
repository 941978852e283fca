import { createRng, hashSeed } from './prng';

describe('createRng', () => {
  it('when two generators share a seed, then they produce the same sequence', () => {
    const a = createRng('huizhou');
    const b = createRng('huizhou');
    expect(Array.from({ length: 50 }, () => a.next())).toEqual(Array.from({ length: 50 }, () => b.next()));
  });

  it('when the seeds differ, then the sequences differ', () => {
    expect(createRng('huizhou').next()).not.toBe(createRng('shenzhen').next());
  });

  it('when a number seed is given, then it behaves like its decimal text', () => {
    expect(hashSeed(42)).toBe(hashSeed('42'));
  });

  it('when drawing integers, then they stay inside the inclusive bounds and reach both ends', () => {
    const rng = createRng(1);
    const seen = new Set(Array.from({ length: 500 }, () => rng.int(2, 5)));
    expect([...seen].sort()).toEqual([2, 3, 4, 5]);
  });

  it('when sampling, then items are distinct and keep their original order', () => {
    const rng = createRng('sample');
    const items = ['a', 'b', 'c', 'd', 'e', 'f'];
    for (let i = 0; i < 20; i++) {
      const picked = rng.sample(items, 3);
      expect(new Set(picked).size).toBe(3);
      expect([...picked].sort((x, y) => items.indexOf(x) - items.indexOf(y))).toEqual(picked);
    }
  });
});
