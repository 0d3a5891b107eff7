import * as echarts from 'echarts/core';
import { useLayoutEffect, useRef, type RefObject } from 'react';

export interface EChartHooks {
  /** the new instance, before its first option (listen to its events here) */
  onInit?: (chart: echarts.ECharts, element: HTMLDivElement) => void;
  /** after the chart has followed a change of the element's size */
  onResize?: (element: HTMLDivElement) => void;
  /** before the instance is disposed */
  onDispose?: () => void;
}

/**
 * One ECharts instance for the life of the element (a new one when the renderer changes), resized with
 * the element and disposed with it. Callers register the ECharts parts they draw with `echarts.use`, so
 * each page's chunk carries only those.
 */
export function useEChart(renderer: 'canvas' | 'svg' = 'canvas', hooks: EChartHooks = {}): { element: RefObject<HTMLDivElement | null>; chart: RefObject<echarts.ECharts | null> } {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  // The hooks are read when the chart is made, not tracked: callers pass new closures on every render.
  const hooksRef = useRef(hooks);
  hooksRef.current = hooks;

  useLayoutEffect(() => {
    const node = element.current;
    if (!node) return;
    const instance = echarts.init(node, undefined, { renderer });
    chart.current = instance;
    hooksRef.current.onInit?.(instance, node);
    const resize = new ResizeObserver(() => {
      instance.resize();
      hooksRef.current.onResize?.(node);
    });
    resize.observe(node);
    return () => {
      resize.disconnect();
      hooksRef.current.onDispose?.();
      instance.dispose();
      chart.current = null;
    };
  }, [renderer]);

  return { element, chart };
}
