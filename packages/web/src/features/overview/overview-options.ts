import type { OverviewResponse } from '@assay/api';
import type { ChartOption } from './echart.js';

type Row = OverviewResponse['class_distribution'][number];

const base = {
  animation: false,
  // Tooltips drawn on the canvas (richText), not as HTML: class names are user strings.
  tooltip: { trigger: 'item' as const, confine: true, renderMode: 'richText' as const },
  grid: { left: 48, right: 16, top: 32, bottom: 56, containLabel: false },
};

/** Stacked bars: x = class, one series per value of `by` (split or source). */
export function classDistributionOption(
  rows: readonly Row[],
  by: 'split' | 'source',
  classes: string[],
): ChartOption {
  const groups = [...new Set(rows.map((r) => r[by]))].sort();
  const index = new Map(classes.map((c, i) => [c, i]));
  return {
    ...base,
    legend: { top: 0, type: 'scroll' },
    xAxis: { type: 'category', data: classes, axisLabel: { rotate: classes.length > 8 ? 40 : 0 } },
    yAxis: { type: 'value' },
    series: groups.map((g) => {
      const data = new Array<number>(classes.length).fill(0);
      for (const r of rows) {
        const i = index.get(r.class);
        if (r[by] === g && i !== undefined) data[i] = (data[i] ?? 0) + r.count;
      }
      return { name: g, type: 'bar', stack: 'all', data };
    }),
  };
}

/** A histogram from bin edges and counts; each bar is one bin (click → that range). */
export function histogramOption(
  bins: readonly number[],
  counts: readonly number[],
  unit: string,
): ChartOption {
  const labels = counts.map((_, i) => fmt(bins[i] ?? 0));
  return {
    ...base,
    grid: { left: 40, right: 8, top: 8, bottom: 28 },
    tooltip: {
      ...base.tooltip,
      formatter: (p: { dataIndex: number; value: number }) =>
        `${fmt(bins[p.dataIndex] ?? 0)} – ${fmt(bins[p.dataIndex + 1] ?? 0)} ${unit}: ${p.value}`,
    },
    xAxis: { type: 'category', data: labels, axisLabel: { fontSize: 9 } },
    yAxis: { type: 'value', axisLabel: { fontSize: 9 } },
    series: [{ type: 'bar', data: [...counts], barCategoryGap: '4%' }],
  };
}

export function issuesOption(issues: OverviewResponse['issues']): ChartOption {
  const types = [...new Set(issues.map((i) => i.type))];
  const severities = ['error', 'warning', 'info'].filter((s) => issues.some((i) => i.severity === s));
  const colors: Record<string, string> = { error: '#dc2626', warning: '#f59e0b', info: '#3b82f6' };
  return {
    ...base,
    legend: { top: 0 },
    grid: { left: 130, right: 16, top: 32, bottom: 24 },
    yAxis: { type: 'category', data: types, inverse: true },
    xAxis: { type: 'value' },
    series: severities.map((s) => ({
      name: s,
      type: 'bar',
      stack: 'all',
      itemStyle: { color: colors[s] },
      data: types.map((t) => issues.find((i) => i.type === t && i.severity === s)?.count ?? 0),
    })),
  };
}

export function apOption(perClass: { class: string; ap: number | null }[]): ChartOption {
  return {
    ...base,
    xAxis: {
      type: 'category',
      data: perClass.map((p) => p.class),
      axisLabel: { rotate: perClass.length > 8 ? 40 : 0 },
    },
    yAxis: { type: 'value', min: 0, max: 1 },
    series: [{ name: 'AP', type: 'bar', data: perClass.map((p) => (p.ap === null ? 0 : round(p.ap))) }],
  };
}

/** Confusion matrix as a heatmap: rows ground truth (y), columns prediction (x). */
export function confusionOption(labels: string[], matrix: number[][]): ChartOption {
  const data: [number, number, number][] = [];
  let max = 1;
  matrix.forEach((row, i) => {
    row.forEach((v, j) => {
      data.push([j, i, v]);
      max = Math.max(max, v);
    });
  });
  return {
    ...base,
    grid: { left: 90, right: 16, top: 16, bottom: 90 },
    tooltip: {
      ...base.tooltip,
      formatter: (p: { value: [number, number, number] }) =>
        `truth ${labels[p.value[1]]} → predicted ${labels[p.value[0]]}: ${p.value[2]}`,
    },
    xAxis: {
      type: 'category',
      data: labels,
      name: 'predicted',
      nameLocation: 'middle',
      nameGap: 70,
      axisLabel: { rotate: 40 },
    },
    yAxis: {
      type: 'category',
      data: labels,
      name: 'truth',
      inverse: true,
      nameLocation: 'middle',
      nameGap: 76,
      nameRotate: 90,
    },
    visualMap: { min: 0, max, show: false, inRange: { color: ['#f8fafc', '#1d4ed8'] } },
    series: [{ type: 'heatmap', data, label: { show: labels.length <= 12 } }],
  };
}

export function prCurvesOption(
  curves: { class: string; recall: number[]; precision: (number | null)[] }[],
): ChartOption {
  return {
    ...base,
    legend: { top: 0, type: 'scroll' },
    xAxis: { type: 'value', name: 'recall', min: 0, max: 1, nameLocation: 'middle', nameGap: 24 },
    yAxis: { type: 'value', name: 'precision', min: 0, max: 1, nameLocation: 'middle', nameGap: 32 },
    series: curves.map((c) => ({
      name: c.class,
      type: 'line',
      showSymbol: false,
      triggerLineEvent: true,
      // Recall levels a class never reaches have no precision (null): left out, not drawn as 0.
      data: c.recall.flatMap((r, i) => {
        const p = c.precision[i];
        return p == null ? [] : [[r, p]];
      }),
    })),
  };
}

function fmt(v: number): string {
  return Math.abs(v) >= 100 || Number.isInteger(v) ? v.toFixed(0) : v.toPrecision(3);
}

function round(v: number): number {
  return Math.round(v * 1000) / 1000;
}
