import type { LiveMetricsSnapshot, MetricMarker, MinuteBucket } from '@livedesk/contracts';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { markerOverlays, type MarkerTheme } from '../../lib/chartMarkers';
import { fenToYuan } from '../../lib/money';
import { useOrgTime } from '../../lib/time';
import { EChart, type ChartOption } from './EChart';
import { Panel } from './Panel';

const colors = {
  online: '#3aa0ff',
  enters: '#36cfc9',
  leaves: '#f759ab',
  comments: '#ffc53d',
  gmv: '#ff7a45',
  axis: 'rgba(180, 205, 255, 0.55)',
  split: 'rgba(120, 160, 255, 0.12)',
};


type Labels = Record<'online' | 'enters' | 'leaves' | 'comments' | 'gmv', string> & { marker: (kind: MetricMarker['kind']) => string };

/**
 * The charts' plotting width in design pixels: the stage is always 1920×1080, so a period's label can be
 * cut to the width of its band instead of running into the next one.
 */
const PLOT_WIDTH = 720;
/** The dark stage's markers; bands narrower than 36 px carry no label (the card's tooltip names the kinds). */
const markerTheme: MarkerTheme = {
  colors: {
    explain: 'rgba(58, 160, 255, 0.16)',
    flash_sale: 'rgba(255, 77, 79, 0.2)',
    lottery: 'rgba(250, 200, 20, 0.18)',
    alert: '#ff4d4f',
  },
  labelRow: { explain: 0, flash_sale: 18, lottery: 36, alert: 0 },
  minLabelWidth: 36,
  labelColor: '#d6e4ff',
  alertLabelColor: '#ffa39e',
  fontSize: 12,
  labelInset: 0,
  alertLineWidth: 1.5,
};

/** The shortest time the charts span, so a show's first minutes (or a very short show) are not stretched. */
const MIN_SPAN_MS = 5 * 60_000;

/** The time axis: from the first minute to the last, half a minute either side so their bars fit. */
function timeRange(snapshot: LiveMetricsSnapshot): { min: number; max: number } {
  const first = snapshot.perMinute[0]?.minute ?? snapshot.startedAt ?? snapshot.asOf;
  const last = snapshot.perMinute.at(-1)?.minute ?? first;
  const min = first - 30_000;
  return { min, max: Math.max(last + 30_000, min + MIN_SPAN_MS) };
}

/** 讲解, flash sales and lotteries as shaded periods (one still running reaches to now); alerts as lines. */
function markers(snapshot: LiveMetricsSnapshot, labels: Labels, withNames: boolean) {
  const name = (marker: MetricMarker) => `${labels.marker(marker.kind)} · ${marker.label}`;
  return markerOverlays(snapshot.markers, { range: timeRange(snapshot), plotWidth: PLOT_WIDTH, openUntil: snapshot.asOf, withNames, name }, markerTheme);
}

const points = (series: MinuteBucket[], pick: (bucket: MinuteBucket) => number) => series.map((bucket) => [bucket.minute, pick(bucket)]);

function baseOption(snapshot: LiveMetricsSnapshot, formatTime: (ms: number) => string): ChartOption {
  return {
    animationDurationUpdate: 600,
    textStyle: { fontFamily: 'inherit' },
    grid: { left: 56, right: 56, top: 44, bottom: 30 },
    legend: { top: 4, right: 8, textStyle: { color: '#c6d6f5', fontSize: 14 }, itemWidth: 14, itemHeight: 8 },
    tooltip: {
      trigger: 'axis',
      backgroundColor: 'rgba(8, 20, 44, 0.92)',
      borderColor: 'rgba(80, 150, 255, 0.5)',
      textStyle: { color: '#e6efff' },
      axisPointer: { lineStyle: { color: 'rgba(160, 200, 255, 0.6)' } },
    },
    xAxis: {
      type: 'time',
      ...timeRange(snapshot),
      // Buckets are whole minutes: a show's first minutes must not be labelled every few seconds.
      minInterval: 60_000,
      axisLine: { lineStyle: { color: colors.axis } },
      axisLabel: { color: colors.axis, fontSize: 13, formatter: (value: number) => formatTime(value) },
      splitLine: { show: false },
    },
  };
}

const valueAxis = (extra: Record<string, unknown> = {}) => ({
  type: 'value',
  minInterval: 1,
  axisLabel: { color: colors.axis, fontSize: 13 },
  splitLine: { lineStyle: { color: colors.split } },
  ...extra,
});

