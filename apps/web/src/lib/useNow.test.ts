import { describe, expect, it } from 'vitest';
import { splitDuration } from './useNow';

describe('durations for countdowns', () => {
  it('splits into days and a clock', () => {
    expect(splitDuration(90_061_000)).toEqual({ days: 1, clock: '01:01:01' });
    expect(splitDuration(59_999)).toEqual({ days: 0, clock: '00:00:59' });
    expect(splitDuration(-5_000)).toEqual({ days: 0, clock: '00:00:00' });
  });
});
