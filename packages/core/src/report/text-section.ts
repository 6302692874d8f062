import type { TextStats } from '../stats/text-stats.js';
import { empty, figure, section } from './_html.js';
import { barChart } from './bar-chart.js';
import { escapeHtml, formatNumber } from './escape-html.js';
import { histogramChart } from './histogram-chart.js';

/** What the report shows of a project's text samples. */
export interface ReportText {
  stats: TextStats;
  /** Ground-truth class labels on text samples, most frequent first. */
  labels: [string, number][];
  /** Ground-truth span types, most frequent first. */
  spanTypes: [string, number][];
  /** Open issues of the text checks, by type. */
  issues: [string, number][];
}

const bars = (title: string, rows: readonly [string, number][]) =>
  barChart({
    title,
    categories: rows.map(([k]) => k),
    series: [{ name: title, values: rows.map(([, n]) => n) }],
  });

/** The Text section: length histograms, languages (and scripts), labels, span types, text issues. */
export function textSection(text: ReportText): string {
  const s = text.stats;
  const parts: string[] = [];
  const lengths = [
    ['Characters per text', 'characters (Unicode code points)', s.characters],
    ['Tokens per text', 'whitespace-separated tokens', s.tokens],
  ] as const;
  parts.push(
    '<h3>Lengths</h3><div class="grid2">',
    ...lengths.map(([title, xLabel, m]) =>
      figure(
        title,
        histogramChart({ title, xLabel, edges: m.histogram.edges, counts: m.histogram.counts }),
        `median ${formatNumber(m.summary.median)} · mean ${formatNumber(m.summary.mean)} · max ${formatNumber(m.summary.max)}`,
      ),
    ),
    '</div>',
  );
  const languages = Object.entries(s.languages).sort((a, b) => b[1] - a[1]);
  const scripts = Object.entries(s.scripts ?? {}).sort((a, b) => b[1] - a[1]);
  parts.push(
    '<h3>Languages</h3><div class="grid2">',
    figure(
      'Texts per language',
      bars('Texts per language', languages),
      'Stated by the source, else detected by assay check (eld); unknown: neither.',
    ),
    scripts.length > 0 ? figure('Texts per script', bars('Texts per script', scripts)) : '',
    '</div>',
  );
  parts.push('<h3>Labels</h3>');
  const labelCharts = [
    text.labels.length > 0
      ? figure('Class labels (ground truth)', bars('Class labels', text.labels.slice(0, 40)))
      : '',
    text.spanTypes.length > 0
      ? figure('Span types (ground truth)', bars('Span types', text.spanTypes.slice(0, 40)))
      : '',
  ].filter((x) => x !== '');
  parts.push(
    labelCharts.length > 0
      ? `<div class="grid2">${labelCharts.join('')}</div>`
      : empty('No ground-truth labels or spans on the texts.'),
  );
  parts.push('<h3>Text issues</h3>');
  parts.push(
    text.issues.length > 0
      ? `<table><thead><tr><th>issue</th><th>texts</th></tr></thead><tbody>${text.issues
          .map(([t, n]) => `<tr><td>${escapeHtml(t)}</td><td>${formatNumber(n)}</td></tr>`)
          .join('')}</tbody></table>`
      : empty('No open text issues (run `assay check`).'),
  );
  return section('text', 'Text', parts.join(''), `${formatNumber(s.samples)} text samples.`);
}
