import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { routeFarRows } from './route-far-rows.js';
import { type RowSource, readRow, readRows } from './vector-rows.js';

type Usearch = typeof import('usearch').default;
type UsearchIndex = InstanceType<Usearch['Index']>;

// usearch (a native addon) is loaded when first used, not with this module: every `assay` process
// imports it through @assay/core/node, and most never search vectors.
let loaded: Usearch | undefined;
const usearchLib = (): Usearch => {
  loaded ??= createRequire(import.meta.url)('usearch') as Usearch;
  return loaded;
};

/** Each row's nearest other rows: `rows[i*k + j]` (row index, -1 when fewer exist) at cosine distance `distances[i*k + j]`. */
export interface KnnGraph {
  k: number;
  rows: Int32Array;
  distances: Float32Array;
  /**
   * With `KnnOptions.groups`: each row's nearest rows of its own group among the `groups.search` it was
   * searched for (-1 / NaN past the ones found; rows with no group have none).
   */
  group?: { k: number; rows: Int32Array; distances: Float32Array };
}

export interface KnnOptions {
  /** Exact search below this many rows (default 4,000), usearch's HNSW above. */
  exactBelow?: number;
  threads?: number;
  /**
   * How the HNSW index stores its copy of the vectors. Default f16: half the memory of f32 (1M × 1280:
   * 2.6 GB instead of 5.1 GB) and 40% less CPU at the same recall (bench/knn.bench.ts, 20k × 1280: f32
   * 99 s CPU, f16 60 s, recall@10 0.9997 both); i8 quarters it but lost recall there (0.89).
   */
  quantization?: 'f32' | 'f16' | 'i8';
  /** Called after each chunk of rows is indexed (HNSW only) and after each chunk of queries. */
  onProgress?: (stage: 'index' | 'search', done: number, total: number) => void;
  /**
   * The group of each row (a class; -1 for none): the graph also gets each row's `groupK` nearest rows
   * of its own group, taken from the same search asked for `groupSearch` neighbours (default
   * EXPANSION_SEARCH: HNSW explores that many whatever the k asked, so the search costs the same and
   * its first k neighbours are the ones a search for k finds). A filtered search, by over-fetching:
   * usearch's JS binding has no predicate. Rows whose group is rare around them find fewer.
   */
  groups?: { of: Int32Array; k: number; search?: number };
}

/**
 * The HNSW graph's parameters: usearch's defaults. expansion_add 64 halved the index's CPU with the same
 * recall@10 on random queries, but on 100k × 512 clustered vectors left 0.36% of rows with neighbours
 * from another cluster (their mean k-NN distance 0.85–0.88 instead of 0.24–0.36: 362 false `outlier`
 * issues instead of 17; bench/README.md "embed1m2"), so it stays 128.
 */
export const CONNECTIVITY = 16;
export const EXPANSION_ADD = 128;
export const EXPANSION_SEARCH = 64;

/**
 * Rows given to one usearch `add` call: about 2M vector values. A native call cannot be interrupted (a
 * worker's stop, and so Ctrl-C of the process that waits for it, waits for it to return: embedding-worker.ts), and at
 * 1M × 1280 a row costs ~3 ms of CPU, so calls of ~1,600 rows return within a few seconds.
 */
export function addChunkRows(dim: number): number {
  return Math.max(64, Math.min(16_384, Math.floor(2_097_152 / Math.max(1, dim))));
}

/**
 * An approximate nearest-neighbour index (usearch HNSW, cosine) over `rows`, keyed by row index, built a
 * chunk of rows per `step()` so that a thread which must stay responsive can yield between steps.
 */
export class VectorIndexBuilder {
  readonly index: UsearchIndex;
  private from = 0;
  private readonly chunk: number;

  constructor(
    private readonly rows: RowSource,
    private readonly threads = availableParallelism(),
    quantization: KnnOptions['quantization'] = 'f16',
    rowsPerCall = addChunkRows(rows.dim),
  ) {
    const usearch = usearchLib();
    this.index = new usearch.Index({
      dimensions: rows.dim,
      metric: usearch.MetricKind.Cos,
      quantization: { f32: usearch.ScalarKind.F32, f16: usearch.ScalarKind.F16, i8: usearch.ScalarKind.I8 }[
        quantization
      ],
      connectivity: CONNECTIVITY,
      expansion_add: EXPANSION_ADD,
      expansion_search: EXPANSION_SEARCH,
      multi: false,
    });
    this.chunk = Math.max(1, rowsPerCall);
  }

