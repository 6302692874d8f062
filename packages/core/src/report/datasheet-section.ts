import { htmlTable, section } from './_html.js';
import { DATASHEET_THEMES } from './datasheet-questions.js';
import { escapeHtml, formatNumber } from './escape-html.js';
import type { ReportData } from './report-data.js';

function bytes(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${formatNumber(v, u === 0 ? 0 : 1)} ${units[u]}`;
}

/** What Assay measured, as datasheet facts. */
function measured(data: ReportData): [string, string][] {
  const s = data.summary;
  const d = data.datasheet;
  const list = (r: Record<string, number>) =>
    Object.entries(r)
      .map(([k, v]) => `${k} (${formatNumber(v)})`)
      .join(', ') || 'none';
  const rows: [string, string][] = [
    ['Name', data.title],
    ['Images', formatNumber(s.samples)],
    ['Image formats', list(d.imageFormats)],
    ['Size on disk', d.totalBytes > 0 ? bytes(d.totalBytes) : 'not scanned'],
  ];
  if (d.resolution) {
    const r = d.resolution;
    rows.push(['Resolution', `${r.minWidth}–${r.maxWidth} × ${r.minHeight}–${r.maxHeight} px`]);
  }
  rows.push(
    ['Classes', `${s.classes.length}: ${s.classes.map((c) => c.name).join(', ') || 'none'}`],
    ['Splits', list(s.splits)],
    [
      'Label sources',
      s.sources.map((x) => `${x.name} (${formatNumber(x.annotations)} annotations)`).join(', ') || 'none',
    ],
    [
      'Licences',
      d.licenses.length > 0
        ? d.licenses
            .map(
              (l) =>
                `${l.name}${l.url ? ` <${l.url}>` : ''} (${formatNumber(l.samples)} samples` +
                `${l.commercial ? `; commercial use ${l.commercial}` : ''}` +
                `${l.sources?.length ? `; from ${l.sources.join(', ')}` : ''})`,
            )
            .join(', ')
        : 'not stated in the imported annotation files',
    ],
    ...(d.licenceWarning ? [['Licence warning', d.licenceWarning] as [string, string]] : []),
    ['Per-image metadata', list(d.metadataFields)],
    ['Images folders', d.roots.join(', ') || 'none'],
    [
      'Open issues',
      `${formatNumber(s.issues.total)}${s.issues.total > 0 ? `: ${list(s.issues.by_type)}` : ''}`,
    ],
  );
  return rows;
}

/** A datasheet: measured facts, then the questions only the dataset's owner can answer. */
export function datasheetSection(data: ReportData): string {
  const facts = htmlTable(['', 'measured by Assay'], measured(data), 'facts');
  const themes = DATASHEET_THEMES.map(
    (t) =>
      `<div class="theme"><h4>${escapeHtml(t.title)}</h4><ol>${t.questions
        .map(
          (q) =>
            `<li><p>${escapeHtml(q)}</p><div class="answer">to be answered by the dataset owner</div></li>`,
        )
        .join('')}</ol></div>`,
  ).join('');
  const lead =
    'Following "Datasheets for Datasets" (Gebru et al., 2018/2021). The facts Assay can measure are filled in; the questions below are for the people who made the dataset.';
  return section(
    'datasheet',
    'Datasheet',
    `<h3>Measured</h3>${facts}<h3>For the owner to answer</h3><div class="themes">${themes}</div>`,
    lead,
  );
}
