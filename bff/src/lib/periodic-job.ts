/** One job's gate, as a scheduler asks it before each pass: true runs the pass here (see Leases). */
export type TurnGate = () => Promise<boolean>;

/** The gate of a job in a single process: every turn is this one's. */
export const everyTurn: TurnGate = () => Promise.resolve(true);

/**
 * A background pass run every `intervalMs`, one at a time: callers of `runOnce` while a pass is
 * in flight share it. `stop()` ends the schedule and waits for the pass in flight; a pass that
 * ends after `stop()` schedules nothing more (the database is closing behind it).
 */
export class PeriodicJob<T> {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<T> | undefined;
  private stopped = true;

  constructor(
    private readonly pass: () => Promise<T>,
    private readonly opts: {
      intervalMs: number;
      onError: (err: Error) => void;
      /**
       * Asked before each scheduled pass (not before a direct `runOnce`): false leaves the pass
       * to another replica (see Leases). Default: always run.
       */
      gate?: TurnGate;
    },
  ) {}

  /** Schedules passes; `runNow` also runs one at once (e.g. a reconciler at start). */
  start({ runNow = false }: { runNow?: boolean } = {}): void {
    this.stopped = false;
    const gate = this.opts.gate ?? everyTurn;
    const run = () => {
      gate()
        .then((mine) => (mine && !this.stopped ? this.runOnce() : undefined))
        .catch((err: Error) => this.opts.onError(err))
        .finally(schedule);
    };
    const schedule = () => {
      if (this.stopped) return;
      this.timer = setTimeout(run, this.opts.intervalMs);
      this.timer.unref();
    };
    if (runNow) run();
    else schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }

  /** One pass (`work`, default the job's own); joins the pass in flight if there is one. */
  runOnce(work: () => Promise<T> = this.pass): Promise<T> {
    this.running ??= work().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }
}
