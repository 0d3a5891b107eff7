import type { DanmakuMinute, MetricMarker, ReviewSegment } from '@livedesk/contracts';
import { describe, expect, it } from 'vitest';
import { markerMarks, reviewTimeRange, segmentsOption, sentimentOption } from './charts';

const MIN = 60_000;
const labels = { marker: (kind: MetricMarker['kind']) => kind.toUpperCase() };
const marker = (kind: MetricMarker['kind'], startAt: number, endAt: number | null, label = 'x'): MetricMarker => ({ kind, startAt, endAt, label, productId: null });

type Series = { id: string; data: unknown[] };
const seriesOf = (option: Record<string, unknown>) => option.series as Series[];

describe('reviewTimeRange', () => {
  it('spans the live window with half a minute either side', () => {
    expect(reviewTimeRange([{ minute: 0 }, { minute: 9 * MIN }], 0, 10 * MIN)).toEqual({ min: -30_000, max: 10 * MIN + 30_000 });
  });

  it('is at least five minutes long, so a short show is not stretched', () => {
    const range = reviewTimeRange([{ minute: 0 }], 0, 30_000);
    expect(range.max - range.min).toBeGreaterThanOrEqual(5 * MIN);
  });
});

describe('markerMarks', () => {
  const range = { min: 0, max: 60 * MIN };

  it('shades periods, draws alerts as lines, and names each by kind and label', () => {
    const marks = markerMarks([marker('explain', 0, 30 * MIN, '外套'), marker('alert', 10 * MIN, null, '在线下跌')], range, 600, labels, true, 60 * MIN);
    expect(marks.markArea.data).toHaveLength(1);
    expect(marks.markArea.data[0]?.[0]).toMatchObject({ name: 'EXPLAIN · 外套', xAxis: 0 });
    expect(marks.markArea.data[0]?.[1]).toEqual({ xAxis: 30 * MIN });
    expect(marks.markLine.data).toEqual([{ name: 'ALERT · 在线下跌', xAxis: 10 * MIN }]);
  });

  it('lets a period without an end run to the end of the show', () => {
    const marks = markerMarks([marker('lottery', 50 * MIN, null)], range, 600, labels, true, 55 * MIN);
    expect(marks.markArea.data[0]?.[1]).toEqual({ xAxis: 55 * MIN });
  });

  it('cuts a label to its band and hides it where the band is too narrow', () => {
    const marks = markerMarks([marker('explain', 0, 30 * MIN), marker('flash_sale', 40 * MIN, 41 * MIN)], range, 600, labels, true, 60 * MIN);
    const [wide, narrow] = marks.markArea.data.map((pair) => pair[0]?.label);
    expect(wide).toMatchObject({ show: true, width: 294, overflow: 'truncate' });
    expect(narrow?.show).toBe(false);
  });
});

describe('segmentsOption', () => {
  it('draws retention as percent bars, a segment without audience as a gap', () => {
    const segment = (startAt: number, retentionRate: number | null): ReviewSegment => ({ startAt, endAt: startAt + 10 * MIN, onlineAtStart: 10, enters: 1, leaves: 2, retained: 5, retentionRate });
    const option = segmentsOption([segment(0, 0.4567), segment(10 * MIN, null)], { retentionRate: 'R', onlineAtStart: 'O', tooltip: () => '' }, (ms) => String(ms / MIN));
    expect(seriesOf(option)[0]?.data).toEqual([45.7, null]);
    expect((option.xAxis as { data: string[] }).data).toEqual(['0–10', '10–20']);
  });
});

describe('sentimentOption', () => {
  it('draws negative comments below the axis and conversion as a percentage', () => {
    const minute: DanmakuMinute = { minute: 0, comments: 9, questions: 1, positive: 5, negative: 3, paidOrders: 1, conversionRate: 0.0125 };
    const option = sentimentOption([minute, { ...minute, minute: MIN, conversionRate: null }], { min: 0, max: 2 * MIN }, { positive: 'P', negative: 'N', conversionRate: 'C' }, String);
    const [positive, negative, conversion] = seriesOf(option);
    expect(positive?.data[0]).toEqual([0, 5]);
    expect(negative?.data[0]).toEqual([0, -3]);
    expect(conversion?.data).toEqual([
      [0, 1.25],
      [MIN, null],
    ]);
  });
});