export function trafficOption(snapshot: LiveMetricsSnapshot, labels: Labels, formatTime: (ms: number) => string): ChartOption {
  const series = snapshot.perMinute;
  return {
    ...baseOption(snapshot, formatTime),
    color: [colors.online, colors.enters, colors.leaves, colors.comments],
    yAxis: [valueAxis(), valueAxis({ splitLine: { show: false } })],
    series: [
      {
        id: 'online',
        name: labels.online,
        type: 'line',
        smooth: true,
        smoothMonotone: 'x',
        showSymbol: false,
        lineStyle: { width: 3 },
        areaStyle: {
          color: { type: 'linear', x: 0, y: 0, x2: 0, y2: 1, colorStops: [{ offset: 0, color: 'rgba(58, 160, 255, 0.45)' }, { offset: 1, color: 'rgba(58, 160, 255, 0.02)' }] },
        },
        data: points(series, (b) => b.online),
        ...markers(snapshot, labels, true),
      },
      { id: 'enters', name: labels.enters, type: 'bar', barMaxWidth: 10, itemStyle: { opacity: 0.8 }, data: points(series, (b) => b.enters) },
      { id: 'leaves', name: labels.leaves, type: 'bar', barMaxWidth: 10, itemStyle: { opacity: 0.8 }, data: points(series, (b) => b.leaves) },
      { id: 'comments', name: labels.comments, type: 'line', yAxisIndex: 1, smooth: true, smoothMonotone: 'x', showSymbol: false, lineStyle: { width: 2 }, data: points(series, (b) => b.comments) },
    ],
  };
}

export function gmvOption(snapshot: LiveMetricsSnapshot, labels: Labels, formatTime: (ms: number) => string): ChartOption {
  return {
    ...baseOption(snapshot, formatTime),
    color: [colors.gmv],
    yAxis: [valueAxis({ minInterval: 100, axisLabel: { color: colors.axis, fontSize: 13, formatter: (fen: number) => fenToYuan(Math.round(fen)).replace(/\.00$/, '') } })],
    series: [
      {
        id: 'gmv',
        name: labels.gmv,
        type: 'bar',
        barMaxWidth: 14,
        itemStyle: {
          borderRadius: [3, 3, 0, 0],
          color: { type: 'linear', x: 0, y: 0, x2: 0, y2: 1, colorStops: [{ offset: 0, color: '#ffb347' }, { offset: 1, color: 'rgba(255, 122, 69, 0.35)' }] },
        },
        tooltip: { valueFormatter: (fen: number) => `¥${fenToYuan(Math.round(fen))}` },
        data: points(snapshot.perMinute, (b) => b.gmvFen),
        ...markers(snapshot, labels, false),
      },
    ],
  };
}

/** The show minute by minute, with what happened in it drawn over the curves. */
export function TrendPanel({ snapshot }: { snapshot: LiveMetricsSnapshot }) {
  const { t } = useTranslation();
  const time = useOrgTime();
  const labels = useMemo<Labels>(
    () => ({
      online: t('screen.series.online'),
      enters: t('screen.series.enters'),
      leaves: t('screen.series.leaves'),
      comments: t('screen.series.comments'),
      gmv: t('screen.series.gmv'),
      marker: (kind) => t(`screen.marker.${kind}`),
    }),
    [t],
  );
  const formatTime = useMemo(() => (ms: number) => time.format(ms, 'HH:mm'), [time]);
  const traffic = useMemo(() => trafficOption(snapshot, labels, formatTime), [snapshot, labels, formatTime]);
  const gmv = useMemo(() => gmvOption(snapshot, labels, formatTime), [snapshot, labels, formatTime]);
  return (
    <Panel title={t('screen.trend')} note={t('screen.trendHint')} metrics={['comments', 'gmvFen']} className="screen-trend" testId="screen-trend">
      <div className="screen-legend-markers">
        {(['explain', 'flash_sale', 'lottery', 'alert'] as const).map((kind) => (
          <span key={kind} className={`screen-marker-key screen-marker-${kind}`}>
            {labels.marker(kind)}
          </span>
        ))}
        <span className="screen-marker-count" data-testid="screen-marker-count" data-value={snapshot.markers.length} />
      </div>
      <EChart option={traffic} className="screen-chart-traffic" testId="screen-chart-traffic" />
      <div className="screen-chart-caption">{t('screen.gmvTrend')}</div>
      <EChart option={gmv} className="screen-chart-gmv" testId="screen-chart-gmv" />
    </Panel>
  );
}
