import { basename, extname, resolve } from 'node:path';
import type { NpyArray, NpyHeader } from '../../arrays/npy.js';
import { AssayError } from '../../errors.js';
import type { Problem } from '../../formats/problems.js';
import { npyRowChunks, readNpy, readNpyHeader, readNpz } from '../arrays/read-npz.js';
import type { Project } from '../project.js';
import { readTextFile } from '../read-text-file.js';
import { storeDb } from '../store/duckdb-store.js';
import {
  deleteEmbeddingModel,
  type EmbeddingBatch,
  storeEmbeddingBatches,
  storeEmbeddings,
} from './embedding-store.js';
import { badInput, type EmbeddingRows, readCsvRows, readParquetRows } from './embedding-table-rows.js';

export interface ImportEmbeddingsOptions {
  /** The vectors file: .npy / .npz (with `keys` or an `ids` array), .csv, .parquet. */
  file: string;
  /** Model name to store them under (default: the file name without extension). */
  model?: string;
  /** A text file of sample paths or ids, one a line, in the order of a .npy's rows. */
  keys?: string;
  replace?: boolean;
  /** Stops between parts of a `.npy` (nothing stored: one transaction). */
  signal?: AbortSignal;
  /** EmbeddingRows read and stored so far, of the file's rows (`.npy`, read a part at a time). */
  onProgress?: (done: number, total: number) => void;
  /** EmbeddingRows of a `.npy` read at a time (default: about 64 MiB of values). */
  rowsPerChunk?: number;
}

export interface ImportEmbeddingsSummary {
  model: string;
  dim: number;
  rows: number;
  imported: number;
  problems: Problem[];
}

/** DuckDB's memory limit while a `.npy` is stored a part at a time (store.capMemory: not above the user's or the default). */
const IMPORT_DUCKDB_MEMORY = '256MiB';

/**
 * Stores precomputed vectors under a model name, matched to samples by path or id. Records that
 * name no sample, repeat one, or hold a non-number are skipped and listed as problems (file and
 * record); a file whose rows have no common length, or another length than the model's stored
 * vectors, is refused.
 */
export async function importEmbeddings(
  project: Project,
  options: ImportEmbeddingsOptions,
): Promise<ImportEmbeddingsSummary> {
  const file = resolve(options.file);
  const ext = extname(file).toLowerCase();
  const model = options.model ?? basename(file, extname(file));
  if (ext === '.npy' && options.keys !== undefined) {
    const header = await readNpyHeader(file);
    if (!header.fortranOrder || header.shape.length !== 2)
      return importNpyInParts(project, file, header, model, options);
  }
  let rows: EmbeddingRows;
  if (ext === '.csv') rows = await readCsvRows(file);
  else if (ext === '.npy' || ext === '.npz') rows = await readNumpyRows(file, ext, options.keys);
  else if (ext === '.parquet') rows = await readParquetRows(project, file);
  else {
    throw new AssayError(
      'UNSUPPORTED',
      `${file}: embeddings are read from .npy, .npz, .csv or .parquet files.`,
      {
        hint: 'Save the vectors as one of those (a key column `id` or `path` for CSV and Parquet).',
      },
    );
  }
  const match = await sampleMatcher(project, file);
  const problems = [...rows.problems];
  const ids: number[] = [];
  const keep: number[] = [];
  rows.keys.forEach((k, row) => {
    const id = match(k, problems);
    if (id === undefined) return;
    ids.push(id);
    keep.push(row);
  });
  if (ids.length === 0) throw noneMatches(file, rows.keys.length, problems);
  const data = new Float32Array(ids.length * rows.dim);
  keep.forEach((r, i) => {
    data.set(rows.data.subarray(r * rows.dim, (r + 1) * rows.dim), i * rows.dim);
  });
  if (options.replace) await deleteEmbeddingModel(project, model);
  await storeEmbeddings(project, { model, dim: rows.dim, spec: { kind: 'import', file } }, ids, data);
  return { model, dim: rows.dim, rows: rows.keys.length, imported: ids.length, problems };
}

function noneMatches(file: string, rows: number, problems: Problem[]): AssayError {
  return badInput(
    file,
    `none of its ${rows} rows matches a sample of the project.`,
    problems[0]
      ? `First problem: ${problems[0].record ?? ''} ${problems[0].reason}.`
      : 'Check the key column.',
  );
}

type Key = EmbeddingRows['keys'][number];

