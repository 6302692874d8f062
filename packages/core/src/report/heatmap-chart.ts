import { clip, r, svgOpen, svgText, textWidth } from './_svg.js';
import { escapeHtml, formatNumber } from './escape-html.js';
import { rampColor } from './palette.js';

export interface HeatmapChartOptions {
  /** Row labels (and column labels when `columns` is not given: a square matrix). */
  rows: string[];
  columns?: string[];
  /** values[row][column]. */
  values: number[][];
  title: string;
  /** Largest cell side in px (default 30). */
  maxCell?: number;
  /** Largest width in px (default 640). */
  maxWidth?: number;
}

const MAX_LABEL_CHARS = 22;

/** A heatmap as inline SVG (square-root colour scale so small counts still show); values in each cell when they fit. */
export function heatmapChart(o: HeatmapChartOptions): string {
  const columns = o.columns ?? o.rows;
  const labelW = (labels: string[]) =>
    Math.min(150, 10 + Math.max(20, ...labels.map((l) => textWidth(clip(l, MAX_LABEL_CHARS)))));
  const left = labelW(o.rows);
  const top = labelW(columns) * 0.75 + 8;
  const maxWidth = o.maxWidth ?? 640;
  const cell = Math.max(6, Math.min(o.maxCell ?? 30, (maxWidth - left - 10) / Math.max(1, columns.length)));
  // Column labels lean right at 45°: leave room past the last column for the longest one.
  const width = left + cell * columns.length + labelW(columns) * 0.72;
  const height = top + cell * o.rows.length + 10;
  let max = 0;
  for (const row of o.values) for (const v of row) if (v > max) max = v;
  const parts = [svgOpen(width, height, o.title)];
  columns.forEach((c, j) => {
    const x = left + j * cell + cell / 2;
    parts.push(
      `<g><title>${escapeHtml(c)}</title>${svgText(x, top - 6, clip(c, MAX_LABEL_CHARS), { rotate: -45, cls: 'label' })}</g>`,
    );
  });
  const showValues = cell >= 22;
  o.rows.forEach((rowLabel, i) => {
    const y = top + i * cell;
    parts.push(
      `<g><title>${escapeHtml(rowLabel)}</title>${svgText(left - 6, y + cell / 2, clip(rowLabel, MAX_LABEL_CHARS), { anchor: 'end', baseline: 'middle', cls: 'label' })}</g>`,
    );
    columns.forEach((colLabel, j) => {
      const v = o.values[i]?.[j] ?? 0;
      const t = max > 0 ? Math.sqrt(v / max) : 0;
      const x = left + j * cell;
      const tip = `${rowLabel} × ${colLabel}: ${formatNumber(v)}`;
      parts.push(
        `<rect x="${r(x)}" y="${r(y)}" width="${r(cell - 1)}" height="${r(cell - 1)}" fill="${rampColor(t)}"><title>${escapeHtml(tip)}</title></rect>`,
      );
      if (showValues && v > 0) {
        const cls = t > 0.6 ? 'cell light' : 'cell';
        parts.push(
          svgText(x + (cell - 1) / 2, y + (cell - 1) / 2, compact(v), {
            anchor: 'middle',
            baseline: 'middle',
            cls,
          }),
        );
      }
    });
  });
  parts.push('</svg>');
  return parts.join('');
}

function compact(v: number): string {
  if (v >= 1e6) return `${formatNumber(v / 1e6, 1)}M`;
  if (v >= 1e3) return `${formatNumber(v / 1e3, 1)}k`;
  return formatNumber(v, 1);
}
