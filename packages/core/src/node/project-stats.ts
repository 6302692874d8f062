import { computeStats } from '../stats/compute-stats.js';
import { type DatasetStats, DEFAULT_STATS_SOURCE } from '../stats/dataset-stats.js';
import { metricColumns } from '../stats/metric-columns.js';
import { computeTextStats } from '../stats/text-stats.js';
import type { Project } from './project.js';

/** `assay stats`: loads classes, samples, annotations and scan metrics from the store and summarises them. */
export async function projectStats(project: Project, source = DEFAULT_STATS_SOURCE): Promise<DatasetStats> {
  const { store } = project;
  const [classes, samples, annotations, metrics] = await Promise.all([
    store.listClasses(),
    store.listSamples(),
    store.listAnnotationGeometry(),
    store.listSampleMetrics(),
  ]);
  const stats = computeStats({
    classes: classes.map((c) => c.name),
    samples,
    annotations,
    metrics: metricColumns(metrics.values()),
    source,
  });
  const texts = samples.filter((s) => s.kind === 'text');
  if (texts.length > 0) stats.text = computeTextStats(texts);
  return stats;
}
