/**
 * Worker-thread entry of `VectorSearch`: keeps one model's vectors, answers nearest-neighbour queries
 * (exact at first), and from `indexAbove` rows builds a usearch HNSW index a chunk per turn of the event
 * loop, answering queries between chunks and from the index once it is whole.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { type EmbeddingWorkerData, type StopMessage, stopAsked } from './embedding-worker.js';
import { searchRows, VectorIndexBuilder } from './knn.js';
import type { VectorRows } from './vector-rows.js';

export interface VectorSearchInit {
  rows: VectorRows;
  /** Build an HNSW index from this many rows (below: exact search only). */
  indexAbove: number;
  threads?: number;
  /** Rows per usearch call of the build (default `addChunkRows(dim)`). */
  rowsPerCall?: number;
}

export type VectorSearchRequest = { id: number; query: Float32Array; k: number };
export type VectorSearchReply =
  | { type: 'result'; id: number; keys: BigUint64Array; distances: Float32Array }
  | { type: 'error'; id: number; message: string }
  | { type: 'progress'; done: number; total: number };

const port = parentPort;
if (port) {
  const { input, stop } = workerData as EmbeddingWorkerData<VectorSearchInit>;
  const { rows, indexAbove, threads, rowsPerCall } = input;
  let index: VectorIndexBuilder['index'] | undefined;
  port.on('message', (m: VectorSearchRequest | StopMessage) => {
    // a stop (VectorSearch.close): queries still queued are dropped (the caller rejects them when the
    // worker exits), no more messages; the build below sees the flag at its next step
    if ('type' in m || stopAsked(stop)) {
      port.close();
      return;
    }
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
  if (rows.sampleIds.length >= indexAbove) {
    // One chunk per turn of the event loop: queries that arrive meanwhile are answered (exactly) between
    // chunks, and a stop (VectorSearch.close) takes effect within one chunk's native call.
    const builder = new VectorIndexBuilder(rows, threads, 'f16', rowsPerCall);
    const step = () => {
      if (stopAsked(stop)) return;
      const done = builder.step();
      port.postMessage({ type: 'progress', done, total: builder.total } satisfies VectorSearchReply);
      if (done < builder.total) setImmediate(step);
      else index = builder.index;
    };
    setImmediate(step);
  }
}
