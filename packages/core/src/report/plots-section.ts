import { empty, figure, section } from './_html.js';
import { barChart } from './bar-chart.js';
import { boxPlotChart } from './box-plot-chart.js';
import { formatPercent } from './escape-html.js';
import { heatmapChart } from './heatmap-chart.js';
import { histogramChart } from './histogram-chart.js';
import type { CountTable, ReportComposition, ReportData } from './report-data.js';
import { lidarPlots } from './report-lidar.js';

/** Column-wise series of a count table: categories are its columns, one series per row. */
function tableBars(t: CountTable, title: string, stacked: boolean): string {
  return barChart({
    title,
    categories: t.columns,
    series: t.rows.map((name, i) => ({ name, values: t.values[i] ?? [] })),
    stacked,
  });
}

/** The charts: class distribution, box size and aspect, histograms, co-occurrence, composition. */
export function plotsSection(data: ReportData): string {
  const c = data.charts;
  const parts: string[] = [];
  const dist: string[] = [];
  if (c.classBySplit && c.classBySplit.columns.length > 0)
    dist.push(
      figure(
        'Ground-truth objects per class and split',
        tableBars(c.classBySplit, 'Ground-truth objects per class, stacked by split', true),
      ),
    );
  if (c.classBySource && c.classBySource.rows.length > 1)
    dist.push(
      figure(
        'Annotations per class and label source',
        tableBars(c.classBySource, 'Annotations per class for each label source', false),
      ),
    );
  parts.push(
    '<h3>Class distribution</h3>',
    dist.length > 0 ? `<div class="grid2">${dist.join('')}</div>` : empty('No class labels.'),
  );
  if (c.boxes.length > 0) {
    const rows = (pick: 'area' | 'aspect') =>
      c.boxes.map((b) => ({ label: b.class, count: b.count, q: b[pick] }));
    parts.push(
      '<h3>Box size and aspect per class</h3><div class="grid2">',
      figure(
        'Box area',
        boxPlotChart({
          rows: rows('area'),
          title: 'Box area per class',
          xLabel: 'box area, px² (log scale)',
          log: true,
        }),
        'Box: middle half of the boxes; line: median; whiskers: smallest and largest.',
      ),
      figure(
        'Box aspect',
        boxPlotChart({
          rows: rows('aspect'),
          title: 'Box aspect per class',
          xLabel: 'width / height (log scale)',
          log: true,
          reference: 1,
        }),
        'The dashed line marks square boxes (aspect 1).',
      ),
      '</div>',
    );
  }
  if (c.histograms.length > 0) {
    parts.push(
      '<h3>Image properties</h3><div class="grid3">',
      ...c.histograms.map((h) =>
        figure(
          h.title,
          histogramChart({
            edges: h.edges,
            counts: h.counts,
            title: h.title,
            xLabel: h.xLabel,
            log: h.log === true,
          }),
          h.note,
        ),
      ),
      '</div>',
    );
  }
  if (c.lidar) parts.push(lidarPlots(c.lidar));
  if (c.attributes && c.attributes.length > 0) {
    parts.push(
      '<h3>Attributes</h3><div class="grid2">',
      ...c.attributes.map((a) =>
        figure(
          `${a.name} (${a.annotations} annotations)`,
          barChart({
            title: `Values of attribute ${a.name}`,
            categories: a.values.map(([v]) => v),
            series: [{ name: a.name, values: a.values.map(([, n]) => n) }],
          }),
        ),
      ),
      '</div>',
    );
  }
  if (c.cooccurrence && c.cooccurrence.classes.length > 1) {
    parts.push(
      '<h3>Class co-occurrence</h3>',
      figure(
        'Images in which both classes occur',
        heatmapChart({
          rows: c.cooccurrence.classes,
          values: c.cooccurrence.counts,
          title: 'Class co-occurrence',
        }),
        `Ground truth. The diagonal counts the images that contain the class at all.${
          (c.cooccurrence.occurring ?? 0) > c.cooccurrence.classes.length
            ? ` Showing the ${c.cooccurrence.classes.length} classes found in most images, of ${c.cooccurrence.occurring}.`
            : ''
        }`,
      ),
    );
  }
  if (data.plan && data.plan.compositions.length > 0) {
    parts.push(
      '<h3>Composition against the plan</h3><div class="grid2">',
      ...data.plan.compositions.map(compositionFigure),
      '</div>',
    );
  }
  return section('plots', 'Plots', parts.join(''));
}

function compositionFigure(p: ReportComposition): string {
  const keys = [...new Set([...Object.keys(p.target), ...Object.keys(p.actual)])];
  const svg = barChart({
    title: `Composition of ${p.field}: target and measured shares`,
    categories: keys,
    series: [
      { name: 'target', values: keys.map((k) => p.target[k] ?? 0), color: '#9aa5b1' },
      {
        name: 'measured',
        values: keys.map((k) => p.actual[k] ?? 0),
        color: p.passed ? '#4a9d5b' : '#c8453c',
      },
    ],
    stacked: false,
    format: formatPercent,
  });
  return figure(
    `${p.field}: overlap ${formatPercent(p.overlap)} (needs ${formatPercent(p.minOverlap)})`,
    svg,
    'Overlap = Σ min(target, measured) / Σ max(target, measured).',
  );
}
