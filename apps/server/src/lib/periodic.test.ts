import { describe, expect, it } from 'vitest';
import { PeriodicSweep } from './periodic.js';

describe('PeriodicSweep', () => {
  it('joins a run in progress instead of overlapping it', async () => {
    let active = 0;
    let most = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const sweep = new PeriodicSweep(
      async () => {
        active++;
        most = Math.max(most, active);
        await gate;
        active--;
        return 7;
      },
      { everyMs: 60_000, onError: () => undefined },
    );
    const first = sweep.runOnce();
    const second = sweep.runOnce();
    expect(second).toBe(first);
    release();
    expect(await first).toBe(7);
    expect(most).toBe(1);
  });

  it('reports a failing run and keeps going', async () => {
    const errors: unknown[] = [];
    let calls = 0;
    const sweep = new PeriodicSweep(
      async () => {
        calls++;
        if (calls === 1) throw new Error('database away');
        return calls;
      },
      { everyMs: 10, onError: (err) => errors.push(err) },
    );
    sweep.start();
    await new Promise((resolve) => setTimeout(resolve, 60));
    await sweep.stop();
    expect(errors).toHaveLength(1);
    expect(calls).toBeGreaterThan(1);
  });
});
