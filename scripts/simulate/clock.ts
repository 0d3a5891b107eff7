/**
 * Show time played faster than real time: show ms `at` happens `at / speed` real ms after the start.
 * Every wait ends early, with false, once `signal` aborts (the run is being stopped).
 */
export class ShowClock {
  private readonly startedAt = Date.now();
  private readonly waiting = new Set<() => void>();

  constructor(
    readonly speed: number,
    readonly showMs: number,
    private readonly signal: AbortSignal,
  ) {
    // One listener for all the viewers' waits, rather than one each.
    signal.addEventListener('abort', () => {
      for (const stop of this.waiting) stop();
    }, { once: true });
  }

  /** show time now, ms from the start */
  elapsed(): number {
    return Math.min(this.showMs, (Date.now() - this.startedAt) * this.speed);
  }

  /** Waits for show time `at`. */
  until(at: number): Promise<boolean> {
    return this.sleep(this.startedAt + at / this.speed - Date.now());
  }

  /** Waits `realMs` of real time. */
  sleep(realMs: number): Promise<boolean> {
    if (this.signal.aborted) return Promise.resolve(false);
    if (realMs <= 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const stop = () => {
        clearTimeout(timer);
        this.waiting.delete(stop);
        resolve(false);
      };
      const timer = setTimeout(() => {
        this.waiting.delete(stop);
        resolve(true);
      }, realMs);
      this.waiting.add(stop);
    });
  }
}
