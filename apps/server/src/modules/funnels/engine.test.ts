import type { FunnelOrder } from '@livedesk/contracts';
import { describe, expect, it } from 'vitest';
import { FunnelTally, personOutcome, type PersonOutcome } from './engine.js';

const S = 1000;

/**
 * A person's outcome in a funnel of `steps` (event types), from `[ts, type]` events in time order. An
 * event matches every step of its type; any other type (`x`, or `b!` for a `b` that failed its filter)
 * matches none, as the repo hands them to strict funnels.
 */
function outcome(order: FunnelOrder, steps: string[], events: [number, string][], windowMs = 60 * S): PersonOutcome {
  const masks = events.map(([, type]) => steps.reduce((mask, step, k) => (step === type ? mask | (1 << k) : mask), 0));
  return personOutcome({ steps: steps.length, order, windowMs }, { ts: events.map(([ts]) => ts), masks });
}
const reached = (order: FunnelOrder, steps: string[], events: [number, string][], windowMs?: number) =>
  outcome(order, steps, events, windowMs).reached;

const abc = ['a', 'b', 'c'];

describe('ordered funnel', () => {
  it('lets other events happen between the steps', () => {
    expect(outcome('ordered', abc, [[0, 'a'], [1, 'x'], [2, 'b'], [3, 'x'], [4, 'c']])).toEqual({ reached: 3, times: [0, 2, 4] });
  });

  it('counts a step only at or after the previous one', () => {
    expect(reached('ordered', abc, [[0, 'b'], [1, 'a']])).toBe(1);
    expect(reached('ordered', abc, [[0, 'b'], [1, 'a'], [2, 'c']])).toBe(1);
    expect(reached('ordered', abc, [[0, 'b'], [1, 'a'], [2, 'b']])).toBe(2);
    expect(reached('ordered', abc, [[0, 'c'], [1, 'b'], [2, 'a']])).toBe(1);
  });

  it('takes repeated steps from the latest attempt that reached the step before', () => {
    expect(outcome('ordered', abc, [[0, 'a'], [10, 'a'], [20, 'b'], [25, 'b'], [30, 'c']])).toEqual({ reached: 3, times: [10, 20, 30] });
  });

  it('includes the exact window boundary and excludes one ms more', () => {
    expect(reached('ordered', abc, [[0, 'a'], [60 * S, 'b']])).toBe(2);
    expect(reached('ordered', abc, [[0, 'a'], [60 * S + 1, 'b']])).toBe(1);
  });

  it('measures the window from step 1, not from the previous step', () => {
    expect(reached('ordered', abc, [[0, 'a'], [59 * S, 'b'], [60 * S, 'c']])).toBe(3);
    expect(reached('ordered', abc, [[0, 'a'], [59 * S, 'b'], [60 * S + 1, 'c']])).toBe(2);
  });

  it('starts a new attempt, with a new window, at every step-1 event', () => {
    expect(reached('ordered', abc, [[0, 'a'], [50 * S, 'a'], [90 * S, 'b'], [100 * S, 'c']])).toBe(3);
    expect(outcome('ordered', abc, [[0, 'a'], [50 * S, 'a'], [90 * S, 'b']]).times).toEqual([50 * S, 90 * S]);
  });

  it('lets a later attempt that reaches further win', () => {
    const events: [number, string][] = [[0, 'a'], [5 * S, 'b'], [200 * S, 'a'], [201 * S, 'b'], [202 * S, 'c']];
    expect(outcome('ordered', abc, events)).toEqual({ reached: 3, times: [200 * S, 201 * S, 202 * S] });
  });

  it('keeps the timings of the first attempt that got furthest', () => {
    const events: [number, string][] = [[0, 'a'], [5 * S, 'b'], [200 * S, 'a'], [240 * S, 'b']];
    expect(outcome('ordered', abc, events)).toEqual({ reached: 2, times: [0, 5 * S] });
  });

  it('counts events with the same timestamp as in funnel order', () => {
    expect(outcome('ordered', abc, [[7, 'c'], [7, 'b'], [7, 'a']])).toEqual({ reached: 3, times: [7, 7, 7] });
    expect(reached('ordered', abc, [[0, 'a'], [7, 'c'], [7, 'b']])).toBe(3);
  });

  it('never lets one event fill two steps', () => {
    expect(reached('ordered', ['a', 'a'], [[0, 'a']])).toBe(1);
    expect(reached('ordered', ['a', 'a'], [[0, 'a'], [1, 'a']])).toBe(2);
    expect(reached('ordered', ['a', 'a', 'a'], [[0, 'a'], [1, 'a']])).toBe(2);
    expect(reached('ordered', ['a', 'a'], [[0, 'a'], [0, 'a']])).toBe(2);
    // one event matching both steps (two filters it satisfies), alone and beside another step at its instant
    const both = { ts: [0], masks: [0b11] };
    expect(personOutcome({ steps: 2, order: 'ordered', windowMs: S }, both).reached).toBe(1);
    const instant = { ts: [0, 0], masks: [0b011, 0b100] };
    expect(personOutcome({ steps: 3, order: 'ordered', windowMs: S }, instant).reached).toBe(1);
  });
});

