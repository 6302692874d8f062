import {
  bytesPerValue,
  type VectorEncoding,
  vecDecodeInto,
  vecEncode,
} from '../../embeddings/vector-codec.js';
import { AssayError } from '../../errors.js';
import type { ProjectStore } from '../../store/project-store.js';
import { Db } from '../store/db.js';
import { dbOfTarget, type EmbeddingTarget } from './embedding-target.js';
import type { PackedRows } from './vector-rows.js';

export type { EmbeddingTarget } from './embedding-target.js';

export interface EmbeddingModelInfo {
  name: string;
  dim: number;
  encoding: VectorEncoding;
  /** What made the vectors: `{kind:'builtin', name}`, `{kind:'onnx', file, sha256, ...}`, `{kind:'import', file}`. */
  spec: Record<string, unknown>;
  /** Vectors stored for samples still in the project. */
  count: number;
}

/** Row-major vectors of one model, by ascending sample id. */
export interface EmbeddingMatrix {
  model: string;
  sampleIds: Int32Array;
  dim: number;
  data: Float32Array;
}

export interface StoreEmbeddingsOptions {
  model: string;
  dim: number;
  /** Used when the model is new (default float16); a known model keeps its encoding. */
  encoding?: VectorEncoding;
  spec?: Record<string, unknown>;
  /** Delete the model's vectors, scores and map first, in the same transaction (a refused batch keeps them). */
  replace?: boolean;
}

function dbOf(target: EmbeddingTarget): Db {
  return dbOfTarget(target);
}

function storeOf(target: EmbeddingTarget): ProjectStore | undefined {
  if (target instanceof Db) return undefined;
  return 'store' in target ? target.store : target;
}

async function inTransaction<T>(target: EmbeddingTarget, fn: () => Promise<T>): Promise<T> {
  const store = storeOf(target);
  return store ? store.transaction(fn) : fn();
}

/** A part of the vectors to store: `sampleIds.length` rows of `dim` values, row-major in `data`. */
export interface EmbeddingBatch {
  sampleIds: ArrayLike<number>;
  data: Float32Array;
}

/**
 * Stores `sampleIds.length` vectors of `dim` values (row-major in `data`) for `model`, replacing the
 * vectors those samples had for it. Registers the model on first use; refuses another dimension.
 * Non-finite values are refused (they would poison every distance).
 */
export async function storeEmbeddings(
  target: EmbeddingTarget,
  options: StoreEmbeddingsOptions,
  sampleIds: ArrayLike<number>,
  data: Float32Array,
): Promise<void> {
  await storeEmbeddingBatches(target, options, [{ sampleIds, data }]);
}

/**
 * `storeEmbeddings` a batch at a time, in one transaction: the caller reads the next batch (a part of a
 * file) only when the last one is written, so a million vectors never sit in memory at once. A refused
 * batch (non-finite value, another dimension) rolls every batch back.
 */
export async function storeEmbeddingBatches(
  target: EmbeddingTarget,
  options: StoreEmbeddingsOptions,
  batches: Iterable<EmbeddingBatch> | AsyncIterable<EmbeddingBatch>,
): Promise<number> {
  const { model, dim } = options;
  const db = dbOf(target);
  let stored = 0;
  await inTransaction(target, async () => {
    if (options.replace) await deleteModelRows(db, model);
    const known = await db.one<{ dim: number; encoding: VectorEncoding }>(
      'SELECT dim, encoding FROM embedding_models WHERE name = ?',
      [model],
    );
    if (known && known.dim !== dim) {
      throw new AssayError(
        'INVALID_INPUT',
        `Embeddings of model "${model}" have ${known.dim} values; these have ${dim}.`,
        {
          hint: `Use another model name, or delete the stored "${model}" vectors first (assay embed --model ${model} --replace).`,
          details: { model, stored: known.dim, given: dim },
        },
      );
    }
    const encoding = known?.encoding ?? options.encoding ?? 'float16';
    let registered = false;
    for await (const { sampleIds, data } of batches) {
      checkBatch(model, dim, sampleIds, data);
      if (!registered) {
        registered = true;
        await registerModel(db, model, dim, encoding, known !== undefined, options.spec);
      }
      if (sampleIds.length === 0) continue;
      await appendBatch(db, model, dim, encoding, sampleIds, data);
      stored += sampleIds.length;
    }
    if (!registered) await registerModel(db, model, dim, encoding, known !== undefined, options.spec);
  });
  return stored;
}

