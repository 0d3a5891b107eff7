/**
 * A sweep that runs every `everyMs` and once at start: the shape of every background job that catches up
 * from the database (so restarts and other nodes need nothing more). Runs never overlap; `runOnce`
 * joins a run in progress instead of starting a second one. One failing run is reported, not fatal.
 */
export class PeriodicSweep {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;

  constructor(
    private readonly work: () => Promise<number>,
    private readonly options: { everyMs: number; onError: (err: unknown) => void },
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.runOnce().catch(this.options.onError), this.options.everyMs);
    this.timer.unref();
    void this.runOnce().catch(this.options.onError);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  /** What the run did (rows moved, say), for tests and logs. */
  runOnce(): Promise<number> {
    this.running ??= this.work().finally(() => (this.running = null));
    return this.running;
  }
}
