import { maxOf } from '../arrays/append-all.js';
import { clip, r, svgOpen, svgText, textWidth, tickLabel } from './_svg.js';
import { escapeHtml, formatNumber } from './escape-html.js';
import { niceTicks } from './nice-ticks.js';
import { categoricalColor } from './palette.js';

export interface BarSeries {
  name: string;
  /** One value per category. */
  values: number[];
  color?: string;
}

export interface BarChartOptions {
  /** One horizontal bar (or group of bars) per category, top to bottom. */
  categories: string[];
  series: BarSeries[];
  /** Accessible name of the chart. */
  title: string;
  /** Stack the series (default) or put them side by side. */
  stacked?: boolean;
  /** Total width in px (default 560). */
  width?: number;
  /** Format of values on the axis and in tooltips (default: counts). */
  format?: (v: number) => string;
}

const MAX_LABEL_CHARS = 28;

/** Horizontal bar chart as inline SVG: categories down the side, so long class names stay readable. */
export function barChart(o: BarChartOptions): string {
  const width = o.width ?? 560;
  const stacked = o.stacked ?? true;
  const fmt = o.format ?? ((v: number) => formatNumber(v));
  const n = o.series.length;
  const barH = stacked ? 16 : Math.max(6, Math.min(14, 22 / Math.max(1, n)));
  const rowH = stacked ? 22 : barH * n + 8;
  const left = Math.min(
    200,
    12 + Math.max(40, ...o.categories.map((c) => textWidth(clip(c, MAX_LABEL_CHARS)))),
  );
  const legendH = n > 1 ? 22 : 0;
  const top = legendH + 6;
  const right = 56;
  const plotW = width - left - right;
  const height = top + o.categories.length * rowH + 26;
  const totals = o.categories.map((_, i) =>
    stacked
      ? o.series.reduce((s, x) => s + (x.values[i] ?? 0), 0)
      : Math.max(0, ...o.series.map((x) => x.values[i] ?? 0)),
  );
  const largest = Math.max(0, maxOf(totals));
  const { ticks, hi } = niceTicks(0, largest > 0 ? largest : 1, 5);
  const xOf = (v: number) => left + (v / hi) * plotW;
  const parts = [svgOpen(width, height, o.title)];
  if (n > 1) parts.push(legend(o.series, left, 4));
  const axisY = top + o.categories.length * rowH;
  for (const t of ticks) {
    const x = xOf(t);
    parts.push(`<line class="grid" x1="${r(x)}" x2="${r(x)}" y1="${r(top)}" y2="${r(axisY)}"/>`);
    parts.push(svgText(x, axisY + 14, tickLabel(t), { anchor: 'middle', cls: 'tick' }));
  }
  o.categories.forEach((cat, i) => {
    const y0 = top + i * rowH + (stacked ? (rowH - barH) / 2 : 4);
    parts.push(
      `<g><title>${escapeHtml(cat)}</title>${svgText(left - 6, top + i * rowH + rowH / 2, clip(cat, MAX_LABEL_CHARS), { anchor: 'end', baseline: 'middle', cls: 'label' })}</g>`,
    );
    let acc = 0;
    o.series.forEach((s, k) => {
      const v = s.values[i] ?? 0;
      const x = stacked ? xOf(acc) : left;
      const y = stacked ? y0 : y0 + k * barH;
      const w = Math.max(0, xOf(v) - left);
      acc += v;
      if (v <= 0) return;
      const color = s.color ?? categoricalColor(k);
      const tip = n > 1 ? `${cat} · ${s.name}: ${fmt(v)}` : `${cat}: ${fmt(v)}`;
      parts.push(
        `<rect x="${r(x)}" y="${r(y)}" width="${r(w)}" height="${r(stacked ? barH : barH - 1)}" fill="${color}"><title>${escapeHtml(tip)}</title></rect>`,
      );
      if (!stacked)
        parts.push(svgText(x + w + 4, y + barH / 2, fmt(v), { baseline: 'middle', cls: 'value' }));
    });
    if (stacked) {
      const total = totals[i] ?? 0;
      parts.push(
        svgText(xOf(total) + 4, top + i * rowH + rowH / 2, fmt(total), { baseline: 'middle', cls: 'value' }),
      );
    }
  });
  parts.push(`<line class="axis" x1="${r(left)}" x2="${r(left)}" y1="${r(top)}" y2="${r(axisY)}"/>`);
  parts.push('</svg>');
  return parts.join('');
}

/** A one-line legend of coloured squares and series names. */
export function legend(series: { name: string; color?: string }[], x0: number, y: number): string {
  let x = x0;
  const out: string[] = [];
  series.forEach((s, k) => {
    const color = s.color ?? categoricalColor(k);
    const label = clip(s.name, 24);
    out.push(`<rect x="${r(x)}" y="${r(y + 2)}" width="10" height="10" rx="2" fill="${color}"/>`);
    out.push(svgText(x + 14, y + 7, label, { baseline: 'middle', cls: 'legend' }));
    x += 26 + textWidth(label);
  });
  return `<g>${out.join('')}</g>`;
}