function checkBatch(model: string, dim: number, sampleIds: ArrayLike<number>, data: Float32Array): void {
  if (!Number.isInteger(dim) || dim <= 0 || data.length !== sampleIds.length * dim) {
    throw new AssayError(
      'INTERNAL',
      `storeEmbeddings: ${sampleIds.length} ids × ${dim} does not match ${data.length} values.`,
    );
  }
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) {
      const row = Math.floor(i / dim);
      throw new AssayError(
        'INVALID_INPUT',
        `The ${model} vector of sample ${sampleIds[row]} holds ${data[i]}.`,
        {
          hint: 'Embeddings must be finite numbers; check the model or the file that produced them.',
          details: { model, sampleId: sampleIds[row] },
        },
      );
    }
  }
}

async function registerModel(
  db: Db,
  model: string,
  dim: number,
  encoding: VectorEncoding,
  known: boolean,
  spec: Record<string, unknown> | undefined,
): Promise<void> {
  if (!known) {
    await db.run('INSERT INTO embedding_models (name, dim, encoding, spec) VALUES (?, ?, ?, ?)', [
      model,
      dim,
      encoding,
      JSON.stringify(spec ?? {}),
    ]);
  } else if (spec) {
    await db.run('UPDATE embedding_models SET spec = ? WHERE name = ?', [JSON.stringify(spec), model]);
  }
}

async function appendBatch(
  db: Db,
  model: string,
  dim: number,
  encoding: VectorEncoding,
  sampleIds: ArrayLike<number>,
  data: Float32Array,
): Promise<void> {
  await db.run('CREATE TEMP TABLE IF NOT EXISTS embedding_ids (id INTEGER)');
  await db.run('DELETE FROM embedding_ids');
  const ids = await db.connection.createAppender('embedding_ids');
  for (let i = 0; i < sampleIds.length; i++) {
    ids.appendInteger(sampleIds[i] as number);
    ids.endRow();
  }
  ids.closeSync();
  await db.run('DELETE FROM embeddings WHERE model = ? AND sample_id IN (SELECT id FROM embedding_ids)', [
    model,
  ]);
  const appender = await db.connection.createAppender('embeddings');
  for (let r = 0; r < sampleIds.length; r++) {
    const { scale, bytes } = vecEncode(data.subarray(r * dim, (r + 1) * dim), encoding);
    appender.appendVarchar(model);
    appender.appendInteger(sampleIds[r] as number);
    appender.appendFloat(scale);
    appender.appendBlob(bytes);
    appender.endRow();
  }
  appender.closeSync();
}

/** Every model with stored vectors (or registered), with the number of current samples it covers. */
export async function listEmbeddingModels(target: EmbeddingTarget): Promise<EmbeddingModelInfo[]> {
  const rows = await dbOf(target).all<{
    name: string;
    dim: number;
    encoding: VectorEncoding;
    spec: string;
    count: number;
  }>(
    `SELECT m.name, m.dim, m.encoding, m.spec::VARCHAR AS spec,
            (SELECT count(*) FROM embeddings e JOIN samples s ON s.id = e.sample_id WHERE e.model = m.name) AS count
       FROM embedding_models m ORDER BY m.name`,
  );
  return rows.map((r) => ({ ...r, spec: JSON.parse(r.spec ?? '{}') as Record<string, unknown> }));
}

/** The model's row, or undefined when it has never been stored. */
export async function embeddingModel(
  target: EmbeddingTarget,
  model: string,
): Promise<EmbeddingModelInfo | undefined> {
  return (await listEmbeddingModels(target)).find((m) => m.name === model);
}

/**
 * The vectors of `model` for the samples still in the project (excluded samples left out), by
 * ascending sample id, decoded to float32 (on a SharedArrayBuffer unless `shared: false`). Throws NOT_FOUND naming the known models when it has none.
 */
export async function loadEmbeddingMatrix(
  target: EmbeddingTarget,
  model: string,
  options: { shared?: boolean } = {},
): Promise<EmbeddingMatrix> {
  let data: Float32Array = new Float32Array(0);
  const { sampleIds, dim } = await readStoredVectors(target, model, false, (n, dim) => {
    // on a SharedArrayBuffer: the k-NN and search workers read it without a copy (1M × 1280 is 5.1 GB);
    // `shared: false` for a caller on this thread (usearch's exact search copies a shared array first)
    data = new Float32Array(
      options.shared === false ? new ArrayBuffer(n * dim * 4) : new SharedArrayBuffer(n * dim * 4),
    );
    return (r, scale, bytes, encoding) => vecDecodeInto(bytes, scale, encoding, data, r * dim);
  });
  return { model, sampleIds, dim, data };
}

