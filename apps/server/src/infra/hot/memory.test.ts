import { describe, it, expect, afterEach } from 'vitest';
import { createMemoryHot } from './memory.js';
import type { Hot } from './port.js';

// The contract suite covers behaviour with real sleeps; this checks the exact expiry boundary, which only
// a controlled clock can reach.
describe('createMemoryHot with an injected clock', () => {
  let time = 1_000_000;
  let hot: Hot | undefined;
  const clocked = () => (hot = createMemoryHot({ now: () => time }));

  afterEach(async () => {
    await hot?.close();
  });

  it('keeps a key until the last millisecond of its ttl and drops it at expiry', async () => {
    const instance = clocked();
    await instance.set('k', 'v', { ttlMs: 1_000 });
    time += 999;
    expect(await instance.get('k')).toBe('v');
    expect(await instance.ttlMs('k')).toBe(1);
    time += 1;
    expect(await instance.get('k')).toBeNull();
    expect(await instance.ttlMs('k')).toBeNull();
  });

  it('resets a hit window exactly when it ends', async () => {
    const instance = clocked();
    expect(await instance.hit('login', 60_000)).toEqual({ count: 1, resetInMs: 60_000 });
    time += 59_999;
    expect(await instance.hit('login', 60_000)).toEqual({ count: 2, resetInMs: 1 });
    time += 1;
    expect(await instance.hit('login', 60_000)).toEqual({ count: 1, resetInMs: 60_000 });
  });
});
