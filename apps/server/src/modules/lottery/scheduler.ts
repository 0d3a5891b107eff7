import type { Clock } from '../../lib/time.js';
import type { LotteryService } from './service.js';

/** Timers may fire a little early against a clock read elsewhere; a draw asked too soon would wait a sweep. */
const LATE_MS = 20;

/**
 * Draws lotteries at their `drawAt`. A sweep every `sweepMs` draws what is overdue and arms a timer for
 * each lottery due before the next sweep; a lottery opened in this process is armed at once. State
 * lives in the database only, so a restarted node (or another node, when this one died) catches up on
 * its first sweep; the draw's compare-and-set lets one node win when several fire together.
 */
export class LotteryScheduler {
  private sweeper: NodeJS.Timeout | null = null;
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Runs one after another, so a slow pass and the next tick never work side by side. */
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly lottery: LotteryService,
    private readonly clock: Clock,
    private readonly options: { sweepMs?: number; onError?: (err: unknown) => void } = {},
  ) {}

  start(): void {
    if (this.sweeper) return;
    this.sweeper = setInterval(() => void this.runOnce().catch(this.onError), this.sweepMs).unref();
    void this.runOnce().catch(this.onError);
  }

  async stop(): Promise<void> {
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = null;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    await this.chain;
  }

  /** Install with `lottery.afterOpen((l) => scheduler.arm(l))`. */
  arm(lottery: { id: string; drawAt: number }): void {
    if (!this.sweeper || this.timers.has(lottery.id)) return;
    const timer = setTimeout(() => {
      this.timers.delete(lottery.id);
      void this.lottery.drawDue(lottery.id).catch(this.onError);
    }, Math.max(0, lottery.drawAt - this.clock.now()) + LATE_MS);
    timer.unref();
    this.timers.set(lottery.id, timer);
  }

  /** Draws every overdue lottery and arms timers for those due before the next sweep; returns how many it drew. */
  runOnce(): Promise<number> {
    const pass = this.chain.then(() => this.pass());
    this.chain = pass.catch(() => undefined);
    return pass;
  }

  private async pass(): Promise<number> {
    const now = this.clock.now();
    let drawn = 0;
    for (const due of await this.lottery.openBefore(now + this.sweepMs, 500)) {
      if (due.draw_at !== null && due.draw_at > now) this.arm({ id: due.id, drawAt: due.draw_at });
      else {
        try {
          if (await this.lottery.drawDue(due.id)) drawn++;
        } catch (err) {
          this.onError(err); // one failing draw must not hold back the others
        }
      }
    }
    return drawn;
  }

  private get sweepMs(): number {
    return this.options.sweepMs ?? 5_000;
  }

  private readonly onError = (err: unknown) => (this.options.onError ?? ((e) => console.error('lottery draw failed', e)))(err);
}
