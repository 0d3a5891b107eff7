import { createHash, createHmac, randomBytes } from 'node:crypto';

/**
 * `livedesk-lottery-v1`: the draw anyone can recompute from the revealed seed and the published
 * entrant list (docs/lottery.md says the same, with a worked check).
 *
 * 1. seed: 32 random bytes. `seedHash` = hex(SHA-256(seed bytes)) is published when the lottery opens;
 *    the seed itself (hex) is revealed at the draw.
 * 2. entrants: the distinct identities (buyer ids), sorted by their UTF-8 bytes, unsigned, byte by
 *    byte (a string that is a prefix of another comes first).
 * 3. a stream of 32-bit numbers: block i = HMAC-SHA256(key = seed bytes, message = i as 4 bytes
 *    big-endian) for i = 0, 1, 2, …; each block gives 8 numbers, its bytes read as big-endian uint32.
 * 4. below(n): take the next number x; if x < n·⌊2³²/n⌋ the result is x mod n, otherwise take the next
 *    one (rejection sampling, so every result is equally likely).
 * 5. a partial Fisher–Yates shuffle from the front of the sorted list a of n entrants: for
 *    i = 0 … k−1, where k = min(winnerCount, n): j = i + below(n − i), swap a[i] and a[j].
 * 6. the winners are a[0 … k−1], in that order (rank 1 first).
 */
export function drawWinners(seed: Buffer, entrants: readonly string[], winnerCount: number): string[] {
  const a = sortEntrants(entrants);
  const k = Math.min(winnerCount, a.length);
  const next = numberStream(seed);
  for (let i = 0; i < k; i++) {
    const j = i + below(a.length - i, next);
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a.slice(0, k);
}

/** Distinct identities in the draw's order: by UTF-8 bytes. */
export function sortEntrants(identities: Iterable<string>): string[] {
  return [...new Set(identities)]
    .map((id) => ({ id, bytes: Buffer.from(id, 'utf8') }))
    .sort((x, y) => Buffer.compare(x.bytes, y.bytes))
    .map((e) => e.id);
}

export const newSeed = (): Buffer => randomBytes(32);

export const seedHashOf = (seed: Buffer): string => createHash('sha256').update(seed).digest('hex');

function numberStream(seed: Buffer): () => number {
  let counter = 0;
  let block = Buffer.alloc(0);
  let offset = 0;
  return () => {
    if (offset >= block.length) {
      const message = Buffer.alloc(4);
      message.writeUInt32BE(counter++);
      block = createHmac('sha256', seed).update(message).digest();
      offset = 0;
    }
    const value = block.readUInt32BE(offset);
    offset += 4;
    return value;
  };
}

const TWO_32 = 2 ** 32;

function below(n: number, next: () => number): number {
  const limit = n * Math.floor(TWO_32 / n);
  for (;;) {
    const x = next();
    if (x < limit) return x % n;
  }
}
