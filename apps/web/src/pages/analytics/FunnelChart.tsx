import type { FunnelStepResult } from '@livedesk/contracts';
import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { formatCount, formatRate } from '../../lib/liveMetrics';
import { useEChart } from '../../lib/useEChart';

echarts.use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

const PRIMARY = '#1664ff';
const DROPPED = '#dbe6ff';

interface FunnelChartProps {
  steps: FunnelStepResult[];
  /** each step's name as the table shows it */
  names: string[];
  /** the median time to convert, already in words */
  medians: (string | null)[];
}

/**
 * PostHog's funnel bars: each step's persons solid, those lost since the previous step stacked above in
 * a pale tint, so the drop-off reads at a glance; the label carries the conversion from step 1.
 */
export function FunnelChart({ steps, names, medians }: FunnelChartProps) {
  const { t } = useTranslation();
  const { element, chart } = useEChart();

  const option = useMemo<echarts.EChartsCoreOption>(() => {
    const dropped = steps.map((step, i) => (i === 0 ? 0 : Math.max(0, steps[i - 1]!.count - step.count)));
    return {
      animationDuration: 400,
      grid: { left: 56, right: 24, top: 48, bottom: 56 },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        formatter: (params: { dataIndex: number }[]) => {
          const i = params[0]?.dataIndex ?? 0;
          const step = steps[i]!;
          const lines = [
            `<b>${escapeHtml(names[i] ?? '')}</b>`,
            `${t('funnel.result.count')}: ${formatCount(step.count)}`,
            ...(i > 0
              ? [
                  `${t('funnel.result.fromPrevious')}: ${formatRate(step.conversionFromPrevious)}`,
                  `${t('funnel.result.fromFirst')}: ${formatRate(step.conversionFromFirst)}`,
                  `${t('funnel.result.dropped')}: ${formatCount(dropped[i]!)}`,
                  `${t('funnel.result.median')}: ${medians[i] ?? '—'}`,
                ]
              : []),
          ];
          return lines.join('<br/>');
        },
      },
      xAxis: {
        type: 'category',
        data: names,
        axisTick: { show: false },
        axisLabel: { interval: 0, width: 120, overflow: 'truncate', color: '#4e5969' },
      },
      yAxis: { type: 'value', minInterval: 1, splitLine: { lineStyle: { color: '#f2f3f5' } }, axisLabel: { color: '#86909c' } },
      series: [
        {
          id: 'reached',
          type: 'bar',
          stack: 'funnel',
          barMaxWidth: 72,
          data: steps.map((s) => s.count),
          itemStyle: { color: PRIMARY },
        },
        {
          id: 'dropped',
          type: 'bar',
          stack: 'funnel',
          barMaxWidth: 72,
          data: dropped,
          itemStyle: { color: DROPPED, borderRadius: [3, 3, 0, 0] },
          label: {
            show: true,
            position: 'top',
            color: '#1d2129',
            lineHeight: 16,
            formatter: ({ dataIndex }: { dataIndex: number }) => {
              const step = steps[dataIndex]!;
              return dataIndex === 0 ? `{b|${formatCount(step.count)}}` : `{b|${formatCount(step.count)}}\n{s|${formatRate(step.conversionFromFirst)}}`;
            },
            rich: { b: { fontWeight: 600, fontSize: 13 }, s: { color: '#86909c', fontSize: 12 } },
          },
        },
      ],
    };
  }, [steps, names, medians, t]);

  useEffect(() => {
    // A new run may have a different number of steps: replace the option rather than merge into the old one.
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return <div ref={element} className="funnel-chart" data-testid="funnel-chart" />;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
