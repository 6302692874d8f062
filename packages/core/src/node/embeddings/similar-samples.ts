import { AssayError } from '../../errors.js';
import { maskField, piiMasks } from '../browse/pii-masks.js';
import type { Db } from '../store/db.js';
import {
  type EmbeddingMatrix,
  type EmbeddingTarget,
  listEmbeddingModels,
  loadEmbeddingMatrix,
} from './embedding-store.js';
import { dbOfTarget } from './embedding-target.js';
import { searchRows } from './knn.js';

export interface SimilarSample {
  id: number;
  path: string;
  /** Cosine distance (0 = same direction, 2 = opposite). */
  distance: number;
}

export interface SimilarSamplesResult {
  model: string;
  sample: { id: number; path: string };
  similar: SimilarSample[];
}

export interface SimilarSamplesOptions {
  k?: number;
  /** Default: the only model, else `mobilenet` when stored, else an error naming the models. */
  model?: string;
  /** The model's vectors when the caller keeps them loaded (a server between changes). */
  matrix?: EmbeddingMatrix;
  /** Searches `matrix` off the calling thread (a server's VectorSearch); default: exact search here. */
  search?: (query: Float32Array, k: number) => Promise<{ keys: BigUint64Array; distances: Float32Array }>;
}

/** The model to use when none is named. */
export async function defaultEmbeddingModel(target: EmbeddingTarget): Promise<string> {
  const models = (await listEmbeddingModels(target)).filter((m) => m.count > 0);
  if (models.length === 1) return (models[0] as { name: string }).name;
  if (models.some((m) => m.name === 'mobilenet')) return 'mobilenet';
  throw new AssayError(
    models.length === 0 ? 'NOT_FOUND' : 'USAGE',
    models.length === 0
      ? 'The project has no embeddings.'
      : 'The project has embeddings of several models; say which.',
    {
      hint:
        models.length === 0
          ? 'Run `assay embed` first.'
          : `Pass --model with one of: ${models.map((m) => m.name).join(', ')}.`,
    },
  );
}

async function findSample(db: Db, sample: string | number): Promise<{ id: number; key: string }> {
  const text = String(sample);
  const row = await db.one<{ id: number; key: string }>(
    'SELECT id, key FROM samples WHERE key = ? OR CAST(id AS VARCHAR) = ? ORDER BY (key = ?) DESC, id LIMIT 1',
    [text, text, text],
  );
  if (!row) {
    throw new AssayError('NOT_FOUND', `The project has no sample "${text}".`, {
      hint: 'Name a sample by its id or its path relative to the images folder (as `assay issues` shows it).',
      details: { sample: text },
    });
  }
  return row;
}

/** A sample's `k` nearest samples by cosine distance of their vectors (exact search). */
export async function similarSamples(
  target: EmbeddingTarget,
  sample: string | number,
  options: SimilarSamplesOptions = {},
): Promise<SimilarSamplesResult> {
  const db = dbOfTarget(target);
  const found = await findSample(db, sample);
  const model = options.model ?? options.matrix?.model ?? (await defaultEmbeddingModel(target));
  const matrix = options.matrix ?? (await loadEmbeddingMatrix(target, model, { shared: false }));
  const row = binarySearch(matrix.sampleIds, found.id);
  if (row < 0) {
    throw new AssayError('NOT_FOUND', `Sample ${found.key} has no ${model} vector.`, {
      hint: `Run \`assay embed --model ${model}\` (it embeds only the samples without one).`,
      details: { sample: found.id, model },
    });
  }
  const k = Math.max(1, options.k ?? 10);
  const query = matrix.data.subarray(row * matrix.dim, (row + 1) * matrix.dim);
  const result = options.search ? await options.search(query, k + 1) : searchRows(matrix, query, k + 1);
  const rows: { row: number; distance: number }[] = [];
  for (let i = 0; i < result.keys.length && rows.length < k; i++) {
    const r = Number(result.keys[i]);
    if (r !== row) rows.push({ row: r, distance: Math.max(0, result.distances[i] as number) });
  }
  const ids = rows.map((r) => matrix.sampleIds[r.row] as number);
  const keys = new Map(
    ids.length === 0
      ? []
      : (
          await db.all<{ id: number; key: string }>(
            `SELECT id, key FROM samples WHERE id IN (${ids.map(() => '?').join(', ')})`,
            ids,
          )
        ).map((r) => [r.id, r.key]),
  );
  // A file name holding personal data `assay privacy` found is shown masked.
  const masks = await piiMasks(db, [found.id, ...ids]);
  const shown = (id: number, key: string) => maskField(masks.get(id)?.fields, 'file_name', key);
  return {
    model,
    sample: { id: found.id, path: shown(found.id, found.key) },
    similar: rows.map((r, i) => ({
      id: ids[i] as number,
      path: shown(ids[i] as number, keys.get(ids[i] as number) ?? ''),
      distance: r.distance,
    })),
  };
}

function binarySearch(ids: Int32Array, id: number): number {
  let lo = 0;
  let hi = ids.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = ids[mid] as number;
    if (v === id) return mid;
    if (v < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
