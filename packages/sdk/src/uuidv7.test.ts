import { describe, expect, it } from 'vitest';
import { uuidv7, uuidv7Generator } from './uuidv7.js';

const UUIDV7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const timeOf = (id: string) => parseInt(id.replace(/-/g, '').slice(0, 12), 16);

describe('uuidv7', () => {
  it('is an RFC 9562 version 7 UUID carrying the time it was made', () => {
    const before = Date.now();
    const id = uuidv7();
    const after = Date.now();
    expect(id).toMatch(UUIDV7);
    expect(timeOf(id)).toBeGreaterThanOrEqual(before);
    expect(timeOf(id)).toBeLessThanOrEqual(after);
  });

  it('writes times past 2^32 ms exactly (48-bit big-endian)', () => {
    const at = Date.UTC(2100, 0, 1);
    expect(timeOf(uuidv7Generator(() => at)())).toBe(at);
  });

  it('sorts in the order ids were made, within one millisecond too', () => {
    const ids = Array.from({ length: 10_000 }, () => uuidv7());
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(UUIDV7);
  });

  it('keeps the order when the clock stands still or steps back, past 4096 ids in a millisecond', () => {
    let clock = 1_700_000_000_000;
    const next = uuidv7Generator(() => clock);
    const ids = Array.from({ length: 5000 }, () => next());
    clock -= 10_000;
    ids.push(next(), next());
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    // The counter ran over into the next millisecond rather than wrapping around.
    expect(timeOf(ids.at(-1)!)).toBe(1_700_000_000_001);
  });
});
