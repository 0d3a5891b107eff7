/**
 * The pause of a polling loop between passes, cut short by a nudge ("there is work, poll now"). A nudge
 * that comes during a pass is remembered, so the pause after that pass is skipped instead of the work
 * waiting a whole poll interval.
 */
export class Doze {
  private pending = false;
  private wakeUp: (() => void) | null = null;

  /** Call as a pass starts: the nudges before it are answered by it. */
  beginPass(): void {
    this.pending = false;
  }

  /** Work arrived: ends the pause in progress, or skips the next one. */
  nudge(): void {
    this.pending = true;
    this.wakeUp?.();
  }

  /** Ends the pause in progress without asking for a pass (the loop is stopping). */
  interrupt(): void {
    this.wakeUp?.();
  }

  /** Nudged since the pass began. */
  get nudged(): boolean {
    return this.pending;
  }

  /** Sleeps `ms`, or less when nudged or interrupted meanwhile. */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.wakeUp?.(), ms);
      this.wakeUp = () => {
        clearTimeout(timer);
        this.wakeUp = null;
        resolve();
      };
    });
  }
}
