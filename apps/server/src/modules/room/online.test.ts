import { describe, expect, it } from 'vitest';
import { createMemoryHot } from '../../infra/hot/memory.js';
import { OnlineCounter } from './online.js';

// The Hot operations used here behave alike on memory and Redis (infra/hot/contract.test.ts); the memory
// store's clock can be moved, so a crashed node's silence needs no sleeping. cluster.test.ts sums on Redis.
describe('online count across nodes', () => {
  it('sums every node, and forgets a node that stopped reporting once its TTL ran out', async () => {
    let now = 1_000_000;
    const hot = createMemoryHot({ now: () => now });
    const a = new OnlineCounter(hot, 'node-a', 5_000);
    const b = new OnlineCounter(hot, 'node-b', 5_000);
    expect(await a.report('show', 3)).toBe(3);
    expect(await b.report('show', 4)).toBe(7);
    expect(await b.report('other-show', 1)).toBe(1);
    // node-a crashes: it never reports again, and nobody decrements its count.
    now += 4_000;
    expect(await b.report('show', 5)).toBe(8);
    now += 1_000;
    expect(await b.report('show', 5)).toBe(5);
    expect(await hot.smembers('room:show:nodes')).toEqual(['node-b']);
    expect(await b.report('show', 0)).toBe(0);
    expect(await hot.smembers('room:show:nodes')).toEqual([]);
    await hot.close();
  });
});
