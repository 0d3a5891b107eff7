import { describe, expect, it } from 'vitest';
import { replayOffsetMs } from './recorder.js';

describe('replayOffsetMs', () => {
  // Two publishes: 10 s from t=1000, then (after a 5 s reconnect gap) 20 s from t=16000.
  const segments = [
    { startedAt: 1_000, durationMs: 10_000 },
    { startedAt: 16_000, durationMs: 20_000 },
  ];

  it('maps a moment inside a publish to its place in the joined replay', () => {
    expect(replayOffsetMs(segments, 1_000)).toBe(0);
    expect(replayOffsetMs(segments, 4_500)).toBe(3_500);
    expect(replayOffsetMs(segments, 16_000)).toBe(10_000);
    expect(replayOffsetMs(segments, 30_000)).toBe(24_000);
  });

  it('maps a moment before the show or in a gap to the start of the next publish', () => {
    expect(replayOffsetMs(segments, 0)).toBe(0);
    expect(replayOffsetMs(segments, 11_000)).toBe(10_000);
    expect(replayOffsetMs(segments, 15_999)).toBe(10_000);
  });

  it('has no position for a moment after the recording', () => {
    expect(replayOffsetMs(segments, 36_000)).toBeNull();
    expect(replayOffsetMs([], 5)).toBeNull();
  });
});