/**
 * The vectors of `model` as loadEmbeddingMatrix reads them, kept encoded as stored (bytes and scales on
 * SharedArrayBuffers, for the k-NN worker): half the memory in float16 (1M × 512: 1 GB, not 2 GB), each
 * row decoded where it is read (vector-rows.ts `readRows`) to the values loadEmbeddingMatrix gives. The
 * read is streamed (readStoredVectors): for the analysis, whose connection runs nothing else meanwhile.
 */
export async function loadPackedEmbeddings(
  target: EmbeddingTarget,
  model: string,
): Promise<PackedRows & { model: string }> {
  let bytes: Uint8Array = new Uint8Array(0);
  let scales: Float32Array = new Float32Array(0);
  let encoding: VectorEncoding = 'float16';
  const { sampleIds, dim } = await readStoredVectors(target, model, true, (n, dim, stored) => {
    encoding = stored;
    const width = dim * bytesPerValue(stored);
    bytes = new Uint8Array(new SharedArrayBuffer(n * width));
    scales = new Float32Array(new SharedArrayBuffer(n * 4));
    return (r, scale, row) => {
      bytes.set(row, r * width);
      scales[r] = scale;
    };
  });
  return { model, sampleIds, dim, encoding, bytes, scales };
}

/**
 * Each stored vector of `model` by ascending sample id, given to the row writer `start` returns.
 * `streamed`: DuckDB produces the vectors as they are taken instead of holding the whole result first
 * (1M × 512 float16: ~1 GB); the connection must then run nothing else until the read ends (the
 * analysis's read: a server's routes share their connection, so loadEmbeddingMatrix's is not streamed).
 */
async function readStoredVectors(
  target: EmbeddingTarget,
  model: string,
  streamed: boolean,
  start: (
    n: number,
    dim: number,
    encoding: VectorEncoding,
  ) => (r: number, scale: number, bytes: Uint8Array, encoding: VectorEncoding) => void,
): Promise<{ sampleIds: Int32Array; dim: number }> {
  const db = dbOf(target);
  const info = await db.one<{ dim: number; encoding: VectorEncoding }>(
    'SELECT dim, encoding FROM embedding_models WHERE name = ?',
    [model],
  );
  if (!info) {
    const names = (await db.all<{ name: string }>('SELECT name FROM embedding_models ORDER BY name')).map(
      (r) => r.name,
    );
    throw new AssayError('NOT_FOUND', `The project has no embeddings of model "${model}".`, {
      hint:
        names.length > 0
          ? `Known models: ${names.join(', ')}. Or run \`assay embed --model ${model}\`.`
          : 'Run `assay embed` (or `assay import embeddings FILE`) first.',
      details: { model, known: names },
    });
  }
  // the sample ids first, sorted (4 bytes a row); then the vectors in the table's order, each written at
  // its id's row. An ORDER BY of the vectors themselves sorted every blob in DuckDB's memory (1M × 512
  // float16: ~1 GB more, and its allocator kept most of it through the analysis)
  const ids: number[] = [];
  await db.eachChunk(
    'SELECT e.sample_id FROM embeddings e JOIN samples s ON s.id = e.sample_id WHERE e.model = ? ORDER BY e.sample_id',
    [model],
    (columns, rows) => {
      const [column] = columns as [number[]];
      for (let i = 0; i < rows; i++) ids.push(Number(column[i]));
    },
  );
  const sampleIds = Int32Array.from(ids);
  const n = sampleIds.length;
  const { dim, encoding } = info;
  const write = start(n, dim, encoding);
  const width = dim * bytesPerValue(encoding);
  const written = new Uint8Array(n);
  let filled = 0;
  // no join: a vector of a sample no longer in the project has no row and is skipped
  await db.eachChunk(
    'SELECT sample_id, scale, vector FROM embeddings WHERE model = ?',
    [model],
    (columns, rows) => {
      const [idColumn, scales, vectors] = columns as [number[], number[], { bytes: Uint8Array }[]];
      for (let i = 0; i < rows; i++) {
        const id = Number(idColumn[i]);
        const r = rowOf(sampleIds, id);
        if (r < 0) continue;
        const bytes = vectors[i]!.bytes;
        if (bytes.length !== width || written[r] === 1) {
          throw new AssayError(
            'DATABASE_DAMAGED',
            bytes.length !== width
              ? `A stored ${model} vector of sample ${id} has ${bytes.length} bytes, not ${width}.`
              : `Sample ${id} has two stored ${model} vectors.`,
            {
              hint: `Store the vectors again: assay embed --model ${model} --replace.`,
            },
          );
        }
        written[r] = 1;
        filled++;
        write(r, Number(scales[i]), bytes, encoding);
      }
    },
    { streamed },
  );
  if (filled !== n) {
    throw new AssayError(
      'DATABASE_DAMAGED',
      `${n - filled} stored ${model} vectors changed while they were read.`,
      {
        hint: 'Run the command again.',
      },
    );
  }
  return { sampleIds, dim };
}