  /** Rows in the index so far. */
  get done(): number {
    return this.from;
  }

  get total(): number {
    return this.rows.sampleIds.length;
  }

  /** Adds the next chunk of rows (one blocking native call); returns the rows indexed so far. */
  step(): number {
    const { rows } = this;
    const to = Math.min(this.total, this.from + this.chunk);
    if (to > this.from) {
      const from = this.from;
      this.index.add(
        BigUint64Array.from({ length: to - from }, (_, i) => BigInt(from + i)),
        owned(readRows(rows, from, to)),
        this.threads,
      );
      this.from = to;
    }
    return this.from;
  }
}

/**
 * The whole index at once: blocks the thread (~40 s for 100k × 512 on 2 cores, DESIGN.md); a thread
 * that must keep answering steps a `VectorIndexBuilder` itself.
 */
export function buildVectorIndex(
  rows: RowSource,
  threads = availableParallelism(),
  onProgress?: KnnOptions['onProgress'],
  quantization: KnnOptions['quantization'] = 'f16',
): UsearchIndex {
  const builder = new VectorIndexBuilder(rows, threads, quantization);
  while (builder.done < builder.total) {
    const done = builder.step();
    onProgress?.('index', done, builder.total);
  }
  return builder.index;
}

/** Cosine distances from `queries` (row-major) to their `k` nearest rows: exact, or through `index`. */
export function searchRows(
  rows: RowSource,
  queries: Float32Array,
  k: number,
  options: KnnOptions & { index?: UsearchIndex } = {},
): { keys: BigUint64Array; distances: Float32Array; counts: BigUint64Array | undefined } {
  const threads = options.threads ?? availableParallelism();
  // usearch reads a typed array's buffer from its start: a view into a larger array must be copied
  queries = owned(queries);
  const count = Math.min(k, rows.sampleIds.length);
  const nq = queries.length / rows.dim;
  const result =
    options.index !== undefined
      ? options.index.search(queries, count, threads)
      : usearchLib().exactSearch(
          owned(readRows(rows, 0, rows.sampleIds.length)),
          queries,
          rows.dim,
          count,
          usearchLib().MetricKind.Cos,
          threads,
        );
  if (nq === 1 && !('counts' in result))
    return { keys: result.keys, distances: result.distances, counts: undefined };
  return result as InstanceType<Usearch['BatchMatches']>;
}

/**
 * The k-NN graph of `rows` (each row's k nearest other rows), exact for small sets, else HNSW. Blocks
 * the thread (seconds to minutes past ~10k rows): a process that must keep answering uses
 * `knnGraphInWorker`.
 */
export function knnGraph(rows: RowSource, k: number, options: KnnOptions = {}): KnnGraph {
  const n = rows.sampleIds.length;
  const out: KnnGraph = {
    k,
    rows: new Int32Array(n * k).fill(-1),
    distances: new Float32Array(n * k).fill(Number.NaN),
  };
  const { groups } = options;
  const gk = groups?.k ?? 0;
  if (groups)
    out.group = {
      k: gk,
      rows: new Int32Array(n * gk).fill(-1),
      distances: new Float32Array(n * gk).fill(Number.NaN),
    };
  if (n < 2) return out;
  const exact = n < (options.exactBelow ?? 4000);
  const index = exact
    ? undefined
    : buildVectorIndex(rows, options.threads, options.onProgress, options.quantization);
  const chunk = 2048;
  const want = Math.min(Math.max(k + 1, groups ? Math.max(gk + 1, groups.search ?? EXPANSION_SEARCH) : 0), n);
  for (let from = 0; from < n; from += chunk) {
    const to = Math.min(n, from + chunk);
    const queries = readRows(rows, from, to);
    const found = searchRows(rows, queries, want, { ...options, ...(index ? { index } : {}) });
    for (let q = from; q < to; q++)
      placeRow(
        out,
        groups,
        q,
        found,
        (q - from) * want,
        found.counts ? Number(found.counts[q - from]) : want,
      );
    options.onProgress?.('search', to, n);
  }
  if (index) researchFarRows(rows, out, index, options);
  return out;
}

