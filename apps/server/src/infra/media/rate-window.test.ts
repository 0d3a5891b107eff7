import { describe, expect, it } from 'vitest';
import { RateWindow } from './rate-window.js';

describe('RateWindow', () => {
  const start = 1_000_000_400; // mid-second, as a publish usually starts

  it('has no rate before a whole second has passed since the publish started', () => {
    const window = new RateWindow();
    window.add(start + 100, 5000, 1);
    expect(window.rates(start + 500, start)).toEqual({ fps: null, bitrateKbps: null });
  });

  it('averages the whole seconds, leaving out the partial first and current ones', () => {
    const window = new RateWindow();
    window.add(start + 100, 99_999, 99); // the partial first second
    for (let s = 1; s <= 3; s++) {
      for (let frame = 0; frame < 25; frame++) window.add(start + s * 1000 + frame * 40 - 400, 2500, 1); // 25 fps, 500 kbps
      window.add(start + s * 1000, 1000, 0); // audio: +8 kbps
    }
    window.add(start + 3700, 99_999, 99); // the current second
    expect(window.rates(start + 3700, start)).toEqual({ fps: 25, bitrateKbps: 508 });
  });

  it('forgets seconds older than its window and counts silent seconds as zero', () => {
    const window = new RateWindow(2);
    window.add(start + 600, 125_000, 30); // second 1
    window.add(start + 1600, 125_000, 30); // second 2
    // seconds 3 and 4 silent; at second 5 the window is seconds 3..4
    expect(window.rates(start + 4600, start - 10_000)).toEqual({ fps: 0, bitrateKbps: 0 });
    expect(window.rates(start + 2600, start - 10_000)).toEqual({ fps: 30, bitrateKbps: 1000 });
  });
});
