import { describe, expect, it } from 'vitest';
import { createMemoryBus } from './memory.js';
import { waitFor } from '../testing/wait.js';

const event = (i: number) => ({ id: `e${i}`, type: 'test', orgId: null, at: i, payload: { i } });

describe('memory bus retention', () => {
  it('lets go of old events nobody needs, keeping seq numbers and replay within the window', async () => {
    const bus = createMemoryBus({ maxRetained: 100 });
    for (let i = 1; i <= 500; i++) await bus.publish('t', event(i));
    const replay = await bus.read('t', 1, 1000);
    expect(replay.length).toBeLessThanOrEqual(110);
    expect(replay.at(-1)).toMatchObject({ seq: 500, id: 'e500' });
    expect(replay[0]!.seq).toBe(501 - replay.length);
    // Id dedupe covers the retained window.
    expect(await bus.publish('t', event(500))).toEqual({ seq: 500, duplicate: true });
    await bus.close();
  });

  it('keeps what a group has not consumed yet', async () => {
    const bus = createMemoryBus({ maxRetained: 10 });
    const seen: number[] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const sub = await bus.consume('t', 'slow', async (m) => {
      seen.push(m.seq);
      if (m.seq === 1) await gate;
    });
    for (let i = 1; i <= 100; i++) await bus.publish('t', event(i));
    release();
    await waitFor(() => seen.length === 100, { what: 'all 100 delivered' });
    expect(seen).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    await sub.stop();
    await bus.close();
  });
});
