import { r, svgOpen, svgText, tickLabel } from './_svg.js';
import { escapeHtml, formatNumber } from './escape-html.js';
import { logTicks, niceTicks } from './nice-ticks.js';

export interface HistogramChartOptions {
  /** Bin edges, ascending: `counts.length + 1` of them. */
  edges: number[];
  counts: number[];
  title: string;
  /** Axis caption under the chart, e.g. "mean luma (0–255)". */
  xLabel: string;
  width?: number;
  height?: number;
  color?: string;
  /** Edges evenly spaced in log10: draw the x axis on a log scale (values must be > 0). */
  log?: boolean;
}

/** A histogram as inline SVG: one bar per bin, x axis on the value scale, y axis in counts. */
export function histogramChart(o: HistogramChartOptions): string {
  const width = o.width ?? 340;
  const height = o.height ?? 190;
  const m = { left: 40, right: 12, top: 10, bottom: 40 };
  const plotW = width - m.left - m.right;
  const plotH = height - m.top - m.bottom;
  const lo = o.edges[0] ?? 0;
  const hiEdge = o.edges[o.edges.length - 1] ?? 1;
  const t = (v: number) => (o.log ? Math.log10(Math.max(v, Number.MIN_VALUE)) : v);
  const span = t(hiEdge) - t(lo) || 1;
  const xOf = (v: number) => m.left + ((t(v) - t(lo)) / span) * plotW;
  const y = niceTicks(0, Math.max(1, ...o.counts), 4);
  const yOf = (v: number) => m.top + plotH - (v / y.hi) * plotH;
  const parts = [svgOpen(width, height, o.title)];
  for (const t of y.ticks) {
    parts.push(
      `<line class="grid" x1="${m.left}" x2="${r(width - m.right)}" y1="${r(yOf(t))}" y2="${r(yOf(t))}"/>`,
    );
    parts.push(svgText(m.left - 5, yOf(t), tickLabel(t), { anchor: 'end', baseline: 'middle', cls: 'tick' }));
  }
  const color = o.color ?? '#3b6fb6';
  o.counts.forEach((c, i) => {
    const a = o.edges[i] ?? lo;
    const b = o.edges[i + 1] ?? hiEdge;
    if (c <= 0) return;
    const x0 = xOf(a) + 0.5;
    const w = Math.max(0.5, xOf(b) - xOf(a) - 1);
    const tip = `${formatNumber(a)} – ${formatNumber(b)}: ${formatNumber(c)}`;
    parts.push(
      `<rect x="${r(x0)}" y="${r(yOf(c))}" width="${r(w)}" height="${r(yOf(0) - yOf(c))}" fill="${color}"><title>${escapeHtml(tip)}</title></rect>`,
    );
  });
  const x = o.log ? logTicks(lo, hiEdge) : niceTicks(lo, hiEdge, 5);
  const axisY = m.top + plotH;
  parts.push(
    `<line class="axis" x1="${m.left}" x2="${r(width - m.right)}" y1="${r(axisY)}" y2="${r(axisY)}"/>`,
  );
  for (const tick of x.ticks) {
    const px = xOf(tick);
    if (px < m.left - 0.5 || px > width - m.right + 0.5) continue;
    parts.push(svgText(px, axisY + 14, tickLabel(tick), { anchor: 'middle', cls: 'tick' }));
  }
  parts.push(svgText(m.left + plotW / 2, height - 6, o.xLabel, { anchor: 'middle', cls: 'caption' }));
  parts.push('</svg>');
  return parts.join('');
}

/**
 * Bins values into `bins` equal-width bins over [min, max] (NaN skipped). Pure: for callers that have raw
 * values rather than counts.
 */
export function binValues(
  values: ArrayLike<number>,
  bins = 20,
  range?: [number, number],
): { edges: number[]; counts: number[] } {
  let min = range?.[0] ?? Number.POSITIVE_INFINITY;
  let max = range?.[1] ?? Number.NEGATIVE_INFINITY;
  if (!range) {
    for (let i = 0; i < values.length; i++) {
      const v = values[i] as number;
      if (Number.isNaN(v)) continue;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  if (!Number.isFinite(min) || !Number.isFinite(max)) return { edges: [0, 1], counts: [0] };
  if (max === min) max = min + 1;
  const width = (max - min) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, i) => min + i * width);
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (Number.isNaN(v) || v < min || v > max) continue;
    const k = Math.min(bins - 1, Math.floor((v - min) / width));
    counts[k] = (counts[k] ?? 0) + 1;
  }
  return { edges, counts };
}
