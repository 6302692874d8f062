import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AssayError } from '../../errors.js';
import { type KnnGraph, type KnnOptions, knnGraph, type VectorRows } from './knn.js';
import type { KnnWorkerInput, KnnWorkerMessage } from './knn-worker.js';

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
  rows: VectorRows,
  k: number,
  options: KnnInWorkerOptions = {},
): Promise<KnnGraph> {
  const { onProgress, signal, inProcessBelow = 1000, ...rest } = options;
  if (signal?.aborted) return Promise.reject(interrupted());
  if (rows.sampleIds.length < inProcessBelow) return Promise.resolve(knnGraph(rows, k, options));
  const input: KnnWorkerInput = { rows, k, options: rest };
  const worker = startEmbeddingWorker('knn-worker', input);
  return new Promise<KnnGraph>((resolve, reject) => {
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', abort);
      fn();
    };
    const abort = () => {
      void worker.terminate();
      finish(() => reject(interrupted()));
    };
    signal?.addEventListener('abort', abort, { once: true });
    worker.on('message', (m: KnnWorkerMessage) => {
      if (m.type === 'progress') onProgress?.(m.stage, m.done, m.total);
      else if (m.type === 'done') finish(() => resolve({ k: m.k, rows: m.rows, distances: m.distances }));
      else
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
  }).finally(() => void worker.terminate());
}

/**
 * A worker running this folder's compiled `name`.js beside this module in dist. Run from source (tsx: tests,
 * benches) this module is src/…/knn-in-worker.ts and the worker is still dist's .js (the test script
 * builds dist first): Node 20 does not carry tsx's loader hooks into workers, and registering them
 * inside a worker hangs.
 */
export function startEmbeddingWorker(name: string, workerData: unknown): Worker {
  const here = import.meta.url;
  const url = here.endsWith('.ts')
    ? new URL(here.replace(/\/src\/node\/embeddings\/[^/]+$/, `/dist/node/embeddings/${name}.js`))
    : new URL(`./${name}.js`, here);
  if (!existsSync(url))
    throw new AssayError('INTERNAL', `The nearest-neighbour worker ${fileURLToPath(url)} is missing.`, {
      hint: 'Build the packages first (npm run build).',
    });
  return new Worker(url, { workerData });
}

function interrupted(): AssayError {
  return new AssayError('INTERRUPTED', 'The nearest-neighbour search was interrupted.', {
    hint: 'Run the command again; nothing was written.',
  });
}
