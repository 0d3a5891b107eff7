/**
 * Fast shared state: online counters, flash-sale gates, rate limits, short-lived caches.
 * Embedded: one process's memory. Cluster: Redis, with Lua wherever an operation must be atomic.
 * Values are strings; counters are integers. TTLs are in milliseconds.
 */
export interface Hot {
  get(key: string): Promise<string | null>;
  /** Returns false when `onlyIfAbsent` is set and the key already exists. */
  set(key: string, value: string, options?: { ttlMs?: number; onlyIfAbsent?: boolean }): Promise<boolean>;
  /** Number of keys removed. */
  del(...keys: string[]): Promise<number>;
  /** Adds `by` (may be negative) and returns the new value; `ttlMs` applies only when the key is created. */
  incrBy(key: string, by: number, options?: { ttlMs?: number }): Promise<number>;
  /**
   * Atomic compare-and-decrement: subtracts `amount` only if the counter holds at least `amount`.
   * A missing key counts as 0. `remaining` is the value after the call.
   */
  decrIfEnough(key: string, amount: number): Promise<{ ok: boolean; remaining: number }>;
  /**
   * A flash-sale admission (秒杀 gate), atomic over both keys: moves `amount` from the counter `quotaKey` to
   * the counter `userKey` only if the user stays within `userLimit` and the quota holds at least `amount`.
   * Missing counters count as 0; the user counter is created with `userTtlMs`. The limit is checked first,
   * so a buyer who already has their share hears that rather than "sold out". `remaining` is the quota after.
   */
  claimQuota(quotaKey: string, userKey: string, amount: number, userLimit: number, userTtlMs: number): Promise<QuotaClaim>;
  /** Number of members newly added. */
  sadd(key: string, ...members: string[]): Promise<number>;
  srem(key: string, ...members: string[]): Promise<number>;
  sismember(key: string, member: string): Promise<boolean>;
  scard(key: string): Promise<number>;
  smembers(key: string): Promise<string[]>;
  /** False when the key does not exist. */
  expire(key: string, ttlMs: number): Promise<boolean>;
  /** Remaining time to live; null when the key does not exist or never expires. */
  ttlMs(key: string): Promise<number | null>;
  /**
   * Counts one hit in a fixed window that starts at the first hit (rate limits, login throttling).
   * Returns the count including this hit and the time until the window resets.
   */
  hit(key: string, windowMs: number): Promise<{ count: number; resetInMs: number }>;
  close(): Promise<void>;
}

export type QuotaClaim = { ok: true; remaining: number } | { ok: false; reason: 'sold_out' | 'limit'; remaining: number };
