import { Redis } from 'ioredis';
import { assertInteger, assertPositiveInteger } from './arguments.js';
import type { Hot } from './port.js';
import { closeConnection } from '../redis/connection.js';

export interface RedisHotOptions {
  url: string;
  /** Prepended to every key (Lua KEYS included), so deployments and test runs can share one Redis. */
  keyPrefix: string;
}

// Each script is one read-modify-write that must not interleave with another client's, which MULTI alone
// cannot express because the write depends on what was read.
const scripts = {
  hotIncrByWithTtlOnCreate: {
    numberOfKeys: 1,
    lua: `
      local created = redis.call('EXISTS', KEYS[1]) == 0
      local value = redis.call('INCRBY', KEYS[1], ARGV[1])
      if created then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
      return value`,
  },
  hotDecrIfEnough: {
    numberOfKeys: 1,
    lua: `
      local current = redis.call('GET', KEYS[1])
      if not current then return {0, 0} end
      if not string.match(current, '^%-?%d+$') then
        return redis.error_reply('ERR value is not an integer or out of range')
      end
      local value = tonumber(current)
      local amount = tonumber(ARGV[1])
      if value < amount then return {0, value} end
      return {1, redis.call('DECRBY', KEYS[1], amount)}`,
  },
  hotClaimQuota: {
    numberOfKeys: 2,
    lua: `
      local function counter(key)
        local value = redis.call('GET', key)
        if not value then return 0 end
        if not string.match(value, '^%-?%d+$') then return nil end
        return tonumber(value)
      end
      local remaining = counter(KEYS[1])
      local taken = counter(KEYS[2])
      if remaining == nil or taken == nil then
        return redis.error_reply('ERR value is not an integer or out of range')
      end
      local amount = tonumber(ARGV[1])
      if taken + amount > tonumber(ARGV[2]) then return {0, 1, remaining} end
      if remaining < amount then return {0, 0, remaining} end
      local created = redis.call('EXISTS', KEYS[2]) == 0
      redis.call('INCRBY', KEYS[2], amount)
      if created then redis.call('PEXPIRE', KEYS[2], ARGV[3]) end
      return {1, 0, redis.call('DECRBY', KEYS[1], amount)}`,
  },
  hotHit: {
    numberOfKeys: 1,
    lua: `
      local count = redis.call('INCR', KEYS[1])
      local ttl = redis.call('PTTL', KEYS[1])
      if ttl < 0 then
        redis.call('PEXPIRE', KEYS[1], ARGV[1])
        ttl = tonumber(ARGV[1])
      end
      return {count, ttl}`,
  },
};

/** What `defineCommand` adds to the client; ioredis cannot type commands defined at runtime. */
interface ScriptCommands {
  hotIncrByWithTtlOnCreate(key: string, by: number, ttlMs: number): Promise<number>;
  hotDecrIfEnough(key: string, amount: number): Promise<[ok: 0 | 1, remaining: number]>;
  hotClaimQuota(quotaKey: string, userKey: string, amount: number, userLimit: number, userTtlMs: number): Promise<[ok: 0 | 1, limit: 0 | 1, remaining: number]>;
  hotHit(key: string, windowMs: number): Promise<[count: number, resetInMs: number]>;
}

export function createRedisHot({ url, keyPrefix }: RedisHotOptions): Hot {
  const client = new Redis(url, { keyPrefix });
  for (const [name, definition] of Object.entries(scripts)) client.defineCommand(name, definition);
  const redis = client as Redis & ScriptCommands;
  let closing: Promise<void> | undefined;

  return {
    get: (key) => redis.get(key),

    async set(key, value, { ttlMs, onlyIfAbsent = false } = {}) {
      let reply: 'OK' | null;
      if (ttlMs === undefined) {
        reply = onlyIfAbsent ? await redis.set(key, value, 'NX') : await redis.set(key, value);
      } else {
        assertPositiveInteger('ttlMs', ttlMs);
        reply = onlyIfAbsent
          ? await redis.set(key, value, 'PX', ttlMs, 'NX')
          : await redis.set(key, value, 'PX', ttlMs);
      }
      return reply === 'OK';
    },

    // Redis rejects DEL/SADD/SREM without arguments; an empty call is a no-op in the port.
    del: async (...keys) => (keys.length === 0 ? 0 : redis.del(...keys)),

    async incrBy(key, by, { ttlMs } = {}) {
      assertInteger('by', by);
      if (ttlMs === undefined) return redis.incrby(key, by);
      assertPositiveInteger('ttlMs', ttlMs);
      return redis.hotIncrByWithTtlOnCreate(key, by, ttlMs);
    },

    async decrIfEnough(key, amount) {
      assertPositiveInteger('amount', amount);
      const [ok, remaining] = await redis.hotDecrIfEnough(key, amount);
      return { ok: ok === 1, remaining };
    },

    async claimQuota(quotaKey, userKey, amount, userLimit, userTtlMs) {
      assertPositiveInteger('amount', amount);
      assertPositiveInteger('userLimit', userLimit);
      assertPositiveInteger('userTtlMs', userTtlMs);
      const [ok, limit, remaining] = await redis.hotClaimQuota(quotaKey, userKey, amount, userLimit, userTtlMs);
      if (ok === 1) return { ok: true, remaining };
      return { ok: false, reason: limit === 1 ? 'limit' : 'sold_out', remaining };
    },

    sadd: async (key, ...members) => (members.length === 0 ? 0 : redis.sadd(key, ...members)),
    srem: async (key, ...members) => (members.length === 0 ? 0 : redis.srem(key, ...members)),
    sismember: async (key, member) => (await redis.sismember(key, member)) === 1,
    scard: (key) => redis.scard(key),
    smembers: (key) => redis.smembers(key),

    async expire(key, ttlMs) {
      assertPositiveInteger('ttlMs', ttlMs);
      return (await redis.pexpire(key, ttlMs)) === 1;
    },

    async ttlMs(key) {
      // -2: no such key, -1: no expiry.
      const ttl = await redis.pttl(key);
      return ttl < 0 ? null : ttl;
    },

    async hit(key, windowMs) {
      assertPositiveInteger('windowMs', windowMs);
      const [count, resetInMs] = await redis.hotHit(key, windowMs);
      return { count, resetInMs };
    },

    close() {
      closing ??= closeConnection(redis);
      return closing;
    },
  };
}
