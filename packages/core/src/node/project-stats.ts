import { type DatasetStats, DEFAULT_STATS_SOURCE } from '../stats/dataset-stats.js';
import { computeTextStats } from '../stats/text-stats.js';
import { lidarStatsRows } from './lidar/lidar-stats-rows.js';
import type { Project } from './project.js';
import { storeDb } from './store/duckdb-store.js';

/**
 * `assay stats`: the dataset statistics as SQL aggregates in the store (node/store/stats-rows.ts), the
 * same numbers computeStats gives over loaded rows, without loading a row per sample or annotation;
 * text lengths and languages from the text samples only (read when the project has any; a language
 * the source does not state is the one `assay check` detected reliably).
 */
export async function projectStats(project: Project, source = DEFAULT_STATS_SOURCE): Promise<DatasetStats> {
  const stats = await project.store.datasetStats(source);
  const texts = await project.store.listSamples({ kind: 'text' });
  if (texts.length > 0) {
    const detected = await project.store.listTextLanguages();
    stats.text = computeTextStats(
      texts.map((t) => {
        const d = detected.get(t.id);
        return {
          ...(t.text === undefined ? {} : { text: t.text }),
          ...(t.language === undefined ? {} : { language: t.language }),
          ...(d?.reliable && d.language ? { detectedLanguage: d.language } : {}),
          ...(d?.script === undefined ? {} : { script: d.script }),
        };
      }),
    );
  }
  const lidar = await lidarStatsRows(storeDb(project.store), source);
  if (lidar !== undefined) stats.lidar = lidar;
  return stats;
}
