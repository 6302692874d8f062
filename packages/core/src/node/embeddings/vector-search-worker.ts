/**
 * Worker-thread entry of `VectorSearch`: keeps one model's vectors, answers nearest-neighbour queries
 * (exact at first), and from `indexAbove` rows builds a usearch HNSW index in chunks between queries,
 * answering from it once it is whole.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { buildVectorIndex, searchRows, type VectorRows } from './knn.js';

export interface VectorSearchInit {
  rows: VectorRows;
  /** Build an HNSW index from this many rows (below: exact search only). */
  indexAbove: number;
  threads?: number;
}

export type VectorSearchRequest = { id: number; query: Float32Array; k: number };
export type VectorSearchReply =
  | { type: 'result'; id: number; keys: BigUint64Array; distances: Float32Array }
  | { type: 'error'; id: number; message: string }
  | { type: 'progress'; done: number; total: number };

const port = parentPort;
if (port) {
  const { rows, indexAbove, threads } = workerData as VectorSearchInit;
  let index: ReturnType<typeof buildVectorIndex> | undefined;
  port.on('message', (m: VectorSearchRequest) => {
    try {
      const r = searchRows(rows, m.query, m.k, {
        ...(threads === undefined ? {} : { threads }),
        ...(index ? { index } : {}),
      });
      port.postMessage({
        type: 'result',
        id: m.id,
        keys: r.keys,
        distances: r.distances,
      } satisfies VectorSearchReply);
    } catch (e) {
      port.postMessage({ type: 'error', id: m.id, message: e instanceof Error ? e.message : String(e) });
    }
  });
  if (rows.sampleIds.length >= indexAbove)
    // after the first queries had their turn: the build runs chunk by chunk on this thread
    setImmediate(() => {
      index = buildVectorIndex(rows, threads, (_stage, done, total) =>
        port.postMessage({ type: 'progress', done, total } satisfies VectorSearchReply),
      );
    });
}
