/**
 * A token bucket per connection: `ratePerSecond` frames sustained, bursts up to `burst`. Refusals in a
 * row (without the bucket recovering in between) count as strikes; a connection that keeps flooding
 * past `maxStrikes` is to be disconnected.
 */
export class FloodGuard {
  private tokens: number;
  private last: number;
  private strikes = 0;

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    private readonly maxStrikes: number,
    now: number,
  ) {
    this.tokens = burst;
    this.last = now;
  }

  /** 'ok' to process the frame, 'refuse' to answer rate_limited, 'disconnect' on persistent abuse. */
  take(now: number): 'ok' | 'refuse' | 'disconnect' {
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.ratePerSecond);
    this.last = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      if (this.tokens >= this.burst / 2) this.strikes = 0;
      return 'ok';
    }
    this.strikes += 1;
    return this.strikes > this.maxStrikes ? 'disconnect' : 'refuse';
  }
}
