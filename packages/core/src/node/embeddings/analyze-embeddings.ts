import { createRequire } from 'node:module';
import { type KnnScores, knnScores, OUTLIER_Z } from '../../embeddings/knn-scores.js';
import { landmarkRows, placeFromNeighbours } from '../../embeddings/place-from-neighbours.js';
import { AssayError } from '../../errors.js';
import { mulberry32 } from '../../random/mulberry32.js';
import type { NewIssue } from '../../store/project-store.js';
import type { Project } from '../project.js';
import { storeDb } from '../store/duckdb-store.js';
import { classKnnScores } from './class-neighbours.js';
import { loadPackedEmbeddings, storeProjection } from './embedding-store.js';
import type { KnnGraph } from './knn.js';
import { knnGraphInWorker } from './knn-in-worker.js';
import { subset } from './vector-rows.js';

export interface AnalyzeEmbeddingsOptions {
  model: string;
  /** Neighbours the scores average over (default 10). */
  k?: number;
  /** Seed of the UMAP layout (default 42). */
  seed?: number;
  /** Skip the UMAP projection. */
  noProjection?: boolean;
  /**
   * Above this many samples UMAP runs on this many seeded landmarks and every other sample is placed
   * from its nearest neighbours (umap-js is single-threaded; default 25,000: UMAP's set-up, 200 epochs
   * and the landmarks' own k-NN graph cost in proportion, and 50,000 was most of the analysis at 100k).
   */
  maxProjected?: number;
  threads?: number;
  /**
   * Each stage as it starts (`done` 0) and as it goes (`done` of `total`: vectors loaded, rows indexed
   * and searched, classes, UMAP epochs). The k-NN index of 1M rows takes most of an hour of
   * CPU, so a caller shows these.
   */
  onStage?: (stage: AnalysisStage, done: number, total: number) => void;
  /** Stops at the next step (a chunk of the k-NN index, a UMAP epoch) with INTERRUPTED; nothing is written after it. */
  signal?: AbortSignal;
}

export type AnalysisStage =
  | 'loading vectors'
  | 'k-NN index'
  | 'k-NN search'
  | 'scores per class'
  | 'saving scores'
  | 'UMAP landmarks index'
  | 'UMAP landmarks search'
  | 'UMAP'
  | 'saving map';

export interface AnalyzeEmbeddingsSummary {
  runId: number;
  model: string;
  samples: number;
  outliers: number;
  classOutliers: number;
  projected: number;
  /** Samples UMAP laid out when the rest were placed from their neighbours. */
  landmarks?: number;
  projectionSkipped?: string;
}

export const EMBEDDING_ISSUE_TYPES = ['outlier'] as const;
const UMAP_NEIGHBOURS = 15;
/** Samples UMAP lays out itself past which it lays out this many landmarks (AnalyzeEmbeddingsOptions.maxProjected). */
export const MAX_PROJECTED = 25_000;
/** DuckDB's memory limit while the vectors are read (store.capMemory: not above the user's or the default). */
const READ_DUCKDB_MEMORY = '256MiB';
/** Fewer samples than this (in the project, or in a class) give no outlier issues: the median and MAD mean little. */
export const OUTLIER_MIN_SAMPLES = 30;

/** The ground-truth class of each sample that has exactly one classification label. */
async function sampleClasses(project: Project): Promise<Map<number, { id: number; name: string }>> {
  const rows = await storeDb(project.store).all<{ sample_id: number; class_id: number; name: string }>(
    `SELECT a.sample_id, min(a.class_id) AS class_id, min(c.name) AS name
       FROM annotations a JOIN sources s ON s.id = a.source_id JOIN classes c ON c.id = a.class_id
      WHERE s.name = 'ground_truth' AND a.kind = 'classification'
      GROUP BY a.sample_id HAVING count(DISTINCT a.class_id) = 1`,
  );
  return new Map(rows.map((r) => [r.sample_id, { id: r.class_id, name: r.name }]));
}

/**
 * The k-NN analyses of one model's vectors: per-sample scores (globally and within the sample's
 * ground-truth class) into embedding_scores, `outlier` issues (robust z of the mean k-NN distance above
 * 3.5, globally or within the class), and a seeded UMAP 2D projection (umap-js, fed the same k-NN
 * graph) into embedding_projections. One `embed-analysis` run.
 */
