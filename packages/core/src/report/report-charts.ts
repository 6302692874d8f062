import type { SampleMetrics } from '../metrics/sample-metrics.js';
import type { DatasetStats } from '../stats/dataset-stats.js';
import { histogram, type Summary } from '../stats/summarize.js';
import type { Quantiles } from './box-plot-chart.js';
import type { CountTable, ReportCharts, ReportHistogram } from './report-data.js';
import { lidarCharts } from './report-lidar.js';

/** Image columns from scan, one value per scanned image. */
export interface ImageColumns {
  megapixels: ArrayLike<number>;
  kilobytes: ArrayLike<number>;
  /** Annotations of the described source per sample (every sample, 0 when none). */
  objectsPerImage: ArrayLike<number>;
}

const BINS = 20;
const MAX_ATTRIBUTE_VALUES = 20;
const MAX_HEATMAP_CLASSES = 25;

interface MetricChart {
  key: keyof SampleMetrics;
  title: string;
  xLabel: string;
  log?: boolean;
  scale?: number;
  note: string;
}

/** The scan metrics the report draws (definitions in docs/metrics.md). */
const METRIC_CHARTS: MetricChart[] = [
  {
    key: 'brightness',
    title: 'Brightness',
    xLabel: 'mean perceived brightness (0–1)',
    note: 'Very dark or very bright images gather at the ends.',
  },
  {
    key: 'contrast',
    title: 'Contrast',
    xLabel: 'RMS contrast (0–1)',
    note: 'Standard deviation of the grey level; low means flat images.',
  },
  {
    key: 'sharpness',
    title: 'Sharpness',
    xLabel: 'variance of the Laplacian (log scale)',
    log: true,
    note: 'Low values are blurry images.',
  },
  {
    key: 'entropy',
    title: 'Entropy',
    xLabel: 'grey-level entropy (bits, 0–8)',
    note: 'Low values carry little information (blank or nearly uniform images).',
  },
  {
    key: 'colourfulness',
    title: 'Colourfulness',
    xLabel: 'Hasler–Süsstrunk colourfulness',
    note: '0 for grey images.',
  },
];

/** Count table from nested counts: rows in the given order, columns the classes. */
function countTable(
  nested: Record<string, Record<string, number>>,
  rows: string[],
  columns: string[],
): CountTable {
  const extra = new Set<string>();
  for (const r of rows) for (const c of Object.keys(nested[r] ?? {})) if (!columns.includes(c)) extra.add(c);
  const cols = [...columns, ...extra];
  return { rows, columns: cols, values: rows.map((r) => cols.map((c) => nested[r]?.[c] ?? 0)) };
}

const quantiles = (s: Summary): Quantiles => ({
  min: s.min,
  q1: s.p25,
  median: s.median,
  q3: s.p75,
  max: s.max,
});

function hist(
  title: string,
  xLabel: string,
  values: ArrayLike<number>,
  log = false,
  note?: string,
): ReportHistogram | undefined {
  const h = histogram(values, { bins: BINS, log });
  if (h.counts.length === 0) return undefined;
  const out: ReportHistogram = { title, xLabel, edges: h.edges, counts: h.counts, log };
  if (note) out.note = note;
  return out;
}

/**
 * Histogram of whole counts: one bin per value when the range is short (so bars sit on the integers),
 * else equal-width bins.
 */
export function countHistogram(
  title: string,
  xLabel: string,
  values: ArrayLike<number>,
): ReportHistogram | undefined {
  let max = 0;
  for (let i = 0; i < values.length; i++) max = Math.max(max, values[i] as number);
  if (values.length === 0) return undefined;
  if (max > 40) return hist(title, xLabel, values);
  const counts = new Array<number>(max + 1).fill(0);
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (Number.isInteger(v) && v >= 0) counts[v] = (counts[v] ?? 0) + 1;
  }
  return { title, xLabel, edges: counts.map((_, i) => i - 0.5).concat(max + 0.5), counts };
}

/** The report's charts from dataset statistics, scanned image columns and scan metrics. Pure. */
export function reportCharts(
  stats: DatasetStats,
  images: ImageColumns,
  metrics: readonly SampleMetrics[],
): ReportCharts {
  const splits = Object.keys(stats.splits).filter((s) => stats.class_distribution.by_split[s]);
  const histograms: (ReportHistogram | undefined)[] = [];
  histograms.push(
    countHistogram('Objects per image', `${stats.source} annotations per image`, images.objectsPerImage),
  );
  histograms.push(hist('Image size', 'megapixels', images.megapixels));
  histograms.push(hist('File size', 'kilobytes (log scale)', images.kilobytes, true));
  for (const m of METRIC_CHARTS) {
    if (metrics.length === 0) break;
    const values = Float64Array.from(metrics, (x) => Number(x[m.key]) * (m.scale ?? 1));
    histograms.push(hist(m.title, m.xLabel, values, m.log, m.note));
  }
  const charts: ReportCharts = {
    boxes: stats.boxes
      .filter((b) => b.count > 0)
      .map((b) => ({ class: b.class, count: b.count, area: quantiles(b.area), aspect: quantiles(b.aspect) })),
    histograms: histograms.filter((h): h is ReportHistogram => h !== undefined),
  };
  if (stats.lidar !== undefined) charts.lidar = lidarCharts(stats.lidar);
  if (stats.attributes.length > 0)
    charts.attributes = stats.attributes.map((a) => ({
      name: a.name,
      annotations: a.annotations,
      values: Object.entries(a.values)
        .sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]))
        .slice(0, MAX_ATTRIBUTE_VALUES),
    }));
  if (splits.length > 0)
    charts.classBySplit = countTable(stats.class_distribution.by_split, splits, stats.classes);
  if (stats.sources.length > 0)
    charts.classBySource = countTable(stats.class_distribution.by_source, stats.sources, stats.classes);
  const co = cooccurrence(stats);
  if (co) charts.cooccurrence = co;
  return charts;
}

/**
 * Co-occurrence of the classes that occur, limited to the MAX_HEATMAP_CLASSES found in most images
 * (kept in class-map order) so the heatmap stays legible.
 */
function cooccurrence(stats: DatasetStats): ReportCharts['cooccurrence'] {
  const m = stats.cooccurrence.samples;
  const occurring = stats.cooccurrence.classes
    .map((c, i) => ({ c, i, n: m[i]?.[i] ?? 0 }))
    .filter((x) => x.n > 0);
  if (occurring.length < 2) return undefined;
  const kept = [...occurring]
    .sort((a, b) => b.n - a.n || a.i - b.i)
    .slice(0, MAX_HEATMAP_CLASSES)
    .sort((a, b) => a.i - b.i);
  return {
    classes: kept.map((k) => k.c),
    counts: kept.map((a) => kept.map((b) => m[a.i]?.[b.i] ?? 0)),
    occurring: occurring.length,
  };
}
