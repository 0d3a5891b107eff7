import { MAX_LIKES_PER_FRAME } from '../limits';
import type { Scheduler } from '../lib/scheduler';

/** At most one `like` frame per this interval, however fast the thumb taps. */
export const LIKE_FLUSH_INTERVAL_MS = 500;

/**
 * Collects like taps and sends them as `like {count}` frames: the first tap goes out at once (next task),
 * later ones wait for the interval to pass, and a frame never carries more than the protocol allows.
 */
export class LikeBatcher {
  private pending = 0;
  private lastSentAt = Number.NEGATIVE_INFINITY;
  private cancel: (() => void) | null = null;

  constructor(
    private readonly send: (count: number) => void,
    private readonly scheduler: Scheduler,
    private readonly intervalMs = LIKE_FLUSH_INTERVAL_MS,
  ) {}

  tap(count = 1): void {
    this.pending += count;
    if (!this.cancel) this.plan();
  }

  /** Taps not yet sent. */
  get unsent(): number {
    return this.pending;
  }

  dispose(): void {
    this.cancel?.();
    this.cancel = null;
  }

  private plan(): void {
    const wait = Math.max(0, this.lastSentAt + this.intervalMs - this.scheduler.now());
    this.cancel = this.scheduler.after(wait, () => this.flush());
  }

  private flush(): void {
    this.cancel = null;
    const count = Math.min(this.pending, MAX_LIKES_PER_FRAME);
    if (count === 0) return;
    this.pending -= count;
    this.lastSentAt = this.scheduler.now();
    this.send(count);
    if (this.pending > 0) this.plan();
  }
}