export async function analyzeEmbeddings(
  project: Project,
  options: AnalyzeEmbeddingsOptions,
): Promise<AnalyzeEmbeddingsSummary> {
  const { store } = project;
  const k = options.k ?? 10;
  const { signal } = options;
  const stage = (name: AnalysisStage, done = 0, total = 0) => {
    if (signal?.aborted) throw interrupted(options.model);
    options.onStage?.(name, done, total);
  };
  stage('loading vectors');
  // as stored (float16: half of float32's memory, 1 GB at 1M × 512), decoded a chunk at a time where read;
  // the read scans the table once (no sort of the vectors), so DuckDB's buffer pool need not keep the
  // blocks it read up to its limit (1 GiB by default) meanwhile
  const restore = await project.store.capMemory(READ_DUCKDB_MEMORY);
  let matrix: Awaited<ReturnType<typeof loadPackedEmbeddings>>;
  try {
    matrix = await loadPackedEmbeddings(project, options.model);
  } finally {
    await restore();
  }
  const n = matrix.sampleIds.length;
  stage('loading vectors', n, n);
  const knnOptions = (prefix: 'k-NN' | 'UMAP landmarks') => ({
    ...(options.threads === undefined ? {} : { threads: options.threads }),
    ...(signal ? { signal } : {}),
    onProgress: (step: 'index' | 'search', done: number, total: number) =>
      options.onStage?.(`${prefix} ${step}`, done, total),
  });
  const runId = await store.startRun('embed-analysis', { model: options.model, k, seed: options.seed ?? 42 });
  try {
    const K = Math.max(k, UMAP_NEIGHBOURS);
    // the classes whose rows get scores within the class: the global search also keeps each row's
    // nearest rows of its own class (classKnnScores), instead of a k-NN graph per class
    const classes = await sampleClasses(project);
    await evictBlocks(project);
    const byClass = new Map<number, number[]>();
    matrix.sampleIds.forEach((id, row) => {
      const c = classes.get(id);
      if (!c) return;
      // pushed, not copied: a class of 50k rows was 50k copies of a growing array
      const rows = byClass.get(c.id);
      if (rows) rows.push(row);
      else byClass.set(c.id, [row]);
    });
    const scored = [...byClass.values()].filter(
      (rows) => rows.length > k && rows.length >= OUTLIER_MIN_SAMPLES,
    );
    const classOf = new Int32Array(n).fill(-1);
    scored.forEach((rows, c) => {
      for (const r of rows) classOf[r] = c;
    });
    const graph = await knnGraphInWorker(matrix, K, {
      ...knnOptions('k-NN'),
      ...(scored.length > 0 ? { groups: { of: classOf, k } } : {}),
    });
    const global = knnScores(graph.distances, K, k);
    const classOutlier = new Float32Array(n).fill(Number.NaN);
    const classTypicality = new Float32Array(n).fill(Number.NaN);
    const classZ = new Float32Array(n).fill(Number.NaN);
    if (scored.length > 0) {
      stage('scores per class', 0, scored.length);
      const { scores } = await classKnnScores(matrix, scored, graph, k, {
        ...(options.threads === undefined ? {} : { threads: options.threads }),
        ...(signal ? { signal } : {}),
        onClass: (done) => stage('scores per class', done, scored.length),
      });
      scored.forEach((rows, c) => {
        const s = scores[c];
        if (!s) return;
        rows.forEach((r, i) => {
          classOutlier[r] = s.outlier[i] as number;
          classTypicality[r] = s.typicality[i] as number;
          classZ[r] = s.robustZ[i] as number;
        });
      });
    }
    stage('saving scores');
    await saveScores(project, matrix, global, classOutlier, classTypicality);
    const issues = outlierIssues(matrix, graph, global, classZ, classes, await samplePaths(project));
    await store.replaceIssues(runId, [...EMBEDDING_ISSUE_TYPES], issues);
    // and the blocks the scores and issues wrote, before UMAP's set-up (the peak at 100k)
    await evictBlocks(project);
    let projected = 0;
    let landmarks: number | undefined;
    let projectionSkipped: string | undefined;
    const maxProjected = Math.max(3, options.maxProjected ?? MAX_PROJECTED);
    const onEpoch = (epoch: number, epochs: number) => stage('UMAP', epoch, epochs);
    if (options.noProjection) projectionSkipped = 'not asked';
    else if (n < 3) projectionSkipped = 'fewer than 3 samples';
    else {
      let xy: Float32Array;
      // UMAP reads no vectors (umapLayout): the vectors (1M × 512 float16: 1 GB) are let go before its
      // set-up (50k landmarks: ~2.8 GB; 25k about half), which then no longer adds to them
      const release = () => {
        matrix.bytes = new Uint8Array(0);
      };
      if (n <= maxProjected) {
        release();
        xy = umapLayout(n, graph, options.seed ?? 42, onEpoch);
      } else {
        const rows = landmarkRows(n, maxProjected, options.seed ?? 42);
        const partGraph = await knnGraphInWorker(subset(matrix, rows), K, knnOptions('UMAP landmarks'));
        release();
        xy = placeFromNeighbours(
          rows,
          umapLayout(rows.length, partGraph, options.seed ?? 42, onEpoch),
          graph,
          n,
        );
        landmarks = rows.length;
      }
      stage('saving map');
      await storeProjection(project, {
        model: options.model,
        method: 'umap',
        sampleIds: matrix.sampleIds,
        xy,
      });
      projected = n;
    }
    const summary: AnalyzeEmbeddingsSummary = {
      runId,
      model: options.model,
      samples: n,
      outliers: issues.filter((i) => i.details?.scope === 'global').length,
      classOutliers: issues.filter((i) => i.details?.scope === 'class').length,
      projected,
      ...(landmarks === undefined ? {} : { landmarks }),
      ...(projectionSkipped ? { projectionSkipped } : {}),
    };
    await store.finishRun(runId, 'ok', { ...summary }, n);
    return summary;
  } catch (error) {
    const stopped = error instanceof AssayError && error.code === 'INTERRUPTED';
    await store.finishRun(runId, stopped ? 'interrupted' : 'failed', { error: String(error) });
    // the k-NN worker's own message says nothing was written; the vectors were
    throw stopped ? interrupted(options.model) : error;
  }
}

