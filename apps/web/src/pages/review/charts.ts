import type { DanmakuMinute, MetricMarker, MinuteBucket, ReviewFunnelStep, ReviewSegment, StayTime } from '@livedesk/contracts';
import type { EChartsCoreOption } from 'echarts/core';
import { markerOverlays, type MarkerTheme } from '../../lib/chartMarkers';
import { fenToYuan } from '../../lib/money';

/*
 * The review's ECharts options, built from the review alone (no chart instance, no DOM), so what each
 * chart shows is testable. Light colours: the review is read on the console's white cards and printed.
 */

export type ChartOption = EChartsCoreOption;

export const reviewColors = {
  online: '#1664ff',
  enters: '#14c9c9',
  leaves: '#f5319d',
  gmv: '#ff7d00',
  orders: '#722ed1',
  positive: '#00b42a',
  negative: '#f53f3f',
  conversion: '#1664ff',
  axis: '#86909c',
  split: '#eef0f3',
};

/**
 * The console's font stack, named: ECharts measures text (legend spacing, truncated labels) with the
 * font it is given, and `inherit` measures as the default font while the SVG of a print draws another.
 */
const chartFont = "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Helvetica Neue', Arial, sans-serif";
const textStyle = { fontFamily: chartFont };


/** The plot area's margins; the marker labels are cut to the width of their band inside it. */
export const GRID = { left: 60, right: 60, top: 48, bottom: 30 };
/** Bands narrower than this carry no label: the peaks list and the tooltip name them. */
/** 讲解 labels sit at the top of their band; a flash sale or lottery over one sits lower, not on it. */
const markerTheme: MarkerTheme = {
  colors: {
    explain: 'rgba(22, 100, 255, 0.10)',
    flash_sale: 'rgba(245, 63, 63, 0.14)',
    lottery: 'rgba(255, 180, 0, 0.20)',
    alert: '#f53f3f',
  },
  labelRow: { explain: 0, flash_sale: 16, lottery: 32, alert: 0 },
  minLabelWidth: 40,
  labelColor: '#4e5969',
  alertLabelColor: '#cb2634',
  fontSize: 11,
  labelInset: 2,
  alertLineWidth: 1.2,
};

export interface TimeRange {
  min: number;
  max: number;
}

/** The live window, half a minute wider on both sides so the first and last minute's bars fit. */
export function reviewTimeRange(perMinute: readonly { minute: number }[], startedAt: number | null, endedAt: number | null): TimeRange {
  const first = perMinute[0]?.minute ?? startedAt ?? 0;
  const last = perMinute.at(-1)?.minute ?? endedAt ?? first;
  const from = Math.min(first, startedAt ?? first);
  const to = Math.max(last + 60_000, endedAt ?? last);
  return { min: from - 30_000, max: Math.max(to + 30_000, from + 5 * 60_000) };
}

export interface MarkerLabels {
  marker: (kind: MetricMarker['kind']) => string;
}

/**
 * 讲解, flash sales and lotteries as shaded bands labelled with what they were (cut to the band's width
 * in pixels, `plotWidth` being the plot's); alerts as dashed lines. A period with no end lasted to `endAt`.
 */
export function markerMarks(markers: readonly MetricMarker[], range: TimeRange, plotWidth: number, labels: MarkerLabels, withNames: boolean, endAt: number) {
  const name = (marker: MetricMarker) => `${labels.marker(marker.kind)} · ${marker.label}`;
  return markerOverlays(markers, { range, plotWidth, openUntil: endAt, withNames, name }, markerTheme);
}

const points = <T extends { minute: number }>(series: readonly T[], pick: (bucket: T) => number | null) => series.map((bucket) => [bucket.minute, pick(bucket)]);

const valueAxis = (extra: Record<string, unknown> = {}) => ({
  type: 'value',
  minInterval: 1,
  axisLabel: { color: reviewColors.axis },
  splitLine: { lineStyle: { color: reviewColors.split } },
  ...extra,
});

const yuanAxisLabel = (fen: number) => fenToYuan(Math.round(fen)).replace(/\.00$/, '');

function timeChart(range: TimeRange, formatTime: (ms: number) => string): ChartOption {
  return {
    textStyle,
    grid: GRID,
    legend: { top: 0, left: 0, itemWidth: 14, itemHeight: 8 },
    tooltip: { trigger: 'axis' },
    xAxis: {
      type: 'time',
      ...range,
      minInterval: 60_000,
      axisLine: { lineStyle: { color: reviewColors.axis } },
      axisLabel: { color: reviewColors.axis, formatter: (value: number) => formatTime(value) },
      splitLine: { show: false },
    },
  };
}