describe('strict funnel', () => {
  it('needs each step right after the previous one', () => {
    expect(reached('strict', abc, [[0, 'a'], [1, 'b'], [2, 'c']])).toBe(3);
    expect(reached('strict', abc, [[0, 'a'], [1, 'x'], [2, 'b'], [3, 'c']])).toBe(1);
    expect(reached('strict', abc, [[0, 'a'], [1, 'b'], [2, 'x'], [3, 'c']])).toBe(2);
  });

  it('starts over at the next step-1 event after an interruption', () => {
    expect(reached('strict', abc, [[0, 'a'], [1, 'x'], [2, 'a'], [3, 'b'], [4, 'c']])).toBe(3);
    expect(outcome('strict', abc, [[0, 'a'], [1, 'x'], [2, 'b'], [3, 'a'], [4, 'b']]).times).toEqual([3, 4]);
  });

  it('is broken by a step event that failed its filter', () => {
    expect(reached('strict', abc, [[0, 'a'], [1, 'b!'], [2, 'b'], [3, 'c']])).toBe(1);
    expect(reached('ordered', abc, [[0, 'a'], [1, 'b!'], [2, 'b'], [3, 'c']])).toBe(3);
  });

  it('is not broken by events with the same timestamp as a step', () => {
    expect(reached('strict', abc, [[0, 'a'], [0, 'x'], [1, 'b'], [1, 'x'], [2, 'c']])).toBe(3);
    expect(reached('strict', abc, [[0, 'x'], [0, 'a'], [1, 'x'], [1, 'b']])).toBe(2);
  });

  it('counts steps with the same timestamp as in order', () => {
    expect(reached('strict', abc, [[5, 'b'], [5, 'a'], [6, 'c']])).toBe(3);
  });

  it('keeps the window', () => {
    expect(reached('strict', abc, [[0, 'a'], [60 * S, 'b']])).toBe(2);
    expect(reached('strict', abc, [[0, 'a'], [60 * S + 1, 'b']])).toBe(1);
  });
});

describe('unordered funnel', () => {
  it('takes the steps in any order', () => {
    expect(outcome('unordered', abc, [[0, 'c'], [1, 'x'], [2, 'a'], [3, 'b']])).toEqual({ reached: 3, times: [0, 2, 3] });
  });

  it('counts the distinct steps done, a partial completion included', () => {
    expect(reached('unordered', abc, [[0, 'c'], [1, 'a'], [2, 'c'], [3, 'a']])).toBe(2);
    expect(reached('unordered', abc, [[0, 'b']])).toBe(1);
  });

  it('takes the most distinct steps inside one window, boundary included', () => {
    expect(reached('unordered', abc, [[0, 'b'], [60 * S, 'a'], [60 * S, 'c']])).toBe(3);
    expect(reached('unordered', abc, [[0, 'b'], [60 * S, 'a'], [60 * S + 1, 'c']])).toBe(2);
    // a, b, c span 100 s, and b, c, a 80 s; b, c and the second a fit in 60 s
    expect(reached('unordered', abc, [[0, 'a'], [50 * S, 'b'], [100 * S, 'c'], [130 * S, 'a']])).toBe(2);
    const late: [number, string][] = [[0, 'a'], [50 * S, 'b'], [100 * S, 'c'], [110 * S, 'a']];
    expect(outcome('unordered', abc, late)).toEqual({ reached: 3, times: [50 * S, 100 * S, 110 * S] });
  });

  it('never lets one event fill two steps', () => {
    expect(reached('unordered', ['a', 'a'], [[0, 'a']])).toBe(1);
    expect(reached('unordered', ['a', 'a'], [[0, 'a'], [1, 'a']])).toBe(2);
  });
});

describe('FunnelTally', () => {
  it('counts each person once at their furthest step, with conversions and median gaps', () => {
    const tally = new FunnelTally(3);
    tally.add({ reached: 3, times: [0, 10 * S, 40 * S] });
    tally.add({ reached: 2, times: [0, 20 * S] });
    tally.add({ reached: 2, times: [0, 60 * S] });
    tally.add({ reached: 1, times: [0] });
    expect(tally.results(abc)).toEqual([
      { event: 'a', count: 4, conversionFromPrevious: null, conversionFromFirst: 1, medianSecondsFromPrevious: null },
      { event: 'b', count: 3, conversionFromPrevious: 0.75, conversionFromFirst: 0.75, medianSecondsFromPrevious: 20 },
      { event: 'c', count: 1, conversionFromPrevious: 1 / 3, conversionFromFirst: 0.25, medianSecondsFromPrevious: 30 },
    ]);
  });

  it('takes the mean of the middle two for an even count, and merges tallies', () => {
    const a = new FunnelTally(2);
    a.add({ reached: 2, times: [0, 1 * S] });
    const b = new FunnelTally(2);
    b.add({ reached: 2, times: [0, 4 * S] });
    a.addAll(b);
    expect(a.results(['a', 'b'])[1]).toMatchObject({ count: 2, medianSecondsFromPrevious: 2.5 });
  });

  it('reports null where there is no one to divide by', () => {
    expect(new FunnelTally(2).results(['a', 'b'])).toEqual([
      { event: 'a', count: 0, conversionFromPrevious: null, conversionFromFirst: null, medianSecondsFromPrevious: null },
      { event: 'b', count: 0, conversionFromPrevious: null, conversionFromFirst: null, medianSecondsFromPrevious: null },
    ]);
  });
});
