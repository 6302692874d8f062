import type { MediaCheckOptions } from '../../checks/media/media-checks.js';
import type { Project } from '../project.js';
import { listEmbeddingModels, loadEmbeddingMatrix } from './embedding-store.js';
import { knnGraphInWorker } from './knn-in-worker.js';

/**
 * Largest cosine distance of a near-duplicate pair per built-in model, chosen on a tuning set of real
 * photos and their altered copies apart from the set the recall is measured on (bench/embed-quality.bench.ts;
 * figures in bench/README.md). Vectors of other models (imported, user ONNX) take part only when the
 * caller gives a distance.
 */
export const EMBEDDING_DUPLICATE_DISTANCE: Readonly<Record<string, number>> = {
  mobilenet: 0.05,
  classic: 0.01,
};

export interface EmbeddingDuplicateOptions {
  /** Default: mobilenet when stored, else classic. */
  model?: string;
  maxDistance?: number;
  /** Neighbours looked at per sample (default 10). */
  k?: number;
}

/** Pairs of samples whose stored vectors are within the distance, for the duplicate checks; undefined when no model applies. */
export async function embeddingDuplicatePairs(
  project: Project,
  options: EmbeddingDuplicateOptions = {},
): Promise<MediaCheckOptions['embeddingPairs']> {
  const stored = (await listEmbeddingModels(project)).filter((m) => m.count > 1).map((m) => m.name);
  const model = options.model ?? ['mobilenet', 'classic'].find((m) => stored.includes(m));
  if (model === undefined || !stored.includes(model)) return undefined;
  const threshold = options.maxDistance ?? EMBEDDING_DUPLICATE_DISTANCE[model];
  if (threshold === undefined) return undefined;
  const matrix = await loadEmbeddingMatrix(project, model);
  const k = options.k ?? 10;
  const graph = await knnGraphInWorker(matrix, k);
  const pairs: { a: number; b: number; distance: number }[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < matrix.sampleIds.length; i++) {
    for (let j = 0; j < k; j++) {
      const r = graph.rows[i * k + j] as number;
      const d = graph.distances[i * k + j] as number;
      if (r < 0 || !(d <= threshold)) break;
      const a = Math.min(matrix.sampleIds[i] as number, matrix.sampleIds[r] as number);
      const b = Math.max(matrix.sampleIds[i] as number, matrix.sampleIds[r] as number);
      const key = `${a}:${b}`;
      if (seen.has(key)) continue;
      seen.add(key);
      pairs.push({ a, b, distance: d });
    }
  }
  return { model, threshold, pairs };
}
