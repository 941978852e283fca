import { KeyedTurns } from './keyed-turns';

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('KeyedTurns', () => {
  it('when work for one key overlaps, then it runs one at a time in arrival order', async () => {
    const turns = new KeyedTurns();
    const log: string[] = [];
    const job = (name: string) => async () => {
      log.push(`${name} start`);
      await tick();
      log.push(`${name} end`);
      return name;
    };
    const results = await Promise.all([turns.run('a', job('1')), turns.run('a', job('2'))]);
    expect(results).toEqual(['1', '2']);
    expect(log).toEqual(['1 start', '1 end', '2 start', '2 end']);
  });

  it('when work fails, then the next in line still runs and keys run side by side', async () => {
    const turns = new KeyedTurns();
    const log: string[] = [];
    const failing = turns.run('a', async () => {
      await tick();
      throw new Error('boom');
    });
    const next = turns.run('a', async () => log.push('a2'));
    const other = turns.run('b', async () => log.push('b1'));
    await expect(failing).rejects.toThrow('boom');
    await Promise.all([next, other]);
    expect(log).toEqual(['b1', 'a2']);
  });
});
