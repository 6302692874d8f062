import { badge, empty, htmlTable, section } from './_html.js';
import { escapeHtml, formatNumber } from './escape-html.js';
import type { ReportData, ReportIssueExample, ReportIssueGroup } from './report-data.js';
import { thumbnailHtml } from './thumbnail-html.js';

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;

/** Issues by type: a summary table, then the worst examples of each type with thumbnails. */
export function issuesSection(data: ReportData): string {
  if (data.issues.length === 0)
    return section(
      'issues',
      'Issues',
      empty('No open issues. Run `assay scan` and `assay check` to look for them.'),
    );
  const groups = [...data.issues].sort(
    (a, b) =>
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      b.count - a.count ||
      a.type.localeCompare(b.type),
  );
  const total = data.summary.samples;
  const table = htmlTable(
    ['type', 'severity', 'issues'],
    groups.map((g) => [
      { html: `<a href="#issue-${slug(g.type)}">${escapeHtml(g.type)}</a>` },
      { html: badge(g.severity, g.severity) },
      g.count,
    ]),
  );
  const lead = `${formatNumber(groups.reduce((n, g) => n + g.count, 0))} open issues of ${groups.length} types over ${formatNumber(total)} images. Examples are the highest-scoring ones of each type; the box an issue is about is drawn in red.`;
  return section('issues', 'Issues', table + groups.map(groupHtml).join(''), lead);
}

function groupHtml(g: ReportIssueGroup): string {
  const shown = g.examples.length < g.count ? ` · ${g.examples.length} worst shown` : '';
  const head = `<h3 id="issue-${slug(g.type)}">${escapeHtml(g.type)} ${badge(g.severity, g.severity)} <span class="muted">${formatNumber(g.count)}${shown}</span></h3>`;
  return `<div class="issue-group">${head}<div class="examples">${g.examples.map(exampleHtml).join('')}</div></div>`;
}

function exampleHtml(e: ReportIssueExample): string {
  const alt = e.sample ?? 'image';
  const pair = e.relatedThumbnail ? thumbnailHtml(e.relatedThumbnail, e.related[0] ?? 'related image') : '';
  const thumb = e.thumbnail
    ? `<div class="thumbs">${thumbnailHtml(e.thumbnail, alt)}${pair}</div>`
    : e.sample === undefined
      ? ''
      : `<div class="thumb missing">${escapeHtml(e.noThumbnail ?? 'no image')}</div>`;
  const related =
    e.related.length > 0
      ? `<div class="related">with ${e.related
          .slice(0, 3)
          .map((p) => `<code>${escapeHtml(p)}</code>`)
          .join(', ')}${e.related.length > 3 ? ` and ${e.related.length - 3} more` : ''}</div>`
      : '';
  const sample = e.sample ? `<code class="path">${escapeHtml(e.sample)}</code>` : '';
  return `<div class="example">${thumb}<div class="example-text">${sample}<div class="score">score ${e.score.toFixed(2)}</div><div class="reason">${escapeHtml(e.reason)}</div>${related}</div></div>`;
}

/** An id-safe form of an issue type. */
function slug(type: string): string {
  return type.toLowerCase().replace(/[^a-z0-9]+/g, '-');
}
