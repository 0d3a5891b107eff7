import type { AlertCondition, AlertFinding, AlertMetric, MinuteBucket, ThresholdOp } from '@livedesk/contracts';
import type { SessionSeries } from '../analytics/ports.js';

export const MINUTE_MS = 60_000;
/** The `session` baseline: the show's previous complete minutes, at most this many. */
export const SESSION_BASELINE_MINUTES = 30;
/** Fewer baseline points than this and a median says little (PostHog asks ≥ 6 same-weekday points). */
export const MIN_BASELINE_POINTS = 6;
/** The `drop` windows: the last 10 complete minutes against the 10 before, WeChat's 10-minute window. */
export const DROP_WINDOW_MINUTES = 10;
/** 1.4826 · MAD estimates the standard deviation of normally distributed data. */
const MAD_TO_SIGMA = 1.4826;
/** The low-count floor's relative half: a move smaller than half the median is not worth waking anyone. */
const MIN_RELATIVE_MOVE = 0.5;

/** What scoring one minute decided. */
export interface Score {
  fired: boolean;
  /** the minute's value; for `drop`, the latest window */
  value: number;
  finding: AlertFinding;
}

export interface ScoreInput {
  metric: AlertMetric;
  condition: AlertCondition;
  /** the show's complete minutes, oldest first, the first being the minute the show started in */
  minutes: readonly MinuteBucket[];
  /** index in `minutes` of the minute scored */
  at: number;
  /** for a `past_shows` baseline: each earlier show's complete minutes, oldest first */
  pastShows?: readonly (readonly MinuteBucket[])[];
}

/** The minutes a rule may score: every one but the minute still filling, which would read as a fall. */
export function completeMinutes(series: Pick<SessionSeries, 'minutes' | 'fillingMinute'>): MinuteBucket[] {
  const filling = series.fillingMinute;
  return filling === null ? [...series.minutes] : series.minutes.filter((m) => m.minute < filling);
}

/** Scores minute `at`; null when there is not enough history to judge it (too few minutes or baseline points). */
export function score(input: ScoreInput): Score | null {
  const { condition } = input;
  switch (condition.kind) {
    case 'threshold':
      return scoreThreshold(input, condition.op, condition.value);
    case 'drop':
      return scoreDrop(input, condition.dropPct, condition.minCount);
    case 'zscore':
      return scoreZ(input, condition);
  }
}

const compare: Record<ThresholdOp, (a: number, b: number) => boolean> = {
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
};

function scoreThreshold({ metric, minutes, at }: ScoreInput, op: ThresholdOp, threshold: number): Score {
  const value = minutes[at]![metric];
  return { fired: compare[op](value, threshold), value, finding: { kind: 'threshold', op, threshold } };
}

function scoreDrop({ metric, minutes, at }: ScoreInput, dropPct: number, minCount: number): Score | null {
  if (at + 1 < 2 * DROP_WINDOW_MINUTES) return null;
  const window = (end: number) => minutes.slice(end - DROP_WINDOW_MINUTES + 1, end + 1).map((m) => m[metric]);
  const total = (values: number[]) => values.reduce((sum, v) => sum + v, 0);
  // Online is a head count at each minute's end: its windows compare as averages, events as sums.
  const aggregate = (values: number[]) => (metric === 'online' ? total(values) / values.length : total(values));
  const current = aggregate(window(at));
  const previous = aggregate(window(at - DROP_WINDOW_MINUTES));
  const perMinute = metric === 'online' ? previous : previous / DROP_WINDOW_MINUTES;
  const fallPct = previous > 0 ? ((previous - current) / previous) * 100 : 0;
  return {
    fired: previous > 0 && perMinute >= minCount && fallPct >= dropPct,
    value: current,
    finding: { kind: 'drop', current, previous, fallPct },
  };
}

function scoreZ(input: ScoreInput, condition: Extract<AlertCondition, { kind: 'zscore' }>): Score | null {
  const { metric, minutes, at } = input;
  const value = minutes[at]![metric];
  const baseline = condition.baseline === 'session' ? sessionBaseline(input) : pastShowsBaseline(input);
  if (baseline.length < MIN_BASELINE_POINTS) return null;
  const robust = robustZ(value, baseline);
  const finding: AlertFinding = { kind: 'zscore', baseline: condition.baseline, median: robust.median, mad: robust.mad, z: robust.z, points: baseline.length };

  const move = value - robust.median;
  const direction = condition.direction === 'both' || (condition.direction === 'up' ? move > 0 : move < 0);
  const relative = robust.median > 0 ? Math.abs(move) / robust.median : move === 0 ? 0 : Infinity;
  const aboveFloor = robust.median >= condition.minCount && relative >= MIN_RELATIVE_MOVE;
  // A flat baseline makes any change an infinite z: only a move that is large both ways counts.
  const significant = robust.z === null ? Math.abs(move) >= Math.max(1, condition.minCount) : Math.abs(robust.z) >= condition.zThreshold;
  return { fired: direction && aboveFloor && significant, value, finding };
}

function sessionBaseline({ metric, minutes, at }: ScoreInput): number[] {
  return minutes.slice(Math.max(0, at - SESSION_BASELINE_MINUTES), at).map((m) => m[metric]);
}

/** The same minute after the start in each earlier show that lasted that long. */
function pastShowsBaseline({ metric, minutes, at, pastShows = [] }: ScoreInput): number[] {
  const offset = Math.round((minutes[at]!.minute - minutes[0]!.minute) / MINUTE_MS);
  return pastShows.flatMap((show) => {
    const bucket = show[offset];
    return bucket && show[0] && bucket.minute - show[0].minute === offset * MINUTE_MS ? [bucket[metric]] : [];
  });
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** z = (x − median) / (1.4826 · MAD); null when MAD is 0 (no spread to measure against). */
export function robustZ(x: number, baseline: readonly number[]): { median: number; mad: number; z: number | null } {
  const m = median(baseline);
  const mad = median(baseline.map((v) => Math.abs(v - m)));
  return { median: m, mad, z: mad === 0 ? null : (x - m) / (MAD_TO_SIGMA * mad) };
}
