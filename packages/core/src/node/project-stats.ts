import { computeStats } from '../stats/compute-stats.js';
import { type DatasetStats, DEFAULT_STATS_SOURCE } from '../stats/dataset-stats.js';
import { metricColumns } from '../stats/metric-columns.js';
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
  return computeStats({
    classes: classes.map((c) => c.name),
    samples,
    annotations,
    metrics: metricColumns(metrics.values()),
    source,
  });
}