/** Row q's neighbours (and its group's) from a search's answer `found`: q's at `base`, `got` of them. */
function placeRow(
  out: KnnGraph,
  groups: KnnOptions['groups'],
  q: number,
  found: ReturnType<typeof searchRows>,
  base: number,
  got: number,
): void {
  const { k } = out;
  const group = out.group;
  const gk = group?.k ?? 0;
  let j = 0;
  let g = 0;
  const mine = groups ? (groups.of[q] as number) : -1;
  for (let m = 0; m < got && (j < k || (mine >= 0 && g < gk)); m++) {
    const row = Number(found.keys[base + m]);
    if (row === q) continue;
    const d = Math.max(0, found.distances[base + m] as number);
    if (j < k) {
      out.rows[q * k + j] = row;
      out.distances[q * k + j] = d;
      j++;
    }
    if (group && mine >= 0 && g < gk && groups?.of[row] === mine) {
      group.rows[q * gk + g] = row;
      group.distances[q * gk + g] = d;
      g++;
    }
  }
}

/** Neighbours asked when a far row is searched again: HNSW then explores this many candidates. */
const WIDE_SEARCH = 4 * EXPANSION_SEARCH;
/** Far rows past which the exact search among them (f² distances: ~2 min of CPU at 30,000), and their routing, are skipped. */
const MAX_FAR_AMONG = 30_000;

/**
 * Rows whose mean distance to their k neighbours is far above the others' (robust z above 3.5, the
 * outlier threshold) searched again, each answer kept where its neighbours are nearer. On clustered
 * vectors HNSW's greedy search can stay in another cluster for a few rows (embed-1m data at 500k: 2.4%
 * of rows got neighbours at cosine 0.6–0.9 instead of 0.1–0.4: 11,892 false outlier issues). Three
 * steps, each on the rows still far after the one before; real outliers stay far (a row's neighbours are
 * only replaced by nearer ones, and no search finds nearer than its exact neighbours):
 *
 * 1. HNSW again exploring 4× the candidates (at 100k with expansion_add 64: 426 of 426 such rows found
 *    their cluster, as exact search did, for 0.9 s of CPU);
 * 2. exactly among themselves: a cluster the index cannot reach at all (whole clusters at 1M) has its
 *    rows among the far rows;
 * 3. routed through a sample (route-far-rows.ts): a cluster partly reached, whose far rows are too few
 *    to be each other's k nearest (1,445 ordinary rows at 1M after steps 1 and 2), is found through its
 *    rows that the index does reach.
 */
export function researchFarRows(
  rows: RowSource,
  out: KnnGraph,
  index: UsearchIndex,
  options: KnnOptions = {},
): void {
  const { k } = out;
  const n = rows.sampleIds.length;
  const means = new Float64Array(n);
  for (let q = 0; q < n; q++) means[q] = meanDistance(out.distances, q * k, k, k);
  const sorted = means.filter((d) => !Number.isNaN(d)).sort();
  if (sorted.length < 3) return;
  const median = sorted[Math.floor(sorted.length / 2)] as number;
  const mad =
    (sorted.map((d) => Math.abs(d - median)).sort()[Math.floor(sorted.length / 2)] as number) * 1.4826;
  if (!(mad > 0)) return;
  const isFar = (q: number) => ((means[q] as number) - median) / mad > 3.5;
  const threads = options.threads === undefined ? {} : { threads: options.threads };
  const keep = (ask: number[], found: SearchAnswer, want: number, rowOf: (key: number) => number) =>
    replaceNearer(out, means, options.groups, ask, found, want, rowOf);

  // 1. a wider HNSW search
  const far: number[] = [];
  for (let q = 0; q < n; q++) if (isFar(q)) far.push(q);
  const want = Math.min(n, WIDE_SEARCH + 1);
  for (let from = 0; from < far.length; from += 512) {
    const ask = far.slice(from, from + 512);
    keep(ask, searchRows(rows, gather(rows, ask), want, { ...options, index }), want, (key) => key);
  }

  // 2. exactly among the rows still far (past MAX_FAR_AMONG they keep the wide search's answer)
  const still = far.filter(isFar);
  if (still.length >= 2 && still.length <= MAX_FAR_AMONG) {
    const among = { sampleIds: Int32Array.from(still), dim: rows.dim, data: gather(rows, still) };
    const wantAmong = Math.min(still.length, k + 1);
    for (let from = 0; from < still.length; from += 512) {
      const ask = still.slice(from, from + 512);
      const queries = among.data.slice(from * rows.dim, (from + ask.length) * rows.dim);
      keep(ask, searchRows(among, queries, wantAmong, threads), wantAmong, (key) => still[key] as number);
    }
  }

  // 3. routed to their cluster through a sample of the rows that are not far (past MAX_FAR_AMONG they keep
  // the answers before: ~10 ms of CPU a row); each call of the routing ends with a progress call, where a
  // stop asked meanwhile takes effect (knn-worker.ts)
  const left = still.filter(isFar);
  if (left.length === 0 || left.length > MAX_FAR_AMONG) return;
  routeFarRows(
    rows,
    out,
    left,
    (sample, queries, count) => searchRows(sample, queries, count, threads),
    (ask, found, want, rowOf) => {
      keep(ask, found, want, rowOf);
      options.onProgress?.('search', n, n);
    },
  );
}

