import type { Clock } from '../lib/time.js';

/**
 * A clock a test moves by hand, so "15 minutes later" takes no time. `running` follows real time plus
 * what the test advanced; `frozen` stands still until moved, for tests that compare exact times.
 */
export class TestClock implements Clock {
  private offset = 0;
  private readonly frozenAt: number | null;

  constructor(mode: 'running' | 'frozen' = 'running') {
    this.frozenAt = mode === 'frozen' ? Date.now() : null;
  }

  now = (): number => (this.frozenAt ?? Date.now()) + this.offset;

  advance(ms: number): void {
    this.offset += ms;
  }
}
