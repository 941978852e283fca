import { GroupInsert } from './group-insert';

const tick = () => new Promise((r) => setTimeout(r, 1));

describe('GroupInsert', () => {
  it('writes a lone document at once, and what arrives during a write in the next batch', async () => {
    const batches: number[][] = [];
    let release: () => void = () => undefined;
    const group = new GroupInsert<number>(async (docs) => {
      batches.push(docs);
      if (batches.length === 1) await new Promise<void>((r) => (release = r));
    });
    const first = group.add(1);
    await tick();
    expect(batches).toEqual([[1]]);
    const later = [2, 3, 4].map((n) => group.add(n));
    await tick();
    expect(batches).toHaveLength(1); // waiting behind the first write
    release();
    await Promise.all([first, ...later]);
    expect(batches).toEqual([[1], [2, 3, 4]]);
  });

  it('answers each caller for its own document when a batch fails', async () => {
    const group = new GroupInsert<number>(async (docs) => {
      if (docs.includes(13)) throw new Error('bad document');
    });
    // 1 goes alone; 13 and 2 arrive during its write and share the batch that fails.
    const results = await Promise.allSettled([1, 13, 2].map((n) => group.add(n)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });

  it('keeps batches to maxBatch documents', async () => {
    const sizes: number[] = [];
    const group = new GroupInsert<number>(async (docs) => {
      sizes.push(docs.length);
      await tick();
    }, 3);
    await Promise.all(Array.from({ length: 10 }, (_, n) => group.add(n)));
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(10);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(3);
  });
});
