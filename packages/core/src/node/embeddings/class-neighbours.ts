import { type KnnScores, knnScores } from '../../embeddings/knn-scores.js';
import { AssayError } from '../../errors.js';
import type { KnnGraph } from './knn.js';
import { searchRows } from './knn.js';
import { knnGraphInWorker } from './knn-in-worker.js';
import { type RowSource, subset, type VectorRows } from './vector-rows.js';

/**
 * A class whose rows short of same-class neighbours in the global search number at most this many
 * gets them by exact search over the class's rows; more, and it gets its own HNSW graph. Exact search of
 * one row costs one distance per row of the class; an HNSW index of the class costs a few thousand
 * distances per row (expansion_add × connectivity, and cache misses), so exact search is the cheaper
 * below about this many rows whatever the class's size.
 */
export const EXACT_SHORT_ROWS = 2048;
/** Classes smaller than this are searched exactly (as knnGraph does below its `exactBelow`). */
const EXACT_CLASS_BELOW = 4000;
/** Queries per exact search call: the thread yields between calls (progress, Ctrl-C). */
const QUERIES_PER_CALL = 256;

export interface ClassKnnOptions {
  threads?: number;
  signal?: AbortSignal;
  /** Classes done so far, of all. */
  onClass?: (done: number, total: number) => void;
  /** Default EXACT_SHORT_ROWS. */
  exactShortRows?: number;
  /** Classes smaller than this are searched exactly whatever their short rows (default 4,000). */
  exactClassBelow?: number;
}

/** How each class got its neighbours (for the bench and the tests). */
export interface ClassKnnReport {
  /** Classes whose every row found k same-class neighbours in the global search. */
  fromGlobal: number;
  /** Classes whose short rows were searched exactly within the class (rows so searched in `exactRows`). */
  exactShort: number;
  exactRows: number;
  /** Classes that got their own HNSW graph (too many short rows). */
  ownGraph: number;
}

/**
 * Scores within each class (`knnScores` over each row's k nearest rows of its own class), from the
 * class neighbours the global search found (`graph.group`: a search for `groups.search` neighbours,
 * filtered by class). A row that found fewer than k there (its class is rare around it: class
 * outliers, mislabelled rows) is searched again within its class alone: exactly when its class has at
 * most EXACT_SHORT_ROWS such rows, else the class gets its own k-NN graph as before. The scores mean
 * what they meant when every class had its own graph (the same k nearest same-class rows); with an
 * exact global graph (fewer than 4,000 rows) they are equal to them.
 */
export async function classKnnScores(
  matrix: RowSource,
  classes: readonly number[][],
  graph: KnnGraph,
  k: number,
  options: ClassKnnOptions = {},
): Promise<{ scores: (KnnScores | undefined)[]; report: ClassKnnReport }> {
  const group = graph.group;
  if (!group || group.k < k) throw new Error('classKnnScores: the graph has no class neighbours');
  const report: ClassKnnReport = { fromGlobal: 0, exactShort: 0, exactRows: 0, ownGraph: 0 };
  const scores: (KnnScores | undefined)[] = [];
  for (const [c, rows] of classes.entries()) {
    options.onClass?.(c, classes.length);
    if (options.signal?.aborted) throw interrupted();
    const m = rows.length;
    const distances = new Float32Array(m * k);
    const short: number[] = [];
    rows.forEach((r, i) => {
      if ((group.rows[r * group.k + k - 1] as number) < 0) short.push(i);
      else distances.set(group.distances.subarray(r * group.k, r * group.k + k), i * k);
    });
    if (short.length === 0) report.fromGlobal++;
    else if (
      short.length <= (options.exactShortRows ?? EXACT_SHORT_ROWS) ||
      m < (options.exactClassBelow ?? EXACT_CLASS_BELOW)
    ) {
      report.exactShort++;
      report.exactRows += short.length;
      await exactShortRows(subset(matrix, rows), short, k, distances, options);
    } else {
      report.ownGraph++;
      const own = await knnGraphInWorker(subset(matrix, rows), k, {
        ...(options.threads === undefined ? {} : { threads: options.threads }),
        ...(options.signal ? { signal: options.signal } : {}),
      });
      distances.set(own.distances);
    }
    scores.push(knnScores(distances, k));
  }
  options.onClass?.(classes.length, classes.length);
  return { scores, report };
}

/** The k nearest other rows of `part` for its rows `short` (exact), into `distances` at each row's place. */
async function exactShortRows(
  part: VectorRows,
  short: number[],
  k: number,
  distances: Float32Array,
  options: ClassKnnOptions,
): Promise<void> {
  const { dim } = part;
  const want = Math.min(k + 1, part.sampleIds.length);
  for (let from = 0; from < short.length; from += QUERIES_PER_CALL) {
    if (options.signal?.aborted) throw interrupted();
    const ask = short.slice(from, from + QUERIES_PER_CALL);
    const queries = new Float32Array(ask.length * dim);
    ask.forEach((i, q) => {
      queries.set(part.data.subarray(i * dim, (i + 1) * dim), q * dim);
    });
    const found = searchRows(
      part,
      queries,
      want,
      options.threads === undefined ? {} : { threads: options.threads },
    );
    ask.forEach((i, q) => {
      const got = found.counts ? Number(found.counts[q]) : want;
      distances.fill(Number.NaN, i * k, (i + 1) * k);
      let j = 0;
      for (let x = 0; x < got && j < k; x++) {
        if (Number(found.keys[q * want + x]) === i) continue;
        distances[i * k + j++] = Math.max(0, found.distances[q * want + x] as number);
      }
    });
    // a native call blocks this thread: let a progress bar and Ctrl-C run between them
    await new Promise((resolve) => setImmediate(resolve));
  }
}

function interrupted(): AssayError {
  return new AssayError('INTERRUPTED', 'The nearest-neighbour search was interrupted.');
}
