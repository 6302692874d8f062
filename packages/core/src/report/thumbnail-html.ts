import { r } from './_svg.js';
import { escapeHtml } from './escape-html.js';
import type { Thumbnail } from './report-data.js';

/** The only URI schemes a thumbnail may carry: the report must render without any network access. */
const DATA_IMAGE = /^data:image\/(jpeg|png|webp);base64,[A-Za-z0-9+/=]+$/;

/** An embedded thumbnail with its boxes drawn as an SVG layer on top; the box in the alert colour. */
export function thumbnailHtml(t: Thumbnail, alt: string): string {
  if (!DATA_IMAGE.test(t.src)) return '<div class="thumb missing">no image</div>';
  const boxes = t.boxes
    .map((b) => {
      const cls = b.highlight ? 'box hit' : 'box';
      const title = b.label ? `<title>${escapeHtml(b.label)}</title>` : '';
      return `<rect class="${cls}" x="${r(b.x)}" y="${r(b.y)}" width="${r(Math.max(1, b.w))}" height="${r(Math.max(1, b.h))}">${title}</rect>`;
    })
    .join('');
  const w = Math.round(t.width);
  const h = Math.round(t.height);
  return (
    `<div class="thumb" style="width:${w}px;height:${h}px">` +
    `<img src="${t.src}" width="${w}" height="${h}" alt="${escapeHtml(alt)}">` +
    `<svg viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" aria-hidden="true">${boxes}</svg></div>`
  );
}
