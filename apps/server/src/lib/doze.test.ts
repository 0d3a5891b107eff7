import { describe, expect, it } from 'vitest';
import { Doze } from './doze.js';

describe('Doze', () => {
  it('ends a pause when nudged, and remembers a nudge made during a pass', async () => {
    const doze = new Doze();
    doze.beginPass();
    const pause = doze.sleep(60_000);
    doze.nudge();
    await pause;
    expect(doze.nudged).toBe(true);
    doze.beginPass();
    expect(doze.nudged).toBe(false);
  });

  it('ends a pause when interrupted, without asking for a pass', async () => {
    const doze = new Doze();
    doze.beginPass();
    const pause = doze.sleep(60_000);
    doze.interrupt();
    await pause;
    expect(doze.nudged).toBe(false);
  });

  it('sleeps its time when nothing happens', async () => {
    const doze = new Doze();
    let done = false;
    const pause = doze.sleep(20).then(() => (done = true));
    expect(done).toBe(false);
    await pause;
    expect(done).toBe(true);
  });
});