export interface TrafficLabels extends MarkerLabels {
  online: string;
  enters: string;
  leaves: string;
}

/** Online at each minute's end as an area, who came and went as bars, and the show's happenings over them. */
export function trafficOption(perMinute: readonly MinuteBucket[], markers: readonly MetricMarker[], range: TimeRange, plotWidth: number, endAt: number, labels: TrafficLabels, formatTime: (ms: number) => string): ChartOption {
  return {
    ...timeChart(range, formatTime),
    color: [reviewColors.online, reviewColors.enters, reviewColors.leaves],
    yAxis: [valueAxis(), valueAxis({ splitLine: { show: false } })],
    series: [
      {
        id: 'online',
        name: labels.online,
        type: 'line',
        smooth: true,
        smoothMonotone: 'x',
        showSymbol: false,
        lineStyle: { width: 2.5 },
        areaStyle: { color: { type: 'linear', x: 0, y: 0, x2: 0, y2: 1, colorStops: [{ offset: 0, color: 'rgba(22, 100, 255, 0.28)' }, { offset: 1, color: 'rgba(22, 100, 255, 0.02)' }] } },
        data: points(perMinute, (b) => b.online),
        ...markerMarks(markers, range, plotWidth, labels, true, endAt),
      },
      { id: 'enters', name: labels.enters, type: 'bar', yAxisIndex: 1, barMaxWidth: 8, data: points(perMinute, (b) => b.enters) },
      { id: 'leaves', name: labels.leaves, type: 'bar', yAxisIndex: 1, barMaxWidth: 8, data: points(perMinute, (b) => b.leaves) },
    ],
  };
}

export interface SalesLabels extends MarkerLabels {
  gmv: string;
  paidOrders: string;
}

/** GMV per minute as bars (yuan on the left axis) with paid orders as a line (right axis). */
export function salesOption(perMinute: readonly MinuteBucket[], markers: readonly MetricMarker[], range: TimeRange, plotWidth: number, endAt: number, labels: SalesLabels, formatTime: (ms: number) => string): ChartOption {
  return {
    ...timeChart(range, formatTime),
    color: [reviewColors.gmv, reviewColors.orders],
    yAxis: [valueAxis({ minInterval: 100, axisLabel: { color: reviewColors.axis, formatter: yuanAxisLabel } }), valueAxis({ splitLine: { show: false } })],
    series: [
      {
        id: 'gmv',
        name: labels.gmv,
        type: 'bar',
        barMaxWidth: 12,
        itemStyle: { borderRadius: [2, 2, 0, 0] },
        tooltip: { valueFormatter: (fen: number) => `¥${fenToYuan(Math.round(fen))}` },
        data: points(perMinute, (b) => b.gmvFen),
        ...markerMarks(markers, range, plotWidth, labels, false, endAt),
      },
      // Counts and rates are drawn straight: a smoothed line between few points overshoots below zero.
      { id: 'paidOrders', name: labels.paidOrders, type: 'line', yAxisIndex: 1, symbolSize: 5, data: points(perMinute, (b) => b.paidOrders) },
    ],
  };
}

export interface SegmentLabels {
  retentionRate: string;
  onlineAtStart: string;
  tooltip: (segment: ReviewSegment) => string;
}

/** Each 10-minute segment's retention as a bar (percent), the audience it started with as a line. */
export function segmentsOption(segments: readonly ReviewSegment[], labels: SegmentLabels, formatTime: (ms: number) => string): ChartOption {
  return {
    textStyle,
    grid: { ...GRID, top: 40 },
    legend: { top: 0, left: 0, itemWidth: 14, itemHeight: 8 },
    tooltip: {
      trigger: 'axis',
      formatter: (params: { dataIndex: number }[]) => {
        const segment = segments[params[0]?.dataIndex ?? -1];
        return segment ? labels.tooltip(segment) : '';
      },
    },
    color: [reviewColors.online, reviewColors.gmv],
    xAxis: {
      type: 'category',
      data: segments.map((s) => `${formatTime(s.startAt)}–${formatTime(s.endAt)}`),
      axisLabel: { color: reviewColors.axis, interval: 0, hideOverlap: true },
      axisLine: { lineStyle: { color: reviewColors.axis } },
    },
    yAxis: [valueAxis({ max: 100, axisLabel: { color: reviewColors.axis, formatter: '{value}%' } }), valueAxis({ splitLine: { show: false } })],
    series: [
      {
        id: 'retention',
        name: labels.retentionRate,
        type: 'bar',
        barMaxWidth: 36,
        itemStyle: { borderRadius: [3, 3, 0, 0] },
        label: { show: true, position: 'top', color: '#4e5969', formatter: ({ value }: { value: number | null }) => (value === null ? '' : `${value.toFixed(1)}%`) },
        data: segments.map((s) => (s.retentionRate === null ? null : Number((s.retentionRate * 100).toFixed(1)))),
      },
      { id: 'onlineAtStart', name: labels.onlineAtStart, type: 'line', yAxisIndex: 1, symbolSize: 6, data: segments.map((s) => s.onlineAtStart) },
    ],
  };
}

