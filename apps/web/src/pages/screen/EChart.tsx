import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkAreaComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect } from 'react';
import { useEChart } from '../../lib/useEChart';

// Only what the big screen draws, so the screen's chunk carries a fraction of ECharts.
echarts.use([LineChart, BarChart, GridComponent, LegendComponent, TooltipComponent, MarkAreaComponent, MarkLineComponent, CanvasRenderer]);

export type ChartOption = echarts.EChartsCoreOption;

/**
 * One ECharts instance for the life of the element; a new option is merged into it, so a tick moves
 * the lines instead of redrawing the chart. The stage around it is scaled with a CSS transform, which
 * ECharts reads for pointer positions; it draws at the design size.
 */
export function EChart({ option, className, testId }: { option: ChartOption; className?: string; testId?: string }) {
  const { element, chart } = useEChart();

  useEffect(() => {
    // Merged by series id, so the lines move on to the new minute; replacing the series would replay
    // their entry animation every second. Arrays (points, marks) are replaced whole by the merge.
    chart.current?.setOption(option);
  }, [option]);

  return <div ref={element} className={className} data-testid={testId} />;
}
