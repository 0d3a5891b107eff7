import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { openTcpSocketCount } from '../testing/wait.js';
import { createMemoryHot } from './memory.js';
import type { Hot } from './port.js';
import { createRedisHot } from './redis.js';

interface HotAdapter {
  name: string;
  create(): Hot;
  /** True when separate instances see the same keys, so contention can come from several connections. */
  sharesAcrossInstances: boolean;
  cleanup(): Promise<void>;
}

async function deleteKeysWithPrefix(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url);
  try {
    const stream = redis.scanStream({ match: `${prefix}*`, count: 500 }) as AsyncIterable<string[]>;
    for await (const keys of stream) if (keys.length > 0) await redis.unlink(...keys);
  } finally {
    await redis.quit();
  }
}

function redisAdapter(url: string): HotAdapter {
  const keyPrefix = `test:${randomUUID()}:`;
  return {
    name: 'redis',
    create: () => createRedisHot({ url, keyPrefix }),
    sharesAcrossInstances: true,
    cleanup: () => deleteKeysWithPrefix(url, keyPrefix),
  };
}

const adapters: HotAdapter[] = [
  { name: 'memory', create: () => createMemoryHot(), sharesAcrossInstances: false, cleanup: async () => {} },
  ...(process.env.REDIS_URL ? [redisAdapter(process.env.REDIS_URL)] : []),
];

// Short real TTLs keep one set of assertions for every adapter. Presence is checked right after writing,
// well inside the TTL; absence after sleeping past it with a margin for a busy machine.
const TTL_MS = 200;
const PAST_TTL_MS = 300;