/** Viewers who stayed at least N minutes, as a share of all viewers. */
export function stayOption(stay: StayTime, thresholdLabel: (minutes: number) => string, viewersLabel: string): ChartOption {
  return {
    textStyle,
    grid: { ...GRID, top: 24, right: 24 },
    tooltip: {
      trigger: 'axis',
      formatter: (params: { dataIndex: number }[]) => {
        const row = stay.atLeast[params[0]?.dataIndex ?? -1];
        return row ? `${thresholdLabel(row.minutes)}<br/>${viewersLabel}: ${row.viewers.toLocaleString()}` : '';
      },
    },
    color: [reviewColors.enters],
    xAxis: { type: 'category', data: stay.atLeast.map((row) => thresholdLabel(row.minutes)), axisLabel: { color: reviewColors.axis }, axisLine: { lineStyle: { color: reviewColors.axis } } },
    yAxis: valueAxis({ max: 100, axisLabel: { color: reviewColors.axis, formatter: '{value}%' } }),
    series: [
      {
        id: 'stay',
        type: 'bar',
        barMaxWidth: 40,
        itemStyle: { borderRadius: [3, 3, 0, 0] },
        label: { show: true, position: 'top', color: '#4e5969', formatter: ({ value }: { value: number | null }) => (value === null ? '' : `${value.toFixed(1)}%`) },
        data: stay.atLeast.map((row) => (row.share === null ? null : Number((row.share * 100).toFixed(1)))),
      },
    ],
  };
}

/** The funnel's steps as ECharts draws them: in order (not sorted by size), each a trapezoid with its count. */
export function funnelOption(steps: readonly ReviewFunnelStep[], name: (step: ReviewFunnelStep) => string): ChartOption {
  const palette = ['#1664ff', '#3491fa', '#14c9c9', '#00b42a', '#ff7d00', '#f53f3f'];
  return {
    textStyle,
    tooltip: { trigger: 'item', formatter: '{b}: {c}' },
    color: palette,
    series: [
      {
        id: 'funnel',
        type: 'funnel',
        sort: 'none',
        left: 8,
        right: 8,
        top: 8,
        bottom: 8,
        minSize: '18%',
        gap: 3,
        label: { show: true, position: 'inside', color: '#fff', fontSize: 12, formatter: ({ name: label, value }: { name: string; value: number }) => `${label}  ${value.toLocaleString()}` },
        data: steps.map((step) => ({ name: name(step), value: step.count })),
      },
    ],
  };
}

export interface SentimentLabels {
  positive: string;
  negative: string;
  conversionRate: string;
}

/**
 * Mood against buying, minute by minute: positive comments up and negative ones down from the axis,
 * and the minute's conversion rate (percent) as a line on its own axis.
 */
export function sentimentOption(perMinute: readonly DanmakuMinute[], range: TimeRange, labels: SentimentLabels, formatTime: (ms: number) => string): ChartOption {
  return {
    ...timeChart(range, formatTime),
    tooltip: { trigger: 'axis', valueFormatter: (value: number | null) => (value === null ? '—' : String(Math.abs(value))) },
    color: [reviewColors.positive, reviewColors.negative, reviewColors.conversion],
    yAxis: [
      valueAxis({ axisLabel: { color: reviewColors.axis, formatter: (value: number) => String(Math.abs(value)) } }),
      valueAxis({ splitLine: { show: false }, minInterval: 0, axisLabel: { color: reviewColors.axis, formatter: '{value}%' } }),
    ],
    series: [
      { id: 'positive', name: labels.positive, type: 'bar', stack: 'mood', barMaxWidth: 10, data: points(perMinute, (m) => m.positive) },
      { id: 'negative', name: labels.negative, type: 'bar', stack: 'mood', barMaxWidth: 10, data: points(perMinute, (m) => -m.negative) },
      {
        id: 'conversion',
        name: labels.conversionRate,
        type: 'line',
        yAxisIndex: 1,
        symbolSize: 5,
        connectNulls: false,
        tooltip: { valueFormatter: (value: number | null) => (value === null ? '—' : `${value}%`) },
        data: points(perMinute, (m) => (m.conversionRate === null ? null : Number((m.conversionRate * 100).toFixed(2)))),
      },
    ],
  };
}
