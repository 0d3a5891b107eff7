import { describe, expect, it } from 'vitest';
import { clock, compactCount, splitDays } from './format';

describe('formatting for the room', () => {
  it('shows clocks with hours only when needed', () => {
    expect(clock(0)).toBe('00:00');
    expect(clock(65_999)).toBe('01:05');
    expect(clock(3_725_000)).toBe('1:02:05');
    expect(clock(-10)).toBe('00:00');
  });

  it('splits long countdowns into days', () => {
    expect(splitDays(2 * 86_400_000 + 61_000)).toEqual({ days: 2, clock: '01:01' });
    expect(splitDays(59_000)).toEqual({ days: 0, clock: '00:59' });
  });

  it('shortens big counts the way each language does, rounding down', () => {
    expect(compactCount(99_999, 'zh-CN')).toBe('99999');
    expect(compactCount(123_456, 'zh-CN')).toBe('12.3万');
    expect(compactCount(100_000, 'zh-CN')).toBe('10万');
    expect(compactCount(250_000_000, 'zh-CN')).toBe('2.5亿');
    expect(compactCount(9_999, 'en-US')).toBe('9999');
    expect(compactCount(12_399, 'en-US')).toBe('12.3K');
    expect(compactCount(3_000_000, 'en-US')).toBe('3M');
  });
});