describe.each(adapters)('Hot contract: $name', (adapter) => {
  let hot: Hot;
  let keyCount = 0;
  // Every test works on fresh keys, so tests stay independent while sharing one connection.
  const key = (name: string) => `${name}:${++keyCount}`;

  beforeAll(() => {
    hot = adapter.create();
  });

  afterAll(async () => {
    await hot.close();
    await adapter.cleanup();
  });

  describe('get / set', () => {
    it('returns null for a missing key and the value once set', async () => {
      const k = key('value');
      expect(await hot.get(k)).toBeNull();
      expect(await hot.set(k, 'first')).toBe(true);
      expect(await hot.get(k)).toBe('first');
      expect(await hot.set(k, 'second')).toBe(true);
      expect(await hot.get(k)).toBe('second');
    });

    it('keeps the existing value when onlyIfAbsent is set', async () => {
      const k = key('absent');
      expect(await hot.set(k, 'first', { onlyIfAbsent: true })).toBe(true);
      expect(await hot.set(k, 'second', { onlyIfAbsent: true })).toBe(false);
      expect(await hot.get(k)).toBe('first');
    });

    it('expires a value after its ttl, after which onlyIfAbsent succeeds again', async () => {
      const k = key('ttl');
      expect(await hot.set(k, 'lock', { ttlMs: TTL_MS, onlyIfAbsent: true })).toBe(true);
      expect(await hot.get(k)).toBe('lock');
      const ttl = await hot.ttlMs(k);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(TTL_MS);
      await sleep(PAST_TTL_MS);
      expect(await hot.get(k)).toBeNull();
      expect(await hot.set(k, 'again', { onlyIfAbsent: true })).toBe(true);
      expect(await hot.get(k)).toBe('again');
    });

    it('drops an earlier ttl when overwritten without one', async () => {
      const k = key('persist');
      await hot.set(k, 'short-lived', { ttlMs: TTL_MS });
      await hot.set(k, 'forever');
      expect(await hot.ttlMs(k)).toBeNull();
      await sleep(PAST_TTL_MS);
      expect(await hot.get(k)).toBe('forever');
    });

    it('rejects a ttl that is not a positive integer', async () => {
      await expect(hot.set(key('bad-ttl'), 'v', { ttlMs: 0 })).rejects.toThrow(RangeError);
      await expect(hot.set(key('bad-ttl'), 'v', { ttlMs: 1.5 })).rejects.toThrow(RangeError);
    });
  });

  describe('del', () => {
    it('returns how many of the given keys existed', async () => {
      const [a, b, missing] = [key('del'), key('del'), key('del')];
      await hot.set(a, '1');
      await hot.sadd(b, 'member');
      expect(await hot.del(a, b, missing)).toBe(2);
      expect(await hot.get(a)).toBeNull();
      expect(await hot.scard(b)).toBe(0);
      expect(await hot.del(a)).toBe(0);
      expect(await hot.del()).toBe(0);
    });
  });

  describe('incrBy', () => {
    it('starts a missing counter at zero and adds positive and negative amounts', async () => {
      const k = key('counter');
      expect(await hot.incrBy(k, 5)).toBe(5);
      expect(await hot.incrBy(k, -7)).toBe(-2);
      expect(await hot.incrBy(k, 2)).toBe(0);
      expect(await hot.get(k)).toBe('0');
      expect(await hot.ttlMs(k)).toBeNull();
    });

    it('applies the ttl only when it creates the key', async () => {
      const k = key('counter-ttl');
      expect(await hot.incrBy(k, 1, { ttlMs: 60_000 })).toBe(1);
      const ttl = await hot.ttlMs(k);
      expect(ttl).toBeGreaterThan(50_000);
      expect(ttl).toBeLessThanOrEqual(60_000);
      expect(await hot.incrBy(k, 1, { ttlMs: 3_600_000 })).toBe(2);
      expect(await hot.ttlMs(k)).toBeLessThanOrEqual(60_000);

      const existing = key('counter-no-ttl');
      await hot.set(existing, '10');
      expect(await hot.incrBy(existing, 1, { ttlMs: 60_000 })).toBe(11);
      expect(await hot.ttlMs(existing)).toBeNull();
    });

    it('restarts a counter whose ttl ran out', async () => {
      const k = key('counter-expiry');
      await hot.incrBy(k, 3, { ttlMs: TTL_MS });
      await sleep(PAST_TTL_MS);
      expect(await hot.incrBy(k, 1)).toBe(1);
    });

    it('rejects a value that is not an integer and an amount that is not an integer', async () => {
      const k = key('not-a-number');
      await hot.set(k, 'abc');
      await expect(hot.incrBy(k, 1)).rejects.toThrow();
      expect(await hot.get(k)).toBe('abc');
      await expect(hot.incrBy(key('fraction'), 0.5)).rejects.toThrow(RangeError);
    });
  });

  describe('decrIfEnough', () => {
    it('treats a missing key as zero and does not create it', async () => {
      const k = key('stock');
      expect(await hot.decrIfEnough(k, 1)).toEqual({ ok: false, remaining: 0 });
      expect(await hot.get(k)).toBeNull();
    });

    it('takes exactly what is there, then refuses', async () => {
      const k = key('stock');
      await hot.set(k, '5');
      expect(await hot.decrIfEnough(k, 2)).toEqual({ ok: true, remaining: 3 });
      expect(await hot.decrIfEnough(k, 3)).toEqual({ ok: true, remaining: 0 });
      expect(await hot.decrIfEnough(k, 1)).toEqual({ ok: false, remaining: 0 });
      expect(await hot.get(k)).toBe('0');
    });

    it('refuses without changing the counter when it holds less than asked', async () => {
      const k = key('stock');
      await hot.set(k, '3');
      expect(await hot.decrIfEnough(k, 4)).toEqual({ ok: false, remaining: 3 });
      expect(await hot.get(k)).toBe('3');
    });

    it('keeps the ttl of the counter', async () => {
      const k = key('stock');
      await hot.incrBy(k, 10, { ttlMs: 60_000 });
      await hot.decrIfEnough(k, 4);
      expect(await hot.ttlMs(k)).toBeGreaterThan(50_000);
    });

    it('rejects an amount that is not a positive integer', async () => {
      const k = key('stock');
      await hot.set(k, '5');
      await expect(hot.decrIfEnough(k, 0)).rejects.toThrow(RangeError);
      await expect(hot.decrIfEnough(k, -1)).rejects.toThrow(RangeError);
      expect(await hot.get(k)).toBe('5');
    });

    describe('under contention', () => {
      let contenders: Hot[];
      let extraInstances: Hot[];

      // Where instances share state, the calls come from several connections as they would from nodes.
      beforeAll(() => {
        extraInstances = adapter.sharesAcrossInstances ? [adapter.create(), adapter.create()] : [];
        contenders = [hot, ...extraInstances];
      });

      afterAll(async () => {
        await Promise.all(extraInstances.map((instance) => instance.close()));
      });

      it('lets exactly as many of 200 parallel single takes succeed as there is stock', async () => {
        const k = key('flash-sale');
        await hot.set(k, '50');
        const results = await Promise.all(
          Array.from({ length: 200 }, (_, i) => contenders[i % contenders.length]!.decrIfEnough(k, 1)),
        );
        expect(results.filter((r) => r.ok)).toHaveLength(50);
        expect(results.every((r) => r.remaining >= 0)).toBe(true);
        expect(await hot.get(k)).toBe('0');
      });

      it('never oversells with parallel takes of 1 to 3', async () => {
        const k = key('flash-sale');
        const initial = 100;
        await hot.set(k, String(initial));
        const amounts = Array.from({ length: 200 }, () => 1 + Math.floor(Math.random() * 3));
        const results = await Promise.all(
          amounts.map((amount, i) => contenders[i % contenders.length]!.decrIfEnough(k, amount)),
        );
        const taken = amounts.reduce((sum, amount, i) => (results[i]!.ok ? sum + amount : sum), 0);
        const final = Number(await hot.get(k));
        expect(taken).toBeLessThanOrEqual(initial);
        expect(final).toBeGreaterThanOrEqual(0);
        expect(final).toBe(initial - taken);
        results.forEach((result, i) => {
          if (!result.ok) expect(result.remaining).toBeLessThan(amounts[i]!);
        });
      });
    });
  });

  describe('claimQuota', () => {
    const DAY_MS = 86_400_000;

    it('treats a missing quota as sold out and creates no user counter', async () => {
      const [quota, user] = [key('quota'), key('buyer')];
      expect(await hot.claimQuota(quota, user, 1, 1, DAY_MS)).toEqual({ ok: false, reason: 'sold_out', remaining: 0 });
      expect(await hot.get(quota)).toBeNull();
      expect(await hot.get(user)).toBeNull();
    });

    it('moves units from the quota to the user until the quota is empty', async () => {
      const quota = key('quota');
      await hot.set(quota, '3');
      const [a, b] = [key('buyer'), key('buyer')];
      expect(await hot.claimQuota(quota, a, 2, 5, DAY_MS)).toEqual({ ok: true, remaining: 1 });
      expect(await hot.claimQuota(quota, b, 2, 5, DAY_MS)).toEqual({ ok: false, reason: 'sold_out', remaining: 1 });
      expect(await hot.claimQuota(quota, b, 1, 5, DAY_MS)).toEqual({ ok: true, remaining: 0 });
      expect([await hot.get(quota), await hot.get(a), await hot.get(b)]).toEqual(['0', '2', '1']);
    });

    it('refuses past the per-user limit without touching either counter, and says so before sold out', async () => {
      const quota = key('quota');
      const user = key('buyer');
      await hot.set(quota, '10');
      expect(await hot.claimQuota(quota, user, 1, 2, DAY_MS)).toEqual({ ok: true, remaining: 9 });
      expect(await hot.claimQuota(quota, user, 2, 2, DAY_MS)).toEqual({ ok: false, reason: 'limit', remaining: 9 });
      expect(await hot.claimQuota(quota, user, 1, 2, DAY_MS)).toEqual({ ok: true, remaining: 8 });
      expect(await hot.claimQuota(quota, user, 1, 2, DAY_MS)).toEqual({ ok: false, reason: 'limit', remaining: 8 });
      await hot.set(quota, '0');
      expect(await hot.claimQuota(quota, user, 1, 2, DAY_MS)).toEqual({ ok: false, reason: 'limit', remaining: 0 });
      expect(await hot.claimQuota(quota, key('buyer'), 3, 2, DAY_MS)).toEqual({ ok: false, reason: 'limit', remaining: 0 });
      expect(await hot.get(user)).toBe('2');
    });

    it('gives a new user counter the ttl, keeps the ttl of an existing one, and leaves the quota ttl alone', async () => {
      const quota = key('quota');
      const user = key('buyer');
      await hot.set(quota, '10', { ttlMs: 3_600_000 });
      await hot.claimQuota(quota, user, 1, 5, 60_000);
      const ttl = await hot.ttlMs(user);
      expect(ttl).toBeGreaterThan(50_000);
      expect(ttl).toBeLessThanOrEqual(60_000);
      await hot.claimQuota(quota, user, 1, 5, 3_600_000);
      expect(await hot.ttlMs(user)).toBeLessThanOrEqual(60_000);
      expect(await hot.ttlMs(quota)).toBeGreaterThan(3_000_000);
    });

    it('lets a give-back through incrBy make the units claimable again', async () => {
      const quota = key('quota');
      const user = key('buyer');
      await hot.set(quota, '1');
      expect((await hot.claimQuota(quota, user, 1, 1, DAY_MS)).ok).toBe(true);
      await hot.incrBy(user, -1);
      await hot.incrBy(quota, 1);
      expect(await hot.claimQuota(quota, user, 1, 1, DAY_MS)).toEqual({ ok: true, remaining: 0 });
    });

    it('rejects bad arguments and counters that are not integers', async () => {
      const quota = key('quota');
      await hot.set(quota, '5');
      await expect(hot.claimQuota(quota, key('buyer'), 0, 1, DAY_MS)).rejects.toThrow(RangeError);
      await expect(hot.claimQuota(quota, key('buyer'), 1, 0, DAY_MS)).rejects.toThrow(RangeError);
      await expect(hot.claimQuota(quota, key('buyer'), 1, 1, 0)).rejects.toThrow(RangeError);
      const garbled = key('quota');
      await hot.set(garbled, 'lots');
      await expect(hot.claimQuota(garbled, key('buyer'), 1, 1, DAY_MS)).rejects.toThrow();
      const set = key('quota');
      await hot.sadd(set, 'a');
      await expect(hot.claimQuota(set, key('buyer'), 1, 1, DAY_MS)).rejects.toThrow(/WRONGTYPE/);
      expect(await hot.get(quota)).toBe('5');
    });

    describe('under contention', () => {
      let contenders: Hot[];
      let extraInstances: Hot[];

      beforeAll(() => {
        extraInstances = adapter.sharesAcrossInstances ? [adapter.create(), adapter.create()] : [];
        contenders = [hot, ...extraInstances];
      });

      afterAll(async () => {
        await Promise.all(extraInstances.map((instance) => instance.close()));
      });

      it('admits exactly the quota from 400 parallel claims of 200 buyers trying twice each, one per buyer', async () => {
        const quota = key('flash-quota');
        await hot.set(quota, '50');
        const buyers = Array.from({ length: 200 }, () => key('flash-buyer'));
        const attempts = [...buyers, ...buyers];
        const results = await Promise.all(
          attempts.map((user, i) => contenders[i % contenders.length]!.claimQuota(quota, user, 1, 1, DAY_MS)),
        );
        const admitted = attempts.filter((_, i) => results[i]!.ok);
        expect(admitted).toHaveLength(50);
        expect(new Set(admitted).size).toBe(50);
        expect(await hot.get(quota)).toBe('0');
        expect(results.every((r) => r.remaining >= 0)).toBe(true);
        const counts = await Promise.all(buyers.map((user) => hot.get(user)));
        expect(counts.filter((c) => c === '1')).toHaveLength(50);
        expect(counts.filter((c) => c !== '1' && c !== null)).toEqual([]);
      });

      it('never lets one buyer past their limit with 60 parallel claims', async () => {
        const quota = key('flash-quota');
        const user = key('flash-buyer');
        await hot.set(quota, '100');
        const results = await Promise.all(
          Array.from({ length: 60 }, (_, i) => contenders[i % contenders.length]!.claimQuota(quota, user, 1, 3, DAY_MS)),
        );
        expect(results.filter((r) => r.ok)).toHaveLength(3);
        expect(results.filter((r) => !r.ok && r.reason === 'limit')).toHaveLength(57);
        expect([await hot.get(quota), await hot.get(user)]).toEqual(['97', '3']);
      });
    });
  });

  describe('sets', () => {
    it('counts only newly added and actually removed members', async () => {
      const k = key('viewers');
      expect(await hot.sadd(k, 'a', 'b')).toBe(2);
      expect(await hot.sadd(k, 'b', 'c', 'c')).toBe(1);
      expect(await hot.sadd(k)).toBe(0);
      expect(await hot.scard(k)).toBe(3);
      expect(await hot.srem(k, 'a', 'missing')).toBe(1);
      expect(await hot.srem(k)).toBe(0);
      expect(await hot.sismember(k, 'a')).toBe(false);
      expect(await hot.sismember(k, 'b')).toBe(true);
      expect((await hot.smembers(k)).sort()).toEqual(['b', 'c']);
    });

    it('treats a missing set as empty and removes a set whose last member leaves', async () => {
      const k = key('viewers');
      expect(await hot.scard(k)).toBe(0);
      expect(await hot.smembers(k)).toEqual([]);
      expect(await hot.sismember(k, 'a')).toBe(false);
      expect(await hot.srem(k, 'a')).toBe(0);
      await hot.sadd(k, 'a');
      await hot.expire(k, 60_000);
      expect(await hot.srem(k, 'a')).toBe(1);
      expect(await hot.ttlMs(k)).toBeNull();
      expect(await hot.set(k, 'now a string', { onlyIfAbsent: true })).toBe(true);
    });

    it('expires a set like any other key', async () => {
      const k = key('viewers');
      await hot.sadd(k, 'a', 'b');
      expect(await hot.expire(k, TTL_MS)).toBe(true);
      expect(await hot.scard(k)).toBe(2);
      await sleep(PAST_TTL_MS);
      expect(await hot.scard(k)).toBe(0);
      expect(await hot.sismember(k, 'a')).toBe(false);
    });

    it('rejects string and set operations on a key of the other kind', async () => {
      const set = key('kind-set');
      const string = key('kind-string');
      await hot.sadd(set, 'a');
      await hot.set(string, 'v');
      await expect(hot.get(set)).rejects.toThrow(/WRONGTYPE/);
      await expect(hot.incrBy(set, 1)).rejects.toThrow(/WRONGTYPE/);
      await expect(hot.sadd(string, 'a')).rejects.toThrow(/WRONGTYPE/);
      await expect(hot.scard(string)).rejects.toThrow(/WRONGTYPE/);
    });
  });

  describe('expire / ttlMs', () => {
    it('reports null for a missing key and for a key that never expires', async () => {
      const k = key('ttl');
      expect(await hot.ttlMs(k)).toBeNull();
      expect(await hot.expire(k, 1_000)).toBe(false);
      expect(await hot.get(k)).toBeNull();
      await hot.set(k, 'v');
      expect(await hot.ttlMs(k)).toBeNull();
    });

    it('sets and replaces the ttl of an existing key', async () => {
      const k = key('ttl');
      await hot.set(k, 'v', { ttlMs: 60_000 });
      expect(await hot.expire(k, TTL_MS)).toBe(true);
      const ttl = await hot.ttlMs(k);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(TTL_MS);
      await sleep(PAST_TTL_MS);
      expect(await hot.get(k)).toBeNull();
      expect(await hot.ttlMs(k)).toBeNull();
    });

    it('rejects a ttl that is not a positive integer', async () => {
      const k = key('ttl');
      await hot.set(k, 'v');
      await expect(hot.expire(k, 0)).rejects.toThrow(RangeError);
      expect(await hot.get(k)).toBe('v');
    });
  });

  describe('hit', () => {
    it('counts hits within one window that starts at the first hit', async () => {
      const k = key('login');
      const first = await hot.hit(k, 60_000);
      expect(first).toEqual({ count: 1, resetInMs: 60_000 });
      const second = await hot.hit(k, 60_000);
      expect(second.count).toBe(2);
      expect(second.resetInMs).toBeGreaterThan(50_000);
      expect(second.resetInMs).toBeLessThanOrEqual(60_000);
      expect((await hot.hit(k, 60_000)).count).toBe(3);
    });

    it('starts a new window once the previous one is over', async () => {
      const k = key('login');
      await hot.hit(k, TTL_MS);
      await hot.hit(k, TTL_MS);
      await sleep(PAST_TTL_MS);
      const afterWindow = await hot.hit(k, TTL_MS);
      expect(afterWindow).toEqual({ count: 1, resetInMs: TTL_MS });
    });

    it('gives a counter written without a ttl a window instead of counting forever', async () => {
      const k = key('login');
      await hot.incrBy(k, 4);
      const result = await hot.hit(k, 60_000);
      expect(result.count).toBe(5);
      expect(result.resetInMs).toBeGreaterThan(50_000);
      expect(await hot.ttlMs(k)).toBeGreaterThan(50_000);
    });
  });

  describe('close', () => {
    it('releases its connections, after which calls reject', async () => {
      const socketsBefore = openTcpSocketCount();
      const instance = adapter.create();
      await instance.set(key('close'), 'v');
      await instance.close();
      expect(openTcpSocketCount()).toBeLessThanOrEqual(socketsBefore);
      await expect(instance.get(key('close'))).rejects.toThrow();
      await instance.close();
    });
  });
});
