import { CommentItem, LiveMetricsSnapshot, metricDefinitions, MinuteBucket, type MetricId, type MetricsServerFrame, type MetricUnit } from '@livedesk/contracts';
import { formatFen } from './money';

/** The comment wall keeps this many; older ones scroll away for good. */
export const MAX_COMMENTS = 200;

const MetricsTickSchema = LiveMetricsSnapshot.omit({ perMinute: true, comments: true }).extend({
  minutes: MinuteBucket.array(),
  newComments: CommentItem.array(),
});
type MetricsTick = Extract<MetricsServerFrame, { type: 'metrics.tick' }>['tick'];

/** A show's numbers as a console has them, or why it has none. */
export type MetricsEvent =
  | { kind: 'snapshot'; snapshot: LiveMetricsSnapshot }
  | { kind: 'tick'; tick: MetricsTick }
  | { kind: 'error'; code: Extract<MetricsServerFrame, { type: 'metrics.error' }>['code'] };

/**
 * The `metrics.*` frame of the console socket about `liveSessionId`, checked against the contract; null
 * for anything else the socket carries (the audit feed, another show's numbers, a malformed frame).
 */
export function parseMetricsFrame(frame: unknown, liveSessionId: string): MetricsEvent | null {
  if (typeof frame !== 'object' || frame === null || !('type' in frame)) return null;
  const fields = frame as Record<string, unknown>;
  if (frame.type === 'metrics.snapshot') {
    const parsed = LiveMetricsSnapshot.safeParse(fields.snapshot);
    return parsed.success && parsed.data.liveSessionId === liveSessionId ? { kind: 'snapshot', snapshot: parsed.data } : null;
  }
  if (fields.liveSessionId !== liveSessionId) return null;
  if (frame.type === 'metrics.tick') {
    const parsed = MetricsTickSchema.safeParse(fields.tick);
    return parsed.success ? { kind: 'tick', tick: parsed.data } : null;
  }
  if (frame.type === 'metrics.error' && (fields.code === 'forbidden' || fields.code === 'not_found')) {
    return { kind: 'error', code: fields.code };
  }
  return null;
}

/**
 * The snapshot after a push: a snapshot replaces everything; a tick replaces the totals, merges its
 * minutes into the series by start time and adds the comments not seen yet, in time order. A tick older than what
 * is held (computed before a resubscription's snapshot, delivered after it) is dropped.
 */
export function applyMetrics(current: LiveMetricsSnapshot | null, event: Exclude<MetricsEvent, { kind: 'error' }>): LiveMetricsSnapshot | null {
  if (event.kind === 'snapshot') return { ...event.snapshot, comments: event.snapshot.comments.slice(-MAX_COMMENTS) };
  if (!current || event.tick.asOf < current.asOf) return current;
  const { minutes, newComments, ...totals } = event.tick;
  return { ...current, ...totals, perMinute: mergeMinutes(current.perMinute, minutes), comments: appendComments(current.comments, newComments) };
}

function mergeMinutes(series: MinuteBucket[], changed: MinuteBucket[]): MinuteBucket[] {
  if (changed.length === 0) return series;
  const byMinute = new Map(series.map((bucket) => [bucket.minute, bucket]));
  for (const bucket of changed) byMinute.set(bucket.minute, bucket);
  return [...byMinute.values()].sort((a, b) => a.minute - b.minute);
}

function appendComments(held: CommentItem[], arrived: CommentItem[]): CommentItem[] {
  if (arrived.length === 0) return held;
  const known = new Set(held.map((comment) => comment.id));
  const fresh = arrived.filter((comment) => !known.has(comment.id));
  // A late comment (its client time earlier than some already shown) takes its place by time, as on the server.
  return fresh.length === 0 ? held : [...held, ...fresh].sort((a, b) => a.ts - b.ts).slice(-MAX_COMMENTS);
}

/** A rate as a percentage with one decimal (`0.1234` → `12.3%`); `—` when it has no denominator. */
export function formatRate(rate: number | null | undefined): string {
  return rate === null || rate === undefined ? '—' : `${(rate * 100).toFixed(1)}%`;
}

/** The change from `previous` to `current` as a fraction; null when there is nothing to compare with. */
export function changeBetween(current: number | null, previous: number | null): number | null {
  if (current === null || previous === null || previous === 0) return null;
  return (current - previous) / previous;
}

const units = new Map<MetricId, MetricUnit>(metricDefinitions.map((definition) => [definition.id, definition.unit]));

/** A metric's value as its unit reads: `¥1,234.50`, `12.3%`, `00:03:20`, `1,024`; `—` when it has none. */
export function formatMetric(id: MetricId, value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  switch (units.get(id)) {
    case 'fen':
      return formatFen(value);
    case 'ratio':
      return formatRate(value);
    case 'seconds':
      return formatWatchTime(value);
    default:
      return formatCount(value);
  }
}

/**
 * `HH:MM:SS` with as many hours as there are: a show's total watch time runs to days (430 viewers × 12 min
 * is 90 hours), and a clock that wrapped at 24 h would hide them.
 */
export function formatWatchTime(seconds: number): string {
  const whole = Math.max(0, Math.floor(seconds));
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(Math.floor(whole / 3600))}:${two(Math.floor((whole % 3600) / 60))}:${two(whole % 60)}`;
}

/** Whole numbers with grouping; averages (average online) are shown rounded. */
export const formatCount = (value: number): string => Math.round(value).toLocaleString();
