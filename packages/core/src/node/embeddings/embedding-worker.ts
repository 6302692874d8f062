import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AssayError } from '../../errors.js';

/**
 * What an embedding worker is given: its input and a stop flag shared with the thread that started it.
 * The worker checks the flag between native calls (usearch's) and ends by itself when it is set.
 */
export interface EmbeddingWorkerData<T> {
  input: T;
  /** One Int32 on a SharedArrayBuffer: 1 once a stop is asked. */
  stop: Int32Array;
}

/** Sent to a worker waiting for messages: it closes its port and ends. */
export type StopMessage = { type: 'stop' };

/** A worker running usearch, and the only safe way to end it early. */
export interface EmbeddingWorker {
  worker: Worker;
  /**
   * Asks the worker to end and resolves when it has: within one native call (a chunk of an index build,
   * a few seconds at most: knn.ts addChunkRows). Never `worker.terminate()` such a worker: a native
   * call that returns while its thread is being terminated throws from C++ (node-addon-api cannot throw
   * into a terminating thread), which aborts the whole process with "terminate called after throwing an
   * instance of 'Napi::Error'" (seen in CI; issue-10-worker-stop.test.ts reproduces it).
   */
  stop(): Promise<void>;
}

/** True once the thread that started this worker asked it to stop. */
export function stopAsked(stop: Int32Array): boolean {
  return Atomics.load(stop, 0) === 1;
}

/** Thrown inside a worker (from a progress callback, between native calls) to unwind after a stop. */
export class WorkerStopped extends Error {
  constructor() {
    super('stopped');
  }
}

/**
 * A worker running this folder's compiled `name`.js beside this module in dist. Run from source (tsx: tests,
 * benches) this module is src/…/embedding-worker.ts and the worker is still dist's .js (the test script
 * builds dist first): Node 20 does not carry tsx's loader hooks into workers, and registering them
 * inside a worker hangs.
 */
export function startEmbeddingWorker<T>(name: string, input: T): EmbeddingWorker {
  const here = import.meta.url;
  const url = here.endsWith('.ts')
    ? new URL(here.replace(/\/src\/node\/embeddings\/[^/]+$/, `/dist/node/embeddings/${name}.js`))
    : new URL(`./${name}.js`, here);
  if (!existsSync(url))
    throw new AssayError('INTERNAL', `The nearest-neighbour worker ${fileURLToPath(url)} is missing.`, {
      hint: 'Build the packages first (npm run build).',
    });
  const stop = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(url, { workerData: { input, stop } satisfies EmbeddingWorkerData<T> });
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    worker.once('exit', () => {
      exited = true;
      resolve();
    }),
  );
  return {
    worker,
    stop() {
      Atomics.store(stop, 0, 1);
      if (!exited) {
        // an unref'd worker (VectorSearch's) is waited for as well
        worker.ref();
        worker.postMessage({ type: 'stop' } satisfies StopMessage);
      }
      return exit;
    },
  };
}
