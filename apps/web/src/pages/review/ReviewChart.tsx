import { BarChart, FunnelChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkAreaComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers';
import { useEffect, useId, useLayoutEffect, useRef, useState } from 'react';
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
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const [width, setWidth] = useState(0);

  useLayoutEffect(() => {
    const node = element.current;
    if (!node) return;
    readiness.drawing(key);
    const instance = echarts.init(node, undefined, { renderer: print ? 'svg' : 'canvas' });
    instance.on('finished', () => readiness.drawn(key));
    chart.current = instance;
    setWidth(node.clientWidth);
    const resize = new ResizeObserver(() => {
      instance.resize();
      setWidth(node.clientWidth);
    });
    resize.observe(node);
    return () => {
      resize.disconnect();
      instance.dispose();
      chart.current = null;
      readiness.drawn(key);
    };
  }, [key, print, readiness]);

  useEffect(() => {
    const resolved = typeof option === 'function' ? option(Math.max(0, width - GRID.left - GRID.right)) : option;
    chart.current?.setOption(print ? { ...resolved, animation: false } : resolved, { notMerge: true });
  }, [option, width, print]);

  return <div ref={element} className={className} data-testid={testId} />;
}
