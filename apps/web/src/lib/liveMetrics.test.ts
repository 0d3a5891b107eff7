import { metricIds, type CommentItem, type LiveMetricsSnapshot, type MetricValues, type MinuteBucket } from '@livedesk/contracts';
import { describe, expect, it } from 'vitest';
import { applyMetrics, changeBetween, formatMetric, formatRate, MAX_COMMENTS, parseMetricsFrame } from './liveMetrics';

const metrics = (values: Partial<MetricValues> = {}): MetricValues =>
  ({ ...Object.fromEntries(metricIds.map((id) => [id, 0])), ...values }) as MetricValues;

const minute = (at: number, values: Partial<MinuteBucket> = {}): MinuteBucket => ({
  minute: at, online: 0, enters: 0, leaves: 0, comments: 0, likes: 0, shares: 0, productClicks: 0, cartAdds: 0, paidOrders: 0, gmvFen: 0, ...values,
});

const comment = (id: string, ts = 1): CommentItem => ({ id, ts, identity: `u-${id}`, nickname: null, text: `说 ${id}` });

const snapshot = (values: Partial<LiveMetricsSnapshot> = {}): LiveMetricsSnapshot => ({
  liveSessionId: 's1',
  status: 'live',
  startedAt: 0,
  endedAt: null,
  asOf: 1_000,
  online: 3,
  metrics: metrics({ gmvFen: 100 }),
  window10m: { current: { startAt: 0, endAt: 600_000, metrics: metrics() }, previous: { startAt: -600_000, endAt: 0, metrics: metrics() } },
  perMinute: [minute(0, { enters: 2 }), minute(60_000, { enters: 1 })],
  products: [],
  comments: [comment('a')],
  markers: [],
  ...values,
});

const tickOf = (snap: LiveMetricsSnapshot, minutes: MinuteBucket[], newComments: CommentItem[]) => {
  const { perMinute: _series, comments: _comments, ...rest } = snap;
  return { ...rest, minutes, newComments };
};

describe('live metrics pushed over the console socket', () => {
  it('reads only the metrics frames of the show it follows', () => {
    const snap = snapshot();
    expect(parseMetricsFrame(({ type: 'metrics.snapshot', snapshot: snap }), 's1')).toEqual({ kind: 'snapshot', snapshot: snap });
    expect(parseMetricsFrame(({ type: 'metrics.snapshot', snapshot: snap }), 's2')).toBeNull();
    expect(parseMetricsFrame(({ type: 'metrics.error', liveSessionId: 's1', code: 'forbidden' }), 's1')).toEqual({ kind: 'error', code: 'forbidden' });
    expect(parseMetricsFrame(({ type: 'audit.appended', entry: {} }), 's1')).toBeNull();
    expect(parseMetricsFrame(({ type: 'metrics.tick', liveSessionId: 's1', tick: { asOf: 'soon' } }), 's1')).toBeNull();
    expect(parseMetricsFrame('not json', 's1')).toBeNull();
  });

  it('merges a tick: totals replaced, changed minutes replaced or appended in order, new comments added once in time order', () => {
    const held = applyMetrics(null, { kind: 'snapshot', snapshot: snapshot() });
    const later = snapshot({ asOf: 2_000, online: 7, metrics: metrics({ gmvFen: 900 }) });
    const next = applyMetrics(held, {
      kind: 'tick',
      tick: tickOf(later, [minute(120_000, { enters: 4 }), minute(60_000, { enters: 5 })], [comment('a'), comment('b', 5), comment('late', 0)]),
    });
    expect(next?.online).toBe(7);
    expect(next?.metrics.gmvFen).toBe(900);
    expect(next?.perMinute.map((b) => [b.minute, b.enters])).toEqual([[0, 2], [60_000, 5], [120_000, 4]]);
    expect(next?.comments.map((c) => c.id)).toEqual(['late', 'a', 'b']);
  });

  it('drops a tick older than the snapshot it would overwrite, and anything before a snapshot', () => {
    const held = applyMetrics(null, { kind: 'snapshot', snapshot: snapshot({ asOf: 5_000 }) });
    const stale = tickOf(snapshot({ asOf: 4_000, online: 99 }), [], []);
    expect(applyMetrics(held, { kind: 'tick', tick: stale })).toBe(held);
    expect(applyMetrics(null, { kind: 'tick', tick: stale })).toBeNull();
  });

  it('keeps the newest comments only', () => {
    const many = Array.from({ length: MAX_COMMENTS + 5 }, (_, i) => comment(String(i)));
    const held = applyMetrics(null, { kind: 'snapshot', snapshot: snapshot({ comments: many }) });
    expect(held?.comments).toHaveLength(MAX_COMMENTS);
    expect(held?.comments.at(-1)?.id).toBe(String(MAX_COMMENTS + 4));
  });

  it('formats rates and changes, with nothing to show when the denominator is missing', () => {
    expect(formatRate(0.1234)).toBe('12.3%');
    expect(formatRate(null)).toBe('—');
    expect(changeBetween(150, 100)).toBe(0.5);
    expect(changeBetween(5, 0)).toBeNull();
    expect(changeBetween(null, 3)).toBeNull();
  });
});

describe('metric values as their unit reads', () => {
  it('formats money, rates, durations and counts from the registry unit', () => {
    expect(formatMetric('gmvFen', 123456)).toBe('¥1,234.56');
    expect(formatMetric('interactionRate', 0.25)).toBe('25.0%');
    expect(formatMetric('avgWatchSeconds', 200)).toBe('00:03:20');
    // a day and more of total watch time keeps its hours instead of wrapping at 24
    expect(formatMetric('totalWatchSeconds', 324_532)).toBe('90:08:52');
    expect(formatMetric('totalWatchSeconds', 86_400)).toBe('24:00:00');
    expect(formatMetric('uv', 1024)).toBe((1024).toLocaleString());
    expect(formatMetric('clickToPayRate', null)).toBe('—');
  });
});
