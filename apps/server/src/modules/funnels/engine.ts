import type { FunnelOrder, FunnelStepResult } from '@livedesk/contracts';

/**
 * The funnel of one person, PostHog's semantics (its `aggregate_funnel` UDF, minus exclusions and optional
 * steps, which we do not offer), in plain TypeScript so that it is tested without a database.
 *
 * A person's events come in time order as two parallel arrays: `ts[i]` (epoch ms) and `masks[i]`, the steps
 * event i matches as bits (bit k-1 for step k; 0 for an event that is no step, which only strict funnels get).
 * Work is O(events · steps) per person.
 */
export interface PersonEvents {
  ts: ArrayLike<number>;
  masks: ArrayLike<number>;
}

export interface FunnelSpec {
  steps: number;
  order: FunnelOrder;
  windowMs: number;
}

export interface PersonOutcome {
  /** the furthest step reached, 1-based (0: none) */
  reached: number;
  /** when steps 1..reached were done in the attempt that got furthest (the first one to get that far) */
  times: number[];
}

export function personOutcome(spec: FunnelSpec, events: PersonEvents): PersonOutcome {
  return spec.order === 'unordered' ? unorderedOutcome(spec, events) : sequentialOutcome(spec, events);
}

/** An attempt as far as it got: when its step-1 event happened, when each step was done, by which events. */
interface Attempt {
  start: number;
  times: number[];
  events: number[];
}

const hasStep = (mask: number, step: number) => (mask & (1 << (step - 1))) !== 0;

/**
 * Ordered and strict. `entered[k]` is the attempt that most recently reached step k (`entered[0]`: the
 * instant being read, so that step 1 starts an attempt). An attempt started later has at least as much
 * window left, so keeping only the latest per step loses no outcome. Steps of one event are tried from the
 * last down, so that one event never feeds two steps (A→A needs two A events).
 *
 * Events of one timestamp are one instant. If they all match the same steps they are read one by one.
 * Otherwise they count as in funnel order: their steps are tried from step 1 up, an event still feeding at
 * most one step, and a strict funnel does not reset inside the instant (so an unrelated event with the
 * same timestamp as a step does not break it).
 */
function sequentialOutcome({ steps: n, order, windowMs }: FunnelSpec, { ts, masks }: PersonEvents): PersonOutcome {
  const strict = order === 'strict';
  const entered: (Attempt | null)[] = new Array<Attempt | null>(n + 1).fill(null);
  let best: Attempt | null = null;
  let bestStep = 0;

  const advance = (i: number, step: number, sameInstant: boolean) => {
    const previous = entered[step - 1];
    if (!previous || ts[i]! - previous.start > windowMs) return;
    // This attempt did this step already: its earliest time stands.
    if (entered[step]?.start === previous.start) return;
    if (sameInstant && previous.events.includes(i)) return;
    const attempt: Attempt = { start: previous.start, times: [...previous.times, ts[i]!], events: [...previous.events, i] };
    entered[step] = attempt;
    if (step > bestStep) {
      bestStep = step;
      best = attempt;
    }
  };
  const read = (i: number, mask: number) => {
    for (let step = n; step >= 1; step--) if (hasStep(mask, step)) advance(i, step, false);
    if (strict) for (let step = 1; step <= n; step++) if (!hasStep(mask, step)) entered[step] = null;
  };

  // entered[0]: attempts copy its (empty) arrays and never change them, so one object serves every instant.
  const now: Attempt = { start: 0, times: [], events: [] };
  entered[0] = now;
  const length = ts.length;
  for (let i = 0; i < length && bestStep < n; ) {
    const instant = ts[i]!;
    let end = i + 1;
    let sameSteps = true;
    while (end < length && ts[end] === instant) {
      if (masks[end] !== masks[i]) sameSteps = false;
      end++;
    }
    now.start = instant;
    if (sameSteps) {
      for (let k = i; k < end; k++) read(k, masks[k]!);
    } else {
      for (let step = 1; step <= n; step++) for (let k = i; k < end; k++) if (hasStep(masks[k]!, step)) advance(k, step, true);
    }
    i = end;
  }
  const furthest = best as Attempt | null;
  return { reached: bestStep, times: furthest ? furthest.times : [] };
}

/**
 * Unordered: a window slides over the person's step events, keeping per step the events inside it (within
 * `windowMs` of the newest, inclusive). Each event is counted for one of its steps, the one whose newest
 * event is oldest. The outcome is the most distinct steps ever held at once; its times are the oldest
 * event of each held step, in time order.
 */
