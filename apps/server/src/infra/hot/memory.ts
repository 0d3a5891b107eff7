import { assertInteger, assertPositiveInteger } from './arguments.js';
import type { Hot } from './port.js';

export interface MemoryHotOptions {
  /** Epoch ms; injectable so tests can move time instead of sleeping. */
  now?: () => number;
}

type Entry =
  | { kind: 'string'; value: string; expiresAt: number | null }
  | { kind: 'set'; members: Set<string>; expiresAt: number | null };

// Expired keys are dropped when touched; the sweep only bounds memory held by keys nobody reads again.
const SWEEP_INTERVAL_MS = 30_000;

// Same wording as Redis, so callers that log or match errors see one thing in both modes.
const wrongType = () => new Error('WRONGTYPE Operation against a key holding the wrong kind of value');
const notAnInteger = () => new Error('ERR value is not an integer or out of range');

export function createMemoryHot({ now = Date.now }: MemoryHotOptions = {}): Hot {
  const entries = new Map<string, Entry>();
  let closed = false;

  const isExpired = (entry: Entry, at: number) => entry.expiresAt !== null && entry.expiresAt <= at;

  const sweep = setInterval(() => {
    const at = now();
    for (const [key, entry] of entries) if (isExpired(entry, at)) entries.delete(key);
  }, SWEEP_INTERVAL_MS);
  sweep.unref();

  const ensureOpen = () => {
    if (closed) throw new Error('Hot is closed');
  };

  const live = (key: string): Entry | undefined => {
    const entry = entries.get(key);
    if (entry && isExpired(entry, now())) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  };

  const liveString = (key: string) => {
    const entry = live(key);
    if (entry && entry.kind !== 'string') throw wrongType();
    return entry;
  };

  const liveSet = (key: string) => {
    const entry = live(key);
    if (entry && entry.kind !== 'set') throw wrongType();
    return entry;
  };

  const integerOf = (value: string) => {
    if (!/^-?(0|[1-9]\d*)$/.test(value)) throw notAnInteger();
    const parsed = Number(value);
    if (!Number.isSafeInteger(parsed)) throw notAnInteger();
    return parsed;
  };

  const expiryAfter = (ttlMs: number | undefined) => (ttlMs === undefined ? null : now() + ttlMs);

  return {
    async get(key) {
      ensureOpen();
      return liveString(key)?.value ?? null;
    },

    async set(key, value, { ttlMs, onlyIfAbsent = false } = {}) {
      ensureOpen();
      if (ttlMs !== undefined) assertPositiveInteger('ttlMs', ttlMs);
      if (onlyIfAbsent && live(key)) return false;
      entries.set(key, { kind: 'string', value, expiresAt: expiryAfter(ttlMs) });
      return true;
    },

    async del(...keys) {
      ensureOpen();
      let removed = 0;
      for (const key of new Set(keys)) {
        if (live(key)) {
          entries.delete(key);
          removed++;
        }
      }
      return removed;
    },

    async incrBy(key, by, { ttlMs } = {}) {
      ensureOpen();
      assertInteger('by', by);
      if (ttlMs !== undefined) assertPositiveInteger('ttlMs', ttlMs);
      const entry = liveString(key);
      if (!entry) {
        entries.set(key, { kind: 'string', value: String(by), expiresAt: expiryAfter(ttlMs) });
        return by;
      }
      const next = integerOf(entry.value) + by;
      if (!Number.isSafeInteger(next)) throw notAnInteger();
      entry.value = String(next);
      return next;
    },

    async decrIfEnough(key, amount) {
      ensureOpen();
      assertPositiveInteger('amount', amount);
      const entry = liveString(key);
      const current = entry ? integerOf(entry.value) : 0;
      if (!entry || current < amount) return { ok: false, remaining: current };
      entry.value = String(current - amount);
      return { ok: true, remaining: current - amount };
    },

    async claimQuota(quotaKey, userKey, amount, userLimit, userTtlMs) {
      ensureOpen();
      assertPositiveInteger('amount', amount);
      assertPositiveInteger('userLimit', userLimit);
      assertPositiveInteger('userTtlMs', userTtlMs);
      const quota = liveString(quotaKey);
      const user = liveString(userKey);
      const remaining = quota ? integerOf(quota.value) : 0;
      const taken = user ? integerOf(user.value) : 0;
      if (taken + amount > userLimit) return { ok: false, reason: 'limit', remaining };
      if (!quota || remaining < amount) return { ok: false, reason: 'sold_out', remaining };
      quota.value = String(remaining - amount);
      if (user) user.value = String(taken + amount);
      else entries.set(userKey, { kind: 'string', value: String(amount), expiresAt: expiryAfter(userTtlMs) });
      return { ok: true, remaining: remaining - amount };
    },

    async sadd(key, ...members) {
      ensureOpen();
      if (members.length === 0) return 0;
      let entry = liveSet(key);
      if (!entry) {
        entry = { kind: 'set', members: new Set(), expiresAt: null };
        entries.set(key, entry);
      }
      const sizeBefore = entry.members.size;
      for (const member of members) entry.members.add(member);
      return entry.members.size - sizeBefore;
    },

    async srem(key, ...members) {
      ensureOpen();
      const entry = liveSet(key);
      if (!entry) return 0;
      let removed = 0;
      for (const member of members) if (entry.members.delete(member)) removed++;
      // Redis deletes a set when its last member goes; mirror it so ttlMs/get/set behave alike afterwards.
      if (entry.members.size === 0) entries.delete(key);
      return removed;
    },

    async sismember(key, member) {
      ensureOpen();
      return liveSet(key)?.members.has(member) ?? false;
    },

    async scard(key) {
      ensureOpen();
      return liveSet(key)?.members.size ?? 0;
    },

    async smembers(key) {
      ensureOpen();
      return [...(liveSet(key)?.members ?? [])];
    },

    async expire(key, ttlMs) {
      ensureOpen();
      assertPositiveInteger('ttlMs', ttlMs);
      const entry = live(key);
      if (!entry) return false;
      entry.expiresAt = now() + ttlMs;
      return true;
    },

    async ttlMs(key) {
      ensureOpen();
      const entry = live(key);
      return entry?.expiresAt == null ? null : entry.expiresAt - now();
    },

    async hit(key, windowMs) {
      ensureOpen();
      assertPositiveInteger('windowMs', windowMs);
      const entry = liveString(key);
      if (!entry) {
        entries.set(key, { kind: 'string', value: '1', expiresAt: now() + windowMs });
        return { count: 1, resetInMs: windowMs };
      }
      const count = integerOf(entry.value) + 1;
      entry.value = String(count);
      // A counter written without a TTL (by set or incrBy) would otherwise never reset.
      entry.expiresAt ??= now() + windowMs;
      return { count, resetInMs: entry.expiresAt - now() };
    },

    async close() {
      closed = true;
      clearInterval(sweep);
      entries.clear();
    },
  };
}