/**
 * DuckDB's buffer pool lets go of the blocks the queries before left in it, by lowering its memory limit
 * for a moment (ProjectStore.capMemory; nothing when the user set the limit): the analysis reads them no
 * more, and the pool keeps blocks up to its limit (1 GiB by default; at 1M × 512 the vectors' ~1 GB)
 * through the k-NN stage, the analysis's peak at 1M. A limit DuckDB cannot lower to (pinned blocks) is
 * left as it is.
 */
async function evictBlocks(project: Project): Promise<void> {
  let restore: () => Promise<void>;
  try {
    restore = await project.store.capMemory('64MiB');
  } catch {
    return;
  }
  await restore();
}

async function samplePaths(project: Project): Promise<Map<number, string>> {
  const rows = await storeDb(project.store).all<{ id: number; key: string }>('SELECT id, key FROM samples');
  return new Map(rows.map((r) => [r.id, r.key]));
}

/** Which model's vectors, and their samples by row. */
interface ScoredRows {
  model: string;
  sampleIds: Int32Array;
}

function outlierIssues(
  m: ScoredRows,
  graph: KnnGraph,
  global: KnnScores,
  classZ: Float32Array,
  classes: Map<number, { id: number; name: string }>,
  paths: Map<number, string>,
): NewIssue[] {
  const issues: NewIssue[] = [];
  for (let row = 0; row < m.sampleIds.length; row++) {
    const sampleId = m.sampleIds[row] as number;
    const z = global.robustZ[row] as number;
    const cz = classZ[row] as number;
    const nearest = Array.from(graph.rows.subarray(row * graph.k, row * graph.k + 5))
      .filter((r) => r >= 0)
      .map((r) => m.sampleIds[r] as number);
    const path = paths.get(sampleId) ?? String(sampleId);
    const evidence = {
      model: m.model,
      knn_distance: round(global.knnDistance[row] as number),
      robust_z: round(z),
      outlier_rank: round(global.outlier[row] as number),
      nearest,
    };
    if (z > OUTLIER_Z && m.sampleIds.length >= OUTLIER_MIN_SAMPLES) {
      issues.push({
        sampleId,
        type: 'outlier',
        severity: 'warning',
        score: Math.min(1, z / (4 * OUTLIER_Z)),
        reason: `${path} is far from every other sample in ${m.model} embedding space (mean distance to its nearest neighbours ${evidence.knn_distance}, robust z ${evidence.robust_z}).`,
        details: { ...evidence, scope: 'global' },
      });
    } else if (cz > OUTLIER_Z) {
      const cls = classes.get(sampleId)?.name ?? '';
      issues.push({
        sampleId,
        type: 'outlier',
        severity: 'info',
        score: Math.min(1, cz / (4 * OUTLIER_Z)),
        reason: `${path} looks unlike the other samples of class "${cls}" (robust z ${round(cz)} within the class): an unusual example or a wrong label.`,
        details: { ...evidence, scope: 'class', class: cls, class_robust_z: round(cz) },
      });
    }
  }
  return issues;
}

