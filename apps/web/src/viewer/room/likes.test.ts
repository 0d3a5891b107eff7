import { describe, expect, it } from 'vitest';
import { ManualScheduler } from '../lib/manual-scheduler';
import { LikeBatcher } from './likes';

function setup() {
  const scheduler = new ManualScheduler();
  const sent: { at: number; count: number }[] = [];
  const batcher = new LikeBatcher((count) => sent.push({ at: scheduler.now(), count }), scheduler);
  return { scheduler, sent, batcher };
}

describe('like batching', () => {
  it('sends the first tap at once and gathers the taps that follow', () => {
    const { scheduler, sent, batcher } = setup();
    batcher.tap();
    scheduler.advance(0);
    expect(sent).toEqual([{ at: 0, count: 1 }]);
    for (let i = 0; i < 7; i++) {
      scheduler.advance(40);
      batcher.tap();
    }
    scheduler.advance(1000);
    expect(sent).toEqual([
      { at: 0, count: 1 },
      { at: 500, count: 7 },
    ]);
  });

  it('never sends two frames within the interval', () => {
    const { scheduler, sent, batcher } = setup();
    for (let ms = 0; ms < 3000; ms += 10) {
      batcher.tap();
      scheduler.advance(10);
    }
    scheduler.advance(1000);
    const gaps = sent.slice(1).map((s, i) => s.at - sent[i]!.at);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(500);
    expect(sent.reduce((sum, s) => sum + s.count, 0)).toBe(300);
  });

  it('splits a burst into frames the protocol accepts', () => {
    const { scheduler, sent, batcher } = setup();
    batcher.tap(250);
    scheduler.advance(2000);
    expect(sent.map((s) => s.count)).toEqual([100, 100, 50]);
    expect(batcher.unsent).toBe(0);
  });

  it('is quiet when nobody taps, and sends nothing after dispose', () => {
    const { scheduler, sent, batcher } = setup();
    scheduler.advance(5000);
    expect(sent).toEqual([]);
    batcher.tap();
    batcher.dispose();
    scheduler.advance(5000);
    expect(sent).toEqual([]);
    expect(scheduler.pending).toBe(0);
  });

  it('sends a tap after a pause without waiting', () => {
    const { scheduler, sent, batcher } = setup();
    batcher.tap();
    scheduler.advance(3000);
    batcher.tap();
    scheduler.advance(0);
    expect(sent).toEqual([
      { at: 0, count: 1 },
      { at: 3000, count: 1 },
    ]);
  });
});
