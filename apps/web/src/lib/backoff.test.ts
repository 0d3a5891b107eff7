import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff';

describe('reconnect backoff', () => {
  it('doubles from the base up to the ceiling', () => {
    const ceilings = [0, 1, 2, 3, 4, 5, 6, 7].map((attempt) => backoffDelay(attempt, 0.999_999));
    expect(ceilings).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000]);
  });

  it('waits at least half the ceiling, so jitter never makes a retry instant', () => {
    expect(backoffDelay(0, 0)).toBe(500);
    expect(backoffDelay(3, 0)).toBe(4000);
    expect(backoffDelay(50, 0)).toBe(15_000);
  });

  it('spreads retries over the upper half with the random draw', () => {
    expect(backoffDelay(2, 0.5)).toBe(3000);
    expect(backoffDelay(2, 0.25, { baseMs: 100, maxMs: 1000 })).toBe(250);
  });

  it('stays finite for absurd attempt counts', () => {
    expect(backoffDelay(10_000, 0.5)).toBe(22_500);
  });
});
