import { AssayError } from '../../errors.js';
import { startEmbeddingWorker } from './embedding-worker.js';
import { type KnnGraph, type KnnOptions, knnGraph } from './knn.js';
import type { KnnWorkerInput, KnnWorkerMessage } from './knn-worker.js';
import type { RowSource } from './vector-rows.js';

export interface KnnInWorkerOptions extends KnnOptions {
  /** Stops the worker; the promise then rejects with INTERRUPTED. */
  signal?: AbortSignal;
  /** Fewer rows than this are searched on the calling thread (default 1,000: a worker costs more). */
  inProcessBelow?: number;
}

/**
 * `knnGraph` on a worker thread, so the calling thread (a server's event loop, a CLI's progress bar
 * and Ctrl-C) keeps running while usearch builds the index and searches it. The vectors are copied to
 * the worker once, or not at all when they are on a SharedArrayBuffer (loadEmbeddingMatrix's); the
 * graph's buffers come back without a copy. Same result as `knnGraph` (exact below
 * `exactBelow` rows; HNSW above, which is deterministic only with `threads: 1`).
 */
export function knnGraphInWorker(
  rows: RowSource,
  k: number,
  options: KnnInWorkerOptions = {},
): Promise<KnnGraph> {
  const { onProgress, signal, inProcessBelow = 1000, ...rest } = options;
  if (signal?.aborted) return Promise.reject(interrupted());
  if (rows.sampleIds.length < inProcessBelow) return Promise.resolve(knnGraph(rows, k, options));
  const input: KnnWorkerInput = { rows, k, options: rest };
  const { worker, stop } = startEmbeddingWorker('knn-worker', input);
  return new Promise<KnnGraph>((resolve, reject) => {
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', abort);
      fn();
    };
    const abort = () => {
      // the worker ends after its current native call (embedding-worker.ts: never terminate() it)
      void stop();
      finish(() => reject(interrupted()));
    };
    signal?.addEventListener('abort', abort, { once: true });
    worker.on('message', (m: KnnWorkerMessage) => {
      if (m.type === 'progress') onProgress?.(m.stage, m.done, m.total);
      else if (m.type === 'done') {
        const { type: _, ...graph } = m;
        finish(() => resolve(graph));
      } else
        finish(() =>
          reject(
            new AssayError('INTERNAL', `The nearest-neighbour worker failed: ${m.message}`, {
              details: { stack: m.stack },
            }),
          ),
        );
    });
    worker.on('error', (e) => finish(() => reject(e)));
    worker.on('exit', (code) =>
      finish(() =>
        reject(
          new AssayError(
            'INTERNAL',
            `The nearest-neighbour worker stopped (exit code ${code}) before it answered.`,
          ),
        ),
      ),
    );
  }).finally(() => void stop());
}

function interrupted(): AssayError {
  return new AssayError('INTERRUPTED', 'The nearest-neighbour search was interrupted.', {
    hint: 'Run the command again; nothing was written.',
  });
}