/** The index of `id` in the ascending `ids`, or -1. */
function rowOf(ids: Int32Array, id: number): number {
  let lo = 0;
  let hi = ids.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = ids[mid] as number;
    if (v === id) return mid;
    if (v < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** Ids of the project's samples that have no vector of `model` (ascending). */
export async function samplesWithoutEmbeddings(target: EmbeddingTarget, model: string): Promise<number[]> {
  const rows = await dbOf(target).all<{ id: number }>(
    'SELECT id FROM samples WHERE id NOT IN (SELECT sample_id FROM embeddings WHERE model = ?) ORDER BY id',
    [model],
  );
  return rows.map((r) => r.id);
}

/** Deletes a model's vectors, projections and scores, and the model itself. */
export async function deleteEmbeddingModel(target: EmbeddingTarget, model: string): Promise<void> {
  const db = dbOf(target);
  await inTransaction(target, () => deleteModelRows(db, model));
}

async function deleteModelRows(db: Db, model: string): Promise<void> {
  for (const table of ['embeddings', 'embedding_projections', 'embedding_scores'])
    await db.run(`DELETE FROM ${table} WHERE model = ?`, [model]);
  await db.run('DELETE FROM embedding_models WHERE name = ?', [model]);
}

/** A 2D layout of one model's samples: x, y interleaved (`xy[2i]`, `xy[2i+1]` for `sampleIds[i]`). */
export interface Projection {
  model: string;
  method: string;
  sampleIds: Int32Array;
  xy: Float32Array;
}

/** Replaces the stored `method` projection of `model` with this one. */
export async function storeProjection(target: EmbeddingTarget, projection: Projection): Promise<void> {
  const { model, method, sampleIds, xy } = projection;
  if (xy.length !== sampleIds.length * 2) {
    throw new AssayError(
      'INTERNAL',
      `storeProjection: ${sampleIds.length} ids but ${xy.length} coordinates.`,
    );
  }
  const db = dbOf(target);
  await inTransaction(target, async () => {
    await db.run('DELETE FROM embedding_projections WHERE model = ? AND method = ?', [model, method]);
    const appender = await db.connection.createAppender('embedding_projections');
    for (let i = 0; i < sampleIds.length; i++) {
      appender.appendVarchar(model);
      appender.appendVarchar(method);
      appender.appendInteger(sampleIds[i] as number);
      appender.appendFloat(xy[2 * i] as number);
      appender.appendFloat(xy[2 * i + 1] as number);
      appender.endRow();
    }
    appender.closeSync();
  });
}

/** The stored projection (samples still in the project, by ascending id), or undefined when none. */
export async function loadProjection(
  target: EmbeddingTarget,
  model: string,
  method = 'umap',
): Promise<Projection | undefined> {
  const reader = await dbOf(target).readAll(
    `SELECT p.sample_id::INTEGER, p.x::FLOAT, p.y::FLOAT FROM embedding_projections p JOIN samples s ON s.id = p.sample_id
      WHERE p.model = ? AND p.method = ? ORDER BY p.sample_id`,
    [model, method],
  );
  const n = reader.currentRowCount;
  if (n === 0) return undefined;
  // column-wise: a million points read as three arrays, not a million row arrays
  const [ids, xs, ys] = reader.getColumnsJS() as [number[], number[], number[]];
  const sampleIds = Int32Array.from(ids);
  const xy = new Float32Array(2 * n);
  for (let i = 0; i < n; i++) {
    xy[2 * i] = xs[i]!;
    xy[2 * i + 1] = ys[i]!;
  }
  return { model, method, sampleIds, xy };
}

/** Every model and method that has a stored projection. */
export async function listProjections(
  target: EmbeddingTarget,
): Promise<{ model: string; method: string; count: number }[]> {
  return dbOf(target).all(
    'SELECT model, method, count(*)::INTEGER AS count FROM embedding_projections GROUP BY ALL ORDER BY model, method',
  );
}
