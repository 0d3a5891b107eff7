import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createMemoryHot } from '../../infra/hot/memory.js';
import type { Hot } from '../../infra/hot/port.js';
import { createRedisHot } from '../../infra/hot/redis.js';
import { waitFor } from '../../infra/testing/wait.js';
import { SharedCache } from './shared-cache.js';

/** Two gateway nodes: on Redis, two connections; embedded there is one node's memory, shared here. */
const setups: { name: string; nodes: () => [Hot, Hot] }[] = [
  { name: 'memory', nodes: () => { const hot = createMemoryHot(); return [hot, hot]; } },
  ...(process.env.REDIS_URL
    ? [{ name: 'redis', nodes: (): [Hot, Hot] => { const keyPrefix = `test:${randomUUID()}:`; return [createRedisHot({ url: process.env.REDIS_URL!, keyPrefix }), createRedisHot({ url: process.env.REDIS_URL!, keyPrefix })]; } }]
    : []),
];

describe.each(setups)('SharedCache on $name', ({ nodes }) => {
  const [hotA, hotB] = nodes();
  afterAll(async () => {
    await hotA.del(...['', '-lost', '-race'].map((suffix) => `moderation:${name}${suffix}:${suffix ? 'k' : 'org1'}`));
    await hotA.close();
    if (hotB !== hotA) await hotB.close();
  });

  let now = 1_000_000;
  const clock = { now: () => now };
  const name = `c${randomUUID().slice(0, 8)}`;

  it('shows a change at once on the node that made it and within a second on the others', async () => {
    const stored = new Map([['org1', 'v1']]);
    const loads = { a: 0, b: 0 };
    const a = new SharedCache(hotA, clock, name, async (k) => (loads.a++, stored.get(k)!));
    const b = new SharedCache(hotB, clock, name, async (k) => (loads.b++, stored.get(k)!));
    expect(await a.get('org1')).toBe('v1');
    expect(await b.get('org1')).toBe('v1');

    stored.set('org1', 'v2');
    await a.changed('org1');
    expect(await a.get('org1')).toBe('v2');
    now += 500;
    expect(await b.get('org1')).toBe('v1');
    now += 500;
    expect(await b.get('org1')).toBe('v2');
    // Without a change, a check costs a token read and no load.
    now += 5_000;
    expect(await b.get('org1')).toBe('v2');
    expect(loads).toEqual({ a: 2, b: 2 });
  });

  it('reloads once when the token is gone, as after a Redis restart', async () => {
    let loads = 0;
    const c = new SharedCache(hotA, clock, `${name}-lost`, async () => ++loads);
    await c.changed('k');
    expect(await c.get('k')).toBe(1);
    await hotA.del(`moderation:${name}-lost:k`);
    now += 1_000;
    expect(await c.get('k')).toBe(2);
    now += 1_000;
    expect(await c.get('k')).toBe(2);
  });

  it('loads once for concurrent readers, and never keeps what a load read before a change', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let value = 'old';
    let loads = 0;
    const c = new SharedCache(hotA, clock, `${name}-race`, async () => {
      loads++;
      const seen = value;
      await gate;
      return seen;
    });
    const readers = [c.get('k'), c.get('k'), c.get('k')];
    await waitFor(() => loads === 1, { what: 'the load to start' });
    value = 'new';
    await c.changed('k');
    release();
    expect(await Promise.all(readers)).toEqual(['old', 'old', 'old']);
    expect(loads).toBe(1);
    expect(await c.get('k')).toBe('new');
  });
});
