import { describe, expect, it } from 'vitest';
import { fenToYuan, fenToYuanInput, formatFen, formatFenRange, parseYuan } from './money';

describe('formatting fen', () => {
  it('shows yuan with two decimals from integer fen', () => {
    expect(formatFen(1230)).toBe('¥12.30');
    expect(formatFen(5)).toBe('¥0.05');
    expect(formatFen(0)).toBe('¥0.00');
    expect(formatFen(100_000_000)).toBe('¥1,000,000.00');
    expect(formatFen(-1230)).toBe('-¥12.30');
  });

  it('never goes through a float that would round wrongly', () => {
    // 0.1 + 0.2 style errors: 1.005 yuan is 100.49999… fen in binary.
    expect(fenToYuan(101)).toBe('1.01');
    expect(fenToYuan(9_007_199_254_740_991)).toBe('90,071,992,547,409.91');
  });

  it('writes ranges and input values', () => {
    expect(formatFenRange(5900, 9900)).toBe('¥59.00 – ¥99.00');
    expect(formatFenRange(5900, 5900)).toBe('¥59.00');
    expect(formatFenRange(null, null)).toBeNull();
    expect(fenToYuanInput(123456)).toBe('1234.56');
  });
});

describe('parsing yuan', () => {
  it('reads what people type into integer fen', () => {
    expect(parseYuan('12')).toBe(1200);
    expect(parseYuan('12.3')).toBe(1230);
    expect(parseYuan('12.30')).toBe(1230);
    expect(parseYuan('0.07')).toBe(7);
    expect(parseYuan('1.005')).toBeNull();
    expect(parseYuan('¥1,299.00')).toBe(129900);
    expect(parseYuan(' 19.9 ')).toBe(1990);
    expect(parseYuan('12.')).toBe(1200);
  });

  it('refuses what is not an amount', () => {
    expect(parseYuan('')).toBeNull();
    expect(parseYuan('-1')).toBeNull();
    expect(parseYuan('abc')).toBeNull();
    expect(parseYuan('1e3')).toBeNull();
    expect(parseYuan(null)).toBeNull();
  });

  it('round-trips every cent', () => {
    for (let fen = 0; fen < 2000; fen += 7) expect(parseYuan(fenToYuanInput(fen))).toBe(fen);
  });
});
