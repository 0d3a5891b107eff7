import { LineChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useMemo } from 'react';
import { formatRate } from '../../lib/liveMetrics';
import { useEChart } from '../../lib/useEChart';

echarts.use([LineChart, GridComponent, TooltipComponent, CanvasRenderer]);

const PRIMARY = '#1664ff';

interface RetentionChartProps {
  /** the periods' headings */
  columns: string[];
  /** the average rate per period; null where no cohort qualifies */
  curve: (number | null)[];
  name: string;
}

/** The average retention curve over the periods: how fast a cohort thins out (or buys again). */
export function RetentionChart({ columns, curve, name }: RetentionChartProps) {
  const { element, chart } = useEChart();

  const option = useMemo<echarts.EChartsCoreOption>(
    () => ({
      animationDuration: 400,
      grid: { left: 56, right: 32, top: 32, bottom: 32 },
      tooltip: {
        trigger: 'axis',
        valueFormatter: (value: number | null) => formatRate(value),
      },
      xAxis: {
        type: 'category',
        data: columns,
        axisTick: { show: false },
        axisLabel: { color: '#4e5969' },
        axisLine: { lineStyle: { color: '#e5e6eb' } },
      },
      yAxis: {
        type: 'value',
        min: 0,
        axisLabel: { color: '#86909c', formatter: (value: number) => `${Math.round(value * 1000) / 10}%` },
        splitLine: { lineStyle: { color: '#f2f3f5' } },
      },
      series: [
        {
          name,
          type: 'line',
          data: curve,
          connectNulls: false,
          smooth: 0.2,
          symbolSize: 7,
          itemStyle: { color: PRIMARY },
          lineStyle: { width: 2.5 },
          areaStyle: {
            color: new echarts.graphic.LinearGradient(0, 0, 0, 1, [
              { offset: 0, color: 'rgba(22, 100, 255, 0.22)' },
              { offset: 1, color: 'rgba(22, 100, 255, 0.02)' },
            ]),
          },
          label: { show: true, position: 'top', color: '#1d2129', formatter: ({ value }: { value: number | null }) => formatRate(value) },
        },
      ],
    }),
    [columns, curve, name],
  );

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return <div ref={element} className="retention-chart" data-testid="retention-chart" />;
}
