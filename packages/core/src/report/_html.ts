import { escapeHtml } from './escape-html.js';

/** An HTML table; cells are escaped unless given as `{ html }`. Numbers are right-aligned. */
export type Cell = string | number | { html: string; cls?: string };

export function htmlTable(headers: string[], rows: Cell[][], cls = 'data'): string {
  const th = headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const body = rows.map((row) => `<tr>${row.map((c) => cell(c)).join('')}</tr>`).join('');
  return `<table class="${cls}"><thead><tr>${th}</tr></thead><tbody>${body}</tbody></table>`;
}

function cell(c: Cell): string {
  if (typeof c === 'number') return `<td class="num">${escapeHtml(c.toLocaleString('en-US'))}</td>`;
  if (typeof c === 'string') return `<td>${escapeHtml(c)}</td>`;
  return `<td${c.cls ? ` class="${c.cls}"` : ''}>${c.html}</td>`;
}

/** A section with an anchor id and a heading; `lead` is an escaped sentence under the heading. */
export function section(id: string, title: string, body: string, lead?: string): string {
  const leadHtml = lead ? `<p class="lead">${escapeHtml(lead)}</p>` : '';
  return `<section id="${id}"><h2>${escapeHtml(title)}</h2>${leadHtml}${body}</section>`;
}

/** A chart card: a heading, the SVG, an optional note. */
export function figure(title: string, svg: string, note?: string): string {
  const caption = note ? `<p class="note">${escapeHtml(note)}</p>` : '';
  return `<figure class="card"><figcaption>${escapeHtml(title)}</figcaption>${svg}${caption}</figure>`;
}

/** A muted sentence for an empty part. */
export function empty(text: string): string {
  return `<p class="empty">${codeSpans(escapeHtml(text))}</p>`;
}

/** Turns `command` spans of already escaped text into <code> elements. */
function codeSpans(escaped: string): string {
  return escaped.replace(/`([^`]+)`/g, '<code>$1</code>');
}

/** A small coloured badge (pass/fail, severity). */
export function badge(text: string, kind: string): string {
  return `<span class="badge ${kind}">${escapeHtml(text)}</span>`;
}
