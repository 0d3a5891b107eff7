import type { MetricMarker } from '@livedesk/contracts';

/** How a chart draws its markers: the big screen's dark stage and the review's white page differ only here. */
export interface MarkerTheme {
  colors: Record<MetricMarker['kind'], string>;
  /** 讲解 labels sit at the top of their band; a flash sale or lottery over one sits lower, not on it */
  labelRow: Record<MetricMarker['kind'], number>;
  /** bands narrower than this (px) carry no label */
  minLabelWidth: number;
  labelColor: string;
  alertLabelColor: string;
  fontSize: number;
  labelInset: number;
  alertLineWidth: number;
}

export interface MarkerPlot {
  /** the time axis, epoch ms */
  range: { min: number; max: number };
  /** the plot's width in px, so a period's label is cut to its band instead of running into the next */
  plotWidth: number;
  /** where a period still running (no endAt) ends: now, or the show's end */
  openUntil: number;
  withNames: boolean;
  name: (marker: MetricMarker) => string;
}

/** 讲解, flash sales and lotteries as shaded periods; alerts as dashed lines. */
export function markerOverlays(markers: readonly MetricMarker[], plot: MarkerPlot, theme: MarkerTheme) {
  const pixelsPerMs = plot.plotWidth / (plot.range.max - plot.range.min);
  return {
    markArea: {
      silent: true,
      data: markers
        .filter((marker) => marker.kind !== 'alert')
        .map((marker) => {
          const until = marker.endAt ?? plot.openUntil;
          const width = (Math.min(until, plot.range.max) - Math.max(marker.startAt, plot.range.min)) * pixelsPerMs - 6;
          return [
            {
              name: plot.name(marker),
              xAxis: marker.startAt,
              itemStyle: { color: theme.colors[marker.kind] },
              label: {
                show: plot.withNames && width >= theme.minLabelWidth,
                position: 'insideTopLeft',
                offset: [theme.labelInset, theme.labelRow[marker.kind]],
                color: theme.labelColor,
                fontSize: theme.fontSize,
                width,
                overflow: 'truncate',
              },
            },
            { xAxis: until },
          ];
        }),
    },
    markLine: {
      silent: true,
      symbol: ['none', 'none'],
      lineStyle: { color: theme.colors.alert, type: 'dashed', width: theme.alertLineWidth },
      label: { show: plot.withNames, formatter: '{b}', color: theme.alertLabelColor, fontSize: theme.fontSize, position: 'insideEndTop' },
      data: markers.filter((marker) => marker.kind === 'alert').map((marker) => ({ name: plot.name(marker), xAxis: marker.startAt })),
    },
  };
}
