import { PeriodicJob } from './periodic-job';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('PeriodicJob', () => {
  it('runs on its interval, shares a pass in flight, and schedules nothing after stop', async () => {
    let passes = 0;
    const job = new PeriodicJob(
      async () => {
        passes += 1;
        await tick(15);
        return passes;
      },
      { intervalMs: 10, onError: () => undefined },
    );
    const [a, b] = await Promise.all([job.runOnce(), job.runOnce()]);
    expect(a).toBe(b);
    job.start({ runNow: true });
    await tick(60);
    await job.stop();
    const after = passes;
    expect(after).toBeGreaterThanOrEqual(3);
    await tick(50);
    expect(passes).toBe(after);
  });

  it('reports a failed pass and keeps its schedule', async () => {
    const errors: string[] = [];
    let calls = 0;
    const job = new PeriodicJob(
      async () => {
        calls += 1;
        throw new Error(`boom ${calls}`);
      },
      { intervalMs: 5, onError: (err) => errors.push(err.message) },
    );
    job.start({ runNow: true });
    await tick(40);
    await job.stop();
    expect(errors.length).toBeGreaterThanOrEqual(2);
    expect(errors[0]).toBe('boom 1');
  });

  it('asks its gate before each scheduled pass and runs only the passes it is given', async () => {
    let passes = 0;
    let asked = 0;
    let open = false;
    const job = new PeriodicJob(
      async () => {
        passes += 1;
      },
      {
        intervalMs: 5,
        onError: () => undefined,
        gate: async () => {
          asked += 1;
          return open;
        },
      },
    );
    job.start({ runNow: true });
    while (asked < 3) await tick(5);
    expect(passes).toBe(0);
    open = true;
    while (passes < 2) await tick(5);
    await job.stop();
    // A direct runOnce is not gated: tests and start-up passes run it themselves.
    open = false;
    await job.runOnce();
    expect(passes).toBeGreaterThanOrEqual(3);
  });
});
