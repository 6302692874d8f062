import type { KnnGraph, searchRows } from './knn.js';
import { type RowSource, readRow, subset, type VectorRows } from './vector-rows.js';

type SearchAnswer = ReturnType<typeof searchRows>;

/** Rows of the sample the far rows are routed through (every n / ROUTE_SAMPLE-th row that is not far). */
export const ROUTE_SAMPLE = 16_384;
/** A far row's nearest sample rows whose neighbourhoods (two steps along the graph) are its candidates. */
export const ROUTES = 8;
/** Far rows routed at once (one exact search of the sample). */
const ROUTED_PER_CALL = 256;

/**
 * The far rows `far` (HNSW left them in another cluster, and neither a wider search nor one among the
 * far rows found theirs) routed to their cluster through the rows the index did reach: each is searched
 * exactly in a sample of the rows that are not far (every ⌈n / ROUTE_SAMPLE⌉-th row), and its candidates
 * are its ROUTES nearest sample rows, their graph neighbours and those neighbours' neighbours (up to
 * ROUTES × (1 + k + k²) rows), measured exactly (cosine). `keep` gets each call's answers, nearest first,
 * as a search gives them (`counts` per row); it keeps the ones nearer than a row's neighbours.
 *
 * At 1M × 512 (1,000 clusters of ~1,000 rows) a sample of 16,384 holds ~16 rows of each cluster, so a
 * far row's nearest sample rows are of its cluster, and their neighbourhoods hold most of it. Cost per
 * far row: ROUTE_SAMPLE distances in usearch's exact search, and ~1,000–2,000 in JS.
 */
export function routeFarRows(
  rows: RowSource,
  graph: KnnGraph,
  far: readonly number[],
  search: (sample: VectorRows, queries: Float32Array, count: number) => SearchAnswer,
  keep: (ask: number[], found: SearchAnswer, want: number, rowOf: (key: number) => number) => void,
): void {
  const n = rows.sampleIds.length;
  const { dim } = rows;
  const { k } = graph;
  const isFar = new Uint8Array(n);
  for (const q of far) isFar[q] = 1;
  const stride = Math.max(1, Math.ceil(n / ROUTE_SAMPLE));
  const picked: number[] = [];
  for (let r = 0; r < n; r += stride) if (!isFar[r]) picked.push(r);
  if (picked.length === 0) return;
  const sample = subset(rows, picked);
  const routes = Math.min(ROUTES, picked.length);
  // the row a candidate was last listed for: each row's candidates without a set
  const seen = new Int32Array(n).fill(-1);
  const query = new Float32Array(dim);
  const other = new Float32Array(dim);
  for (let from = 0; from < far.length; from += ROUTED_PER_CALL) {
    const ask = far.slice(from, from + ROUTED_PER_CALL);
    const queries = new Float32Array(ask.length * dim);
    ask.forEach((q, i) => {
      readRow(rows, q, queries, i * dim);
    });
    const nearest = search(sample, queries, routes);
    const answers: { rows: number[]; distances: number[] }[] = [];
    ask.forEach((q, i) => {
      const got = nearest.counts ? Number(nearest.counts[i]) : routes;
      const candidates: number[] = [];
      const add = (r: number) => {
        if (r < 0 || r === q || seen[r] === q) return false;
        seen[r] = q;
        candidates.push(r);
        return true;
      };
      for (let m = 0; m < got; m++) {
        const s = picked[Number(nearest.keys[i * routes + m])] as number;
        add(s);
        for (const a of graph.rows.subarray(s * k, (s + 1) * k)) {
          add(a);
          if (a >= 0) for (const b of graph.rows.subarray(a * k, (a + 1) * k)) add(b);
        }
      }
      queries.subarray(i * dim, (i + 1) * dim).forEach((v, j) => {
        query[j] = v;
      });
      const qNorm = Math.sqrt(dot(query, query));
      const measured = candidates.map((r) => {
        readRow(rows, r, other, 0);
        const norms = qNorm * Math.sqrt(dot(other, other));
        return { r, d: norms > 0 ? Math.max(0, 1 - dot(query, other) / norms) : 1 };
      });
      measured.sort((a, b) => a.d - b.d || a.r - b.r);
      answers.push({ rows: measured.map((m) => m.r), distances: measured.map((m) => m.d) });
    });
    const want = Math.max(1, ...answers.map((a) => a.rows.length));
    const found: SearchAnswer = {
      keys: new BigUint64Array(ask.length * want),
      distances: new Float32Array(ask.length * want),
      counts: BigUint64Array.from(answers, (a) => BigInt(a.rows.length)),
    };
    answers.forEach((a, i) => {
      a.rows.forEach((r, m) => {
        found.keys[i * want + m] = BigInt(r);
        found.distances[i * want + m] = a.distances[m] as number;
      });
    });
    keep(ask, found, want, (key) => key);
  }
}

function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}
