import { BarChart, FunnelChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkAreaComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers';
import { useEffect, useId, useState } from 'react';
import { useEChart } from '../../lib/useEChart';
import { GRID, type ChartOption } from './charts';
import { useReviewMode } from './ReviewContext';

// Printing draws SVG, which stays vector in the PDF; the screen draws on canvas.
echarts.use([LineChart, BarChart, FunnelChart, GridComponent, LegendComponent, TooltipComponent, MarkAreaComponent, MarkLineComponent, CanvasRenderer, SVGRenderer]);

/** An option, or one that depends on the width of the plot (marker labels are cut to their band's width). */
export type ReviewChartOption = ChartOption | ((plotWidth: number) => ChartOption);

/** One ECharts instance per element; each new option replaces the last (a new revision is a new chart). */
export function ReviewChart({ option, className, testId }: { option: ReviewChartOption; className?: string; testId?: string }) {
  const { print, readiness } = useReviewMode();
  const key = useId();
  const [width, setWidth] = useState(0);
  const { element, chart } = useEChart(print ? 'svg' : 'canvas', {
    onInit: (instance, node) => {
      readiness.drawing(key);
      instance.on('finished', () => readiness.drawn(key));
      setWidth(node.clientWidth);
    },
    onResize: (node) => setWidth(node.clientWidth),
    onDispose: () => readiness.drawn(key),
  });

  useEffect(() => {
    const resolved = typeof option === 'function' ? option(Math.max(0, width - GRID.left - GRID.right)) : option;
    chart.current?.setOption(print ? { ...resolved, animation: false } : resolved, { notMerge: true });
  }, [option, width, print]);

  return <div ref={element} className={className} data-testid={testId} />;
}