/**
 * Matches a row's key to a sample id: by path, else by id (`byId` keys only by id). A key naming no
 * sample, or a sample an earlier row named, is a problem (pushed to `problems`) and gives undefined.
 */
async function sampleMatcher(
  project: Project,
  file: string,
): Promise<(k: Key, problems: Problem[]) => number | undefined> {
  const db = storeDb(project.store);
  const samples = await db.all<{ id: number; key: string }>('SELECT id, key FROM samples');
  const byKey = new Map(samples.map((s) => [s.key, s.id]));
  const byId = new Set(samples.map((s) => s.id));
  const seen = new Map<number, Key>();
  return (k, problems) => {
    const asId = /^\d+$/.test(k.key) ? Number(k.key) : undefined;
    const id = k.byId
      ? asId !== undefined && byId.has(asId)
        ? asId
        : undefined
      : (byKey.get(k.key) ?? (asId !== undefined && byId.has(asId) ? asId : undefined));
    if (id === undefined) {
      problems.push({
        file,
        record: k.record,
        severity: 'error',
        reason: `no sample ${k.byId ? 'has id' : 'is named'} "${k.key}"`,
        hint: 'Keys are sample ids or paths relative to the images folder, as `assay issues` shows them.',
      });
      return undefined;
    }
    const first = seen.get(id);
    if (first !== undefined) {
      problems.push({
        file,
        record: k.record,
        severity: 'error',
        reason: `sample "${k.key}" has a vector already (${first.record}); this one is skipped`,
      });
      return undefined;
    }
    // the key itself, its record written only for a problem (1M keys: ~100 MB of record strings)
    seen.set(id, k);
    return id;
  };
}

/** Row `row` of a `.npy` named by line `row + 1` of its keys file; the record is written when a problem asks for it. */
class KeyLine implements Key {
  readonly byId = false;
  constructor(
    readonly key: string,
    private readonly row: number,
    private readonly keysFile: string,
  ) {}

  get record(): string {
    return keyRecord(this.row, this.keysFile);
  }
}

function keyRecord(row: number, keysFile: string): string {
  return `row ${row} (${keysFile} line ${row + 1})`;
}

/** One line per row of a `.npy`'s keys file (as written; `keysFile` resolved), checked against the row count. */
async function readKeyLines(file: string, keysFile: string, n: number): Promise<string[]> {
  const lines = (await readTextFile(keysFile, 'keys file')).split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  if (lines.length !== n)
    throw badInput(
      file,
      `${n} rows but ${keysFile} has ${lines.length} keys.`,
      'Write one sample path or id per line, in the order of the rows.',
    );
  return lines;
}

/** An array's (rows, values) when it is 2-D; else a user error naming the file. */
function rowsAndDim(file: string, shape: readonly number[]): [number, number] {
  if (shape.length !== 2)
    throw badInput(
      file,
      `the array has shape (${shape.join(', ')}); embeddings are 2-D (rows, values).`,
      'Reshape to (samples, dim) before saving.',
    );
  return [shape[0] as number, shape[1] as number];
}

/**
 * A C-order `.npy` with a keys file, read and stored a part of the rows at a time in one transaction:
 * memory holds the keys and one part, not the file (1M × 512 float32 is 2 GB; over 2 GiB the whole
 * file could not be read at all). The same vectors and problems, in the same order, as reading it whole.
 */
