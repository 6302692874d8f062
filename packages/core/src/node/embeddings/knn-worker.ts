/**
 * Worker-thread entry of `knnGraphInWorker`: builds the k-NN graph of the rows it is sent (usearch,
 * native, blocking this thread only), posts progress, then the graph with its buffers transferred.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { type EmbeddingWorkerData, stopAsked, WorkerStopped } from './embedding-worker.js';
import { type KnnGraph, type KnnOptions, knnGraph } from './knn.js';
import type { RowSource } from './vector-rows.js';

export interface KnnWorkerInput {
  rows: RowSource;
  k: number;
  options: Omit<KnnOptions, 'onProgress'>;
}

export type KnnWorkerMessage =
  | { type: 'progress'; stage: 'index' | 'search'; done: number; total: number }
  | ({ type: 'done' } & KnnGraph)
  | { type: 'error'; message: string; stack?: string };

const port = parentPort;
if (port) {
  const { input, stop } = workerData as EmbeddingWorkerData<KnnWorkerInput>;
  const { rows, k, options } = input;
  try {
    const graph = knnGraph(rows, k, {
      ...options,
      // between native calls: a stop asked meanwhile unwinds here and the worker ends by itself
      onProgress: (stage, done, total) => {
        if (stopAsked(stop)) throw new WorkerStopped();
        port.postMessage({ type: 'progress', stage, done, total } satisfies KnnWorkerMessage);
      },
    });
    const buffers = [graph, ...(graph.group ? [graph.group] : [])].flatMap((g) => [
      g.rows.buffer as ArrayBuffer,
      g.distances.buffer as ArrayBuffer,
    ]);
    port.postMessage({ type: 'done', ...graph } satisfies KnnWorkerMessage, buffers);
  } catch (e) {
    if (e instanceof WorkerStopped) port.close();
    else {
      const err = e instanceof Error ? e : new Error(String(e));
      port.postMessage({ type: 'error', message: err.message, stack: err.stack } satisfies KnnWorkerMessage);
    }
  }
}
