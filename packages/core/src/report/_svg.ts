import { escapeHtml, formatNumber } from './escape-html.js';

/** Approximate width in px of `text` at the charts' 11 px font (average glyph ~6.2 px). */
export function textWidth(text: string, px = 11): number {
  return text.length * px * 0.56;
}

/** Shortens a label to `maxChars` with an ellipsis; the full text goes in a <title>. */
export function clip(text: string, maxChars: number): string {
  return text.length <= maxChars ? text : `${text.slice(0, Math.max(1, maxChars - 1))}…`;
}

export interface TextOptions {
  anchor?: 'start' | 'middle' | 'end';
  cls?: string;
  rotate?: number;
  baseline?: 'middle' | 'hanging' | 'auto';
}

/** An escaped <text> element. */
export function svgText(x: number, y: number, text: string, o: TextOptions = {}): string {
  const attrs = [`x="${r(x)}"`, `y="${r(y)}"`];
  if (o.anchor && o.anchor !== 'start') attrs.push(`text-anchor="${o.anchor}"`);
  if (o.baseline && o.baseline !== 'auto') attrs.push(`dominant-baseline="${o.baseline}"`);
  if (o.cls) attrs.push(`class="${o.cls}"`);
  if (o.rotate) attrs.push(`transform="rotate(${o.rotate} ${r(x)} ${r(y)})"`);
  return `<text ${attrs.join(' ')}>${escapeHtml(text)}</text>`;
}

/** Rounds a coordinate to 0.1 px to keep the markup small. */
export function r(n: number): string {
  return String(Math.round(n * 10) / 10);
}

/** The opening tag of a chart: responsive width, fixed aspect, an accessible name. */
export function svgOpen(width: number, height: number, title: string): string {
  return (
    `<svg class="chart" viewBox="0 0 ${r(width)} ${r(height)}" width="${r(width)}" height="${r(height)}" ` +
    `role="img" aria-label="${escapeHtml(title)}" xmlns="http://www.w3.org/2000/svg">` +
    `<title>${escapeHtml(title)}</title>`
  );
}

/** Axis tick label text: compact (12k, 1.5M) above ten thousand. */
export function tickLabel(v: number): string {
  const a = Math.abs(v);
  if (a >= 1e6) return `${formatNumber(v / 1e6, 1)}M`;
  if (a >= 1e4) return `${formatNumber(v / 1e3, 1)}k`;
  return formatNumber(v, a < 1 ? 3 : 2);
}
