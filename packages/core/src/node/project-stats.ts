import { type DatasetStats, DEFAULT_STATS_SOURCE } from '../stats/dataset-stats.js';
import type { Project } from './project.js';

/**
 * `assay stats`: the dataset statistics as SQL aggregates in the store (node/store/stats-rows.ts), the
 * same numbers computeStats gives over loaded rows, without loading a row per sample or annotation.
 */
export async function projectStats(project: Project, source = DEFAULT_STATS_SOURCE): Promise<DatasetStats> {
  return project.store.datasetStats(source);
}
