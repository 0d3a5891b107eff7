import { newId } from '../../lib/ids.js';
import type { Clock } from '../../lib/time.js';
import type { Hot } from '../../infra/hot/port.js';

interface Entry<V> {
  value: V;
  token: string | null;
  checkedAt: number;
}

/**
 * A per-node cache of what the chat path reads on every message (a shop's compiled word list, a show's
 * slow mode, a show's bot replies), kept coherent across gateway nodes through a change token in Hot:
 * the writer sets a fresh random token after its commit, and every node compares its token with Hot's at
 * most once per `checkEveryMs`, reloading on a difference. A random token rather than a counter, so a
 * token lost with a Redis restart also reads as a change.
 */
export class SharedCache<V> {
  private readonly entries = new Map<string, Entry<V>>();
  private readonly refreshing = new Map<string, Promise<V>>();
  /** bumped by `changed`, so a load that started before a change cannot store what it read */
  private readonly generations = new Map<string, number>();
  private readonly checkEveryMs: number;
  private readonly maxEntries: number;

  constructor(
    private readonly hot: Hot,
    private readonly clock: Clock,
    private readonly name: string,
    private readonly load: (key: string) => Promise<V>,
    options: { checkEveryMs?: number; maxEntries?: number } = {},
  ) {
    this.checkEveryMs = options.checkEveryMs ?? 1000;
    this.maxEntries = options.maxEntries ?? 2000;
  }

  async get(key: string): Promise<V> {
    const entry = this.entries.get(key);
    if (entry && this.clock.now() - entry.checkedAt < this.checkEveryMs) return entry.value;
    let pending = this.refreshing.get(key);
    if (!pending) {
      pending = this.refresh(key, entry).finally(() => this.refreshing.delete(key));
      this.refreshing.set(key, pending);
    }
    return pending;
  }

  /** Call after the change committed: this node reloads on its next read, the others within `checkEveryMs`. */
  async changed(key: string): Promise<void> {
    this.generations.set(key, (this.generations.get(key) ?? 0) + 1);
    this.entries.delete(key);
    this.refreshing.delete(key);
    await this.hot.set(this.tokenKey(key), newId(), { ttlMs: TOKEN_TTL_MS });
  }

  private async refresh(key: string, entry: Entry<V> | undefined): Promise<V> {
    const generation = this.generations.get(key) ?? 0;
    const token = await this.hot.get(this.tokenKey(key));
    const now = this.clock.now();
    if (entry && entry.token === token) {
      entry.checkedAt = now;
      return entry.value;
    }
    const value = await this.load(key);
    if ((this.generations.get(key) ?? 0) === generation) {
      this.entries.delete(key);
      this.entries.set(key, { value, token, checkedAt: now });
      // Map order is insertion order and a refreshed entry is reinserted: the first one is the stalest.
      if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    }
    return value;
  }

  private tokenKey(key: string) {
    return `moderation:${this.name}:${key}`;
  }
}

/** A token that expired reads as a change once, which is harmless. */
const TOKEN_TTL_MS = 24 * 60 * 60 * 1000;
