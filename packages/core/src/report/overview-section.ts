import { badge, htmlTable, section } from './_html.js';
import { escapeHtml, formatNumber, formatPercent } from './escape-html.js';
import type { ReportData } from './report-data.js';

function tile(label: string, value: string, detail?: string): string {
  const d = detail ? `<div class="tile-detail">${escapeHtml(detail)}</div>` : '';
  return `<div class="tile"><div class="tile-value">${escapeHtml(value)}</div><div class="tile-label">${escapeHtml(label)}</div>${d}</div>`;
}

/** Key numbers, label sources, splits and scan status. */
export function overviewSection(data: ReportData): string {
  const s = data.summary;
  const scanned = s.scan.ok;
  const problems =
    s.scan.missing + s.scan.corrupt + s.scan.unreadable + s.scan.too_large + s.scan.unsupported;
  const errors = data.issues.filter((g) => g.severity === 'error').reduce((n, g) => n + g.count, 0);
  const tiles = [
    tile('images', formatNumber(s.samples)),
    tile(
      'annotations',
      formatNumber(s.annotations.total),
      `${s.sources.length} label source${s.sources.length === 1 ? '' : 's'}`,
    ),
    tile('classes', formatNumber(s.classes.length)),
    tile('splits', formatNumber(Object.keys(s.splits).length), Object.keys(s.splits).join(', ')),
    tile(
      'scanned',
      s.samples > 0 ? formatPercent(scanned / s.samples) : '—',
      s.samples === 0
        ? 'no images'
        : problems > 0
          ? `${formatNumber(problems)} unreadable`
          : s.scan.pending > 0
            ? `${formatNumber(s.scan.pending)} pending`
            : 'all readable',
    ),
    tile(
      'issues',
      formatNumber(s.issues.total),
      errors > 0 ? `${formatNumber(errors)} error${errors === 1 ? '' : 's'}` : undefined,
    ),
  ].join('');
  const sources =
    s.sources.length === 0
      ? ''
      : `<div><h3>Label sources</h3>${htmlTable(
          ['source', 'kind', 'images', 'annotations'],
          s.sources.map((x) => [x.name, x.kind, x.samples, x.annotations]),
        )}</div>`;
  const splits = `<h3>Splits</h3>${htmlTable(
    ['split', 'images', 'share'],
    Object.entries(s.splits).map(([k, v]) => [k, v, s.samples > 0 ? formatPercent(v / s.samples) : '—']),
  )}`;
  const scan = `<h3>Scan status</h3>${htmlTable(
    ['status', 'images'],
    Object.entries(s.scan)
      .filter(([, v]) => v > 0)
      .map(([k, v]) => [{ html: badge(k, k === 'ok' ? 'pass' : k === 'pending' ? 'info' : 'fail') }, v]),
  )}`;
  const body = `<div class="tiles">${tiles}</div><div class="columns">${sources}<div>${splits}${scan}</div></div>${classTable(data)}${runsTable(data)}`;
  return section('overview', 'Overview', body);
}

function classTable(data: ReportData): string {
  const s = data.summary;
  if (s.classes.length === 0) return '';
  const names = s.sources.map((x) => x.name);
  const rows = s.classes.map((c) => [
    c.name,
    Object.entries(c.original_ids)
      .map(([f, id]) => `${f}:${id}`)
      .join(' '),
    ...names.map((n) => c.counts[n] ?? 0),
  ]);
  return `<h3>Classes</h3><div class="scroll">${htmlTable(['class', 'original ids', ...names], rows)}</div>`;
}

const RUNS_SHOWN = 8;

/** The latest runs (import, scan, check...): what the numbers above come from. */
function runsTable(data: ReportData): string {
  const runs = [...data.summary.runs].sort((a, b) => b.id - a.id).slice(0, RUNS_SHOWN);
  if (runs.length === 0) return '';
  const rows = runs.map((r) => [
    r.id,
    r.kind,
    { html: badge(r.status, r.status === 'ok' ? 'pass' : r.status === 'running' ? 'info' : 'fail') },
    r.started_at.replace('T', ' ').replace(/\.\d+Z?$/, ''),
    r.samples ?? '—',
  ]);
  return `<h3>Latest runs</h3>${htmlTable(['run', 'kind', 'status', 'started', 'samples'], rows)}`;
}
