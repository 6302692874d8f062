import { maxOf, minOf } from '../arrays/append-all.js';
import { clip, r, svgOpen, svgText, textWidth, tickLabel } from './_svg.js';
import { escapeHtml, formatNumber } from './escape-html.js';
import { logTicks, niceTicks } from './nice-ticks.js';
import { categoricalColor } from './palette.js';

/** Five-number summary of a distribution. */
export interface Quantiles {
  min: number;
  q1: number;
  median: number;
  q3: number;
  max: number;
}

export interface BoxPlotRow {
  label: string;
  count: number;
  q: Quantiles;
}

export interface BoxPlotChartOptions {
  rows: BoxPlotRow[];
  title: string;
  xLabel: string;
  /** Logarithmic x axis (for ratios such as aspect, and sizes spanning decades). Values must be > 0. */
  log?: boolean;
  width?: number;
  /** Vertical reference line, e.g. aspect 1. */
  reference?: number;
}

const MAX_LABEL_CHARS = 24;

/** Horizontal box plots, one row per label: whiskers min–max, box q1–q3, a line at the median. */
export function boxPlotChart(o: BoxPlotChartOptions): string {
  const width = o.width ?? 420;
  const rowH = 20;
  const left = Math.min(
    170,
    12 + Math.max(40, ...o.rows.map((x) => textWidth(clip(x.label, MAX_LABEL_CHARS)))),
  );
  const m = { top: 8, right: 16, bottom: 40 };
  const plotW = width - left - m.right;
  const height = m.top + o.rows.length * rowH + m.bottom;
  const values = o.rows.flatMap((x) => [x.q.min, x.q.q1, x.q.median, x.q.q3, x.q.max]);
  if (o.reference !== undefined) values.push(o.reference);
  // On a log axis, values <= 0 sit at the axis start.
  const usable = values.filter((v) => Number.isFinite(v) && (!o.log || v > 0));
  const min = usable.length > 0 ? minOf(usable) : 1;
  const max = usable.length > 0 ? maxOf(usable) : 10;
  const axis = o.log ? logTicks(min, Math.max(max, min * 1.0001)) : niceTicks(Math.min(0, min), max, 5);
  const tr = (v: number) => (o.log ? Math.log10(Math.max(axis.lo, v)) : v);
  const xOf = (v: number) => left + ((tr(v) - tr(axis.lo)) / (tr(axis.hi) - tr(axis.lo) || 1)) * plotW;
  const axisY = m.top + o.rows.length * rowH;
  const parts = [svgOpen(width, height, o.title)];
  for (const t of axis.ticks) {
    const x = xOf(t);
    parts.push(`<line class="grid" x1="${r(x)}" x2="${r(x)}" y1="${m.top}" y2="${r(axisY)}"/>`);
    parts.push(svgText(x, axisY + 14, tickLabel(t), { anchor: 'middle', cls: 'tick' }));
  }
  if (o.reference !== undefined) {
    const x = xOf(o.reference);
    parts.push(`<line class="reference" x1="${r(x)}" x2="${r(x)}" y1="${m.top}" y2="${r(axisY)}"/>`);
  }
  o.rows.forEach((row, i) => {
    const cy = m.top + i * rowH + rowH / 2;
    const { q } = row;
    const color = categoricalColor(i);
    const tip = `${row.label} (${formatNumber(row.count)}): min ${formatNumber(q.min)}, q1 ${formatNumber(q.q1)}, median ${formatNumber(q.median)}, q3 ${formatNumber(q.q3)}, max ${formatNumber(q.max)}`;
    parts.push(`<g><title>${escapeHtml(tip)}</title>`);
    parts.push(
      svgText(left - 6, cy, clip(row.label, MAX_LABEL_CHARS), {
        anchor: 'end',
        baseline: 'middle',
        cls: 'label',
      }),
    );
    parts.push(
      `<line class="whisker" x1="${r(xOf(q.min))}" x2="${r(xOf(q.max))}" y1="${r(cy)}" y2="${r(cy)}"/>`,
    );
    const bx = xOf(q.q1);
    const bw = Math.max(1, xOf(q.q3) - bx);
    parts.push(
      `<rect x="${r(bx)}" y="${r(cy - 6)}" width="${r(bw)}" height="12" fill="${color}" fill-opacity="0.55" stroke="${color}"/>`,
    );
    parts.push(
      `<line class="median" x1="${r(xOf(q.median))}" x2="${r(xOf(q.median))}" y1="${r(cy - 7)}" y2="${r(cy + 7)}"/>`,
    );
    parts.push('</g>');
  });
  parts.push(
    `<line class="axis" x1="${r(left)}" x2="${r(width - m.right)}" y1="${r(axisY)}" y2="${r(axisY)}"/>`,
  );
  parts.push(svgText(left + plotW / 2, height - 6, o.xLabel, { anchor: 'middle', cls: 'caption' }));
  parts.push('</svg>');
  return parts.join('');
}

/** Five-number summary of values (linear interpolation between order statistics, as numpy's default). */
export function quantilesOf(values: ArrayLike<number>): Quantiles | undefined {
  const sorted = Float64Array.from(values)
    .filter((v) => !Number.isNaN(v))
    .sort();
  if (sorted.length === 0) return undefined;
  const at = (p: number) => {
    const pos = p * (sorted.length - 1);
    const i = Math.floor(pos);
    const a = sorted[i] as number;
    const b = sorted[Math.min(sorted.length - 1, i + 1)] as number;
    return a + (b - a) * (pos - i);
  };
  return { min: at(0), q1: at(0.25), median: at(0.5), q3: at(0.75), max: at(1) };
}