function unorderedOutcome({ steps: n, windowMs }: FunnelSpec, { ts, masks }: PersonEvents): PersonOutcome {
  // One FIFO of event indexes per step; `heads[s]` is where the live part of `held[s]` starts.
  const held: number[][] = Array.from({ length: n }, () => []);
  const heads = new Array<number>(n).fill(0);
  let distinct = 0;
  let bestStep = 0;
  let bestTimes: number[] = [];

  const length = ts.length;
  for (let i = 0; i < length && bestStep < n; i++) {
    const mask = masks[i]!;
    if (mask === 0) continue;
    const now = ts[i]!;
    for (;;) {
      let oldest = -1;
      for (let s = 0; s < n; s++) {
        if (heads[s]! < held[s]!.length && (oldest < 0 || ts[held[s]![heads[s]!]!]! < ts[held[oldest]![heads[oldest]!]!]!)) oldest = s;
      }
      if (oldest < 0 || now - ts[held[oldest]![heads[oldest]!]!]! <= windowMs) break;
      if (++heads[oldest]! === held[oldest]!.length) {
        held[oldest] = [];
        heads[oldest] = 0;
        distinct--;
      }
    }
    let chosen = -1;
    let chosenNewest = 0;
    for (let s = 0; s < n; s++) {
      if (!hasStep(mask, s + 1)) continue;
      const queue = held[s]!;
      const newest = heads[s]! < queue.length ? ts[queue[queue.length - 1]!]! : -Infinity;
      if (chosen < 0 || newest < chosenNewest) {
        chosen = s;
        chosenNewest = newest;
      }
    }
    if (heads[chosen]! === held[chosen]!.length) distinct++;
    held[chosen]!.push(i);
    if (distinct > bestStep) {
      bestStep = distinct;
      bestTimes = [];
      for (let s = 0; s < n; s++) if (heads[s]! < held[s]!.length) bestTimes.push(ts[held[s]![heads[s]!]!]!);
      bestTimes.sort((a, b) => a - b);
    }
  }
  return { reached: bestStep, times: bestTimes };
}

/**
 * Persons' outcomes summed: how many stopped at each step, and the gaps between consecutive steps of
 * everyone who got past them (for the medians, which need every value).
 */
export class FunnelTally {
  /** `stoppedAt[k]`: persons whose furthest step is k */
  private readonly stoppedAt: number[];
  /** `gaps[k]`: ms from step k to step k+1 (1-based k) of each person who reached k+1; index 0 unused */
  private readonly gaps: number[][];

  constructor(private readonly steps: number) {
    this.stoppedAt = new Array<number>(steps + 1).fill(0);
    this.gaps = Array.from({ length: steps }, () => []);
  }

  add({ reached, times }: PersonOutcome): void {
    this.stoppedAt[reached]!++;
    for (let k = 1; k < reached; k++) this.gaps[k]!.push(times[k]! - times[k - 1]!);
  }

  addAll(other: FunnelTally): void {
    for (let k = 0; k <= this.steps; k++) this.stoppedAt[k]! += other.stoppedAt[k]!;
    for (let k = 1; k < this.steps; k++) for (const gap of other.gaps[k]!) this.gaps[k]!.push(gap);
  }

  /** persons who reached at least step 1 */
  get entered(): number {
    return this.atLeast(1);
  }

  atLeast(step: number): number {
    let count = 0;
    for (let k = step; k <= this.steps; k++) count += this.stoppedAt[k]!;
    return count;
  }

  results(events: readonly string[]): FunnelStepResult[] {
    const first = this.atLeast(1);
    return events.map((event, k) => {
      const count = this.atLeast(k + 1);
      const previous = k === 0 ? 0 : this.atLeast(k);
      return {
        event,
        count,
        conversionFromPrevious: k === 0 || previous === 0 ? null : count / previous,
        conversionFromFirst: first === 0 ? null : count / first,
        medianSecondsFromPrevious: k === 0 ? null : medianSeconds(this.gaps[k]!),
      };
    });
  }
}

/** The exact median (the mean of the middle two for an even count), ms in, seconds out. */
function medianSeconds(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = Float64Array.from(values).sort();
  const middle = sorted.length >> 1;
  const ms = sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return ms / 1000;
}
