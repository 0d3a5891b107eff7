import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { drawWinners, seedHashOf, sortEntrants } from './draw.js';
import { recomputeWinners } from './test-kit.js';

/** Deterministic seeds, so a failure names the case that failed. */
const seedOf = (i: number) => createHash('sha256').update(`seed-${i}`).digest();

describe('livedesk-lottery-v1', () => {
  it('gives the documented answer for the vector in docs/lottery.md', () => {
    const seed = Buffer.from(Array.from({ length: 32 }, (_, i) => i));
    expect(seedHashOf(seed)).toBe('630dcd2966c4336691125448bbb25b4ff412a49c732db2c8abc1b8581bd710dd');
    expect(drawWinners(seed, ['heidi', 'alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace'], 3)).toEqual(['dave', 'grace', 'frank']);
  });

  it('agrees with an independent implementation, whatever the entrants and winner count', async () => {
    const names = ['买家甲', 'buyer-b', 'Buyer-B', '😀', '｡', 'ａ', 'a', '0193f0a1-aaaa', '0193f0a1-aaab'];
    for (let i = 0; i < 60; i++) {
      const seed = seedOf(i);
      const entrants = names.slice(0, i % names.length).concat(names.slice(0, i % 3)); // duplicates included
      const winnerCount = 1 + (i % 12);
      expect(drawWinners(seed, entrants, winnerCount)).toEqual(await recomputeWinners(seed.toString('hex'), entrants, winnerCount));
    }
  });

  it('sorts by UTF-8 bytes, not UTF-16 code units', () => {
    // U+FF61 is EF BD A1 in UTF-8 and 0xFF61 in UTF-16; U+1F600 is F0 9F 98 80 and 0xD83D 0xDE00.
    expect(['😀', '｡'].sort()).toEqual(['😀', '｡']);
    expect(sortEntrants(['😀', '｡', 'b', 'a', 'a'])).toEqual(['a', 'b', '｡', '😀']);
  });

  it('draws everyone when there are fewer entrants than prizes, and nobody from nobody', () => {
    expect(drawWinners(seedOf(1), ['b', 'a'], 5).sort()).toEqual(['a', 'b']);
    expect(drawWinners(seedOf(1), [], 3)).toEqual([]);
  });

  it('does not depend on the order entrants arrive in', () => {
    const entrants = Array.from({ length: 50 }, (_, i) => `buyer-${i}`);
    expect(drawWinners(seedOf(7), [...entrants].reverse(), 5)).toEqual(drawWinners(seedOf(7), entrants, 5));
  });

  it('gives each entrant an even chance (3,000 fixed seeds, three entrants)', () => {
    const wins = new Map<string, number>();
    for (let i = 0; i < 3000; i++) {
      const [first] = drawWinners(seedOf(i), ['x', 'y', 'z'], 1);
      wins.set(first!, (wins.get(first!) ?? 0) + 1);
    }
    // Binomial(3000, 1/3): σ ≈ 26, so ±130 is five sigma.
    for (const name of ['x', 'y', 'z']) expect(Math.abs((wins.get(name) ?? 0) - 1000)).toBeLessThan(130);
  });
});
