import { BarChart, HeatmapChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

echarts.use([
  BarChart,
  LineChart,
  HeatmapChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  VisualMapComponent,
  CanvasRenderer,
]);

export type ChartOption = echarts.EChartsCoreOption;

/** What a click on a bar, bin, cell or line hands back: the series, the category/x and the data. */
export interface ChartClick {
  seriesName: string | undefined;
  name: string;
  dataIndex: number;
  value: unknown;
}

/** An ECharts chart on a canvas; `onClick` gets every click on a data item (bar, bin, cell, point). */
export function EChart({
  option,
  onClick,
  height = 260,
  testId,
}: {
  option: ChartOption;
  onClick?: (e: ChartClick) => void;
  height?: number;
  testId?: string;
}) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const click = useRef(onClick);
  click.current = onClick;

  useEffect(() => {
    if (!el.current) return;
    const c = echarts.init(el.current, undefined, { renderer: 'canvas' });
    chart.current = c;
    c.on('click', (p) => {
      const params = p as { seriesName?: string; name: string; dataIndex: number; value: unknown };
      click.current?.({
        seriesName: params.seriesName,
        name: params.name,
        dataIndex: params.dataIndex,
        value: params.value,
      });
    });
    const observer = new ResizeObserver(() => c.resize());
    observer.observe(el.current);
    return () => {
      observer.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return <div ref={el} className="chart" style={{ height }} data-testid={testId} />;
}