type SearchAnswer = ReturnType<typeof searchRows>;

/** The mean of the first `count` (at most `k`) distances from `base` that are not skipped, up to the first NaN. */
function meanDistance(
  ds: ArrayLike<number>,
  base: number,
  count: number,
  k: number,
  skip?: (m: number) => boolean,
): number {
  let sum = 0;
  let c = 0;
  for (let m = 0; m < count && c < k; m++) {
    if (skip?.(m)) continue;
    const d = ds[base + m] as number;
    if (Number.isNaN(d)) break;
    sum += Math.max(0, d);
    c++;
  }
  return c > 0 ? sum / c : Number.NaN;
}

/** The given rows' vectors, row after row, on an ordinary buffer. */
function gather(rows: RowSource, ask: readonly number[]): Float32Array {
  const queries = new Float32Array(ask.length * rows.dim);
  ask.forEach((q, i) => {
    readRow(rows, q, queries, i * rows.dim);
  });
  return queries;
}

/** Each asked row's answer, its keys mapped to rows, replaces its neighbours when their mean is smaller. */
function replaceNearer(
  out: KnnGraph,
  means: Float64Array,
  groups: KnnOptions['groups'],
  ask: readonly number[],
  found: SearchAnswer,
  want: number,
  rowOf: (key: number) => number,
): void {
  const { k } = out;
  ask.forEach((q, i) => {
    const got = found.counts ? Number(found.counts[i]) : want;
    const base = i * want;
    const mapped = {
      keys: BigUint64Array.from({ length: got }, (_, m) => BigInt(rowOf(Number(found.keys[base + m])))),
      distances: found.distances.slice(base, base + got),
      counts: undefined,
    };
    const nearer = meanDistance(mapped.distances, 0, got, k, (m) => Number(mapped.keys[m]) === q);
    if (!(nearer < (means[q] as number))) return;
    means[q] = nearer;
    out.rows.fill(-1, q * k, (q + 1) * k);
    out.distances.fill(Number.NaN, q * k, (q + 1) * k);
    if (out.group) {
      const g = out.group.k;
      out.group.rows.fill(-1, q * g, (q + 1) * g);
      out.group.distances.fill(Number.NaN, q * g, (q + 1) * g);
    }
    placeRow(out, groups, q, mapped, 0, got);
  });
}

/**
 * The array itself when it spans its whole ordinary buffer, else a copy: usearch ignores byteOffset, and
 * its exactSearch refuses arrays on a SharedArrayBuffer (loadEmbeddingMatrix's, shared with workers).
 */
function owned(a: Float32Array): Float32Array {
  const whole = a.byteOffset === 0 && a.byteLength === a.buffer.byteLength;
  return whole && !(a.buffer instanceof SharedArrayBuffer) ? a : a.slice();
}