function interrupted(model: string): AssayError {
  return new AssayError('INTERRUPTED', 'The embedding analysis was interrupted.', {
    hint: `The vectors are stored; \`assay embed --model ${model}\` computes their scores, outlier issues and map.`,
  });
}

function round(v: number): number {
  return Number.isFinite(v) ? Math.round(v * 1e4) / 1e4 : v;
}

async function saveScores(
  project: Project,
  m: ScoredRows,
  s: KnnScores,
  classOutlier: Float32Array,
  classTypicality: Float32Array,
): Promise<void> {
  const db = storeDb(project.store);
  await project.store.transaction(async () => {
    await db.run('DELETE FROM embedding_scores WHERE model = ?', [m.model]);
    const appender = await db.connection.createAppender('embedding_scores');
    const value = (v: number) => (Number.isFinite(v) ? appender.appendFloat(v) : appender.appendNull());
    for (let i = 0; i < m.sampleIds.length; i++) {
      appender.appendVarchar(m.model);
      appender.appendInteger(m.sampleIds[i] as number);
      value(s.outlier[i] as number);
      value(s.typicality[i] as number);
      value(s.uniqueness[i] as number);
      value(classOutlier[i] as number);
      value(classTypicality[i] as number);
      value(s.knnDistance[i] as number);
      appender.endRow();
    }
    appender.closeSync();
  });
}

/** A seeded UMAP layout from the k-NN graph (self first, as umap-js expects), x/y interleaved. */
function umapLayout(
  n: number,
  graph: KnnGraph,
  seed: number,
  onEpoch: (epoch: number, epochs: number) => void,
): Float32Array {
  const nNeighbors = Math.min(UMAP_NEIGHBOURS, n - 1);
  const indices: number[][] = [];
  const distances: number[][] = [];
  for (let i = 0; i < n; i++) {
    const ids = [i];
    const ds = [0];
    for (let j = 0; j < graph.k && ids.length < nNeighbors; j++) {
      const r = graph.rows[i * graph.k + j] as number;
      if (r < 0) break;
      ids.push(r);
      ds.push(graph.distances[i * graph.k + j] as number);
    }
    while (ids.length < nNeighbors) {
      ids.push(i);
      ds.push(0);
    }
    indices.push(ids);
    distances.push(ds);
  }
  // umap-js is loaded here, not with the module (every `assay` process imports this one).
  const { UMAP } = createRequire(import.meta.url)('umap-js') as typeof import('umap-js');
  const umap = new UMAP({ nComponents: 2, nNeighbors, random: mulberry32(seed), minDist: 0.1 });
  umap.setPrecomputedKNN(indices, distances);
  // With the neighbours given, umap-js reads the rows only for `transform` (not used here): it gets empty
  // rows, not n × dim JS numbers (50k × 512: 200 MB), and skips the search graph only `transform` reads
  // (three more string-keyed sparse matrices of the graph's size). The same layout, bit for bit
  // (checked on 3,000 points); at 50k: peak RSS 3.04 → 2.83 GB, fit set-up 50 → 42 s CPU under load.
  (umap as unknown as { makeSearchGraph: () => undefined }).makeSearchGraph = () => undefined;
  const epochs = umap.initializeFit(Array.from({ length: n }, () => []));
  for (let e = 0; e < epochs; e++) {
    if (e % 5 === 0) onEpoch(e, epochs);
    umap.step();
  }
  onEpoch(epochs, epochs);
  const embedding = umap.getEmbedding();
  const xy = new Float32Array(2 * n);
  embedding.forEach((p, i) => {
    xy[2 * i] = p[0] as number;
    xy[2 * i + 1] = p[1] as number;
  });
  return xy;
}