async function importNpyInParts(
  project: Project,
  file: string,
  header: NpyHeader,
  model: string,
  options: ImportEmbeddingsOptions,
): Promise<ImportEmbeddingsSummary> {
  const [n, dim] = rowsAndDim(file, header.shape);
  const keysFile = resolve(options.keys as string);
  const keys = await readKeyLines(file, keysFile, n);
  if (n === 0) throw noneMatches(file, 0, []);
  const match = await sampleMatcher(project, file);
  // problems of values first, then of keys: as when the values were all checked before any key
  const valueProblems: Problem[] = [];
  const keyProblems: Problem[] = [];
  const rowsPerChunk = options.rowsPerChunk ?? Math.max(1, Math.floor(16_777_216 / Math.max(1, dim)));
  let imported = 0;
  async function* batches(): AsyncGenerator<EmbeddingBatch> {
    for await (const chunk of npyRowChunks(file, header, rowsPerChunk)) {
      if (options.signal?.aborted) throw interrupted();
      const ids: number[] = [];
      const data = new Float32Array(chunk.count * dim);
      for (let i = 0; i < chunk.count; i++) {
        const r = chunk.from + i;
        let bad = -1;
        for (let j = 0; j < dim; j++)
          if (!Number.isFinite(chunk.data[i * dim + j])) {
            bad = j;
            break;
          }
        if (bad >= 0) {
          valueProblems.push({
            file,
            record: keyRecord(r, keysFile),
            severity: 'error',
            reason: `value ${bad + 1} is ${chunk.data[i * dim + bad]}`,
          });
          continue;
        }
        const id = match(new KeyLine((keys[r] as string).trim(), r, keysFile), keyProblems);
        if (id === undefined) continue;
        data.set(chunk.data.subarray(i * dim, (i + 1) * dim), ids.length * dim);
        ids.push(id);
      }
      imported += ids.length;
      if (chunk.from + chunk.count === n && imported === 0)
        throw noneMatches(file, n - valueProblems.length, [...valueProblems, ...keyProblems]);
      yield { sampleIds: ids, data: data.subarray(0, ids.length * dim) };
      options.onProgress?.(chunk.from + chunk.count, n);
    }
  }
  // The parts are only appended (the table's blocks written as they fill): DuckDB's buffer pool need not
  // keep them all up to its limit (1M × 512: ~1.2 GB of the import's 2.7 GB peak under the default 1 GiB)
  const restore = await project.store.capMemory(IMPORT_DUCKDB_MEMORY);
  try {
    await storeEmbeddingBatches(
      project,
      { model, dim, spec: { kind: 'import', file }, ...(options.replace ? { replace: true } : {}) },
      batches(),
    );
  } finally {
    await restore();
  }
  return {
    model,
    dim,
    rows: n - valueProblems.length,
    imported,
    problems: [...valueProblems, ...keyProblems],
  };
}

function interrupted(): AssayError {
  return new AssayError('INTERRUPTED', 'The import of embeddings was interrupted; nothing was stored.', {
    hint: 'Run the command again.',
  });
}

async function readNumpyRows(
  file: string,
  ext: string,
  keysFile: string | undefined,
): Promise<EmbeddingRows> {
  let matrix: NpyArray;
  let ids: NpyArray | undefined;
  if (ext === '.npz') {
    const arrays = await readNpz(file);
    const name = ['embeddings', 'embedding', 'vectors', 'arr_0'].find((n) => arrays.has(n));
    if (!name)
      throw badInput(
        file,
        `no array named embeddings (it holds ${[...arrays.keys()].join(', ') || 'none'}).`,
        'Save with numpy.savez(file, embeddings=..., ids=...).',
      );
    matrix = arrays.get(name) as NpyArray;
    ids = arrays.get('ids') ?? arrays.get('sample_ids');
  } else matrix = await readNpy(file);
  const [n, dim] = rowsAndDim(file, matrix.shape);
  let keys: EmbeddingRows['keys'];
  if (keysFile !== undefined) {
    const named = resolve(keysFile);
    keys = (await readKeyLines(file, named, n)).map((k, i) => new KeyLine(k.trim(), i, named));
  } else if (ids !== undefined) {
    if (ids.shape.length !== 1 || ids.shape[0] !== n)
      throw badInput(
        file,
        `ids has shape (${ids.shape.join(', ')}); it needs one id per row (${n}).`,
        'Save one integer sample id per row.',
      );
    keys = Array.from(ids.data, (v, i) => ({ key: String(v), byId: true, record: `row ${i}` }));
  } else {
    throw new AssayError('USAGE', `${file}: a .npy holds no keys; say which sample each row is.`, {
      hint: 'Pass --keys FILE (one sample path or id a line), or save an .npz with arrays embeddings and ids.',
    });
  }
  const data = Float32Array.from(matrix.data as ArrayLike<number>);
  const problems: Problem[] = [];
  const good: number[] = [];
  for (let r = 0; r < n; r++) {
    let ok = true;
    for (let j = 0; j < dim; j++)
      if (!Number.isFinite(data[r * dim + j])) {
        problems.push({
          file,
          record: keys[r]?.record ?? `row ${r}`,
          severity: 'error',
          reason: `value ${j + 1} is ${data[r * dim + j]}`,
        });
        ok = false;
        break;
      }
    if (ok) good.push(r);
  }
  if (good.length === n) return { keys, dim, data, problems };
  const kept = new Float32Array(good.length * dim);
  good.forEach((r, i) => {
    kept.set(data.subarray(r * dim, (r + 1) * dim), i * dim);
  });
  return { keys: good.map((r) => keys[r] as EmbeddingRows['keys'][number]), dim, data: kept, problems };
}
