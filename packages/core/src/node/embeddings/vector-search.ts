import { AssayError } from '../../errors.js';
import { type EmbeddingWorker, startEmbeddingWorker } from './embedding-worker.js';
import type { VectorRows } from './vector-rows.js';
import type { VectorSearchInit, VectorSearchReply, VectorSearchRequest } from './vector-search-worker.js';

export interface VectorSearchOptions {
  /** Build an HNSW index from this many rows (default 50,000; below, exact search is fast enough). */
  indexAbove?: number;
  threads?: number;
  /** Rows per native call of the index build (default: about 2M vector values; tests use fewer). */
  rowsPerCall?: number;
  onIndexProgress?: (done: number, total: number) => void;
}

/**
 * Nearest-neighbour search over one model's vectors on a worker thread, for a server: the vectors are
 * copied to the worker once (shared, not copied, when on a SharedArrayBuffer), each query is a message, and the calling thread never blocks (exact
 * search of 1M × 1280 vectors takes about a second; an HNSW build minutes). Large sets get an HNSW
 * index built in the worker; queries asked meanwhile are answered exactly. `close()` ends the worker.
 */
export class VectorSearch {
  private readonly running: EmbeddingWorker;
  private readonly pending = new Map<number, (reply: VectorSearchReply) => void>();
  private next = 1;
  private failure: Error | undefined;
  /** Rows indexed so far, and of how many (0 / n until an index build starts). */
  progress = { done: 0, total: 0 };

  constructor(rows: VectorRows, options: VectorSearchOptions = {}) {
    const init: VectorSearchInit = {
      rows,
      indexAbove: options.indexAbove ?? 50_000,
      ...(options.threads === undefined ? {} : { threads: options.threads }),
      ...(options.rowsPerCall === undefined ? {} : { rowsPerCall: options.rowsPerCall }),
    };
    this.running = startEmbeddingWorker('vector-search-worker', init);
    const { worker } = this.running;
    // A server that ends must close() this first: a process that exits while the worker is inside a
    // native call aborts (embedding-worker.ts).
    worker.unref();
    worker.on('message', (m: VectorSearchReply) => {
      if (m.type === 'progress') {
        this.progress = { done: m.done, total: m.total };
        options.onIndexProgress?.(m.done, m.total);
        return;
      }
      this.pending.get(m.id)?.(m);
      this.pending.delete(m.id);
    });
    const fail = (e: Error) => {
      this.failure = e;
      for (const answer of this.pending.values()) answer({ type: 'error', id: 0, message: e.message });
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', () => fail(new Error('the vector search worker stopped')));
  }

  /** The `k` nearest rows of `query` (row keys and cosine distances, nearest first). */
  search(query: Float32Array, k: number): Promise<{ keys: BigUint64Array; distances: Float32Array }> {
    if (this.failure) return Promise.reject(searchError(this.failure.message));
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, (m) => {
        if (m.type === 'result') resolve({ keys: m.keys, distances: m.distances });
        else if (m.type === 'error') reject(searchError(m.message));
      });
      this.running.worker.postMessage({ id, query: query.slice(), k } satisfies VectorSearchRequest);
    });
  }

  /** Ends the worker, within one native call of its index build (embedding-worker.ts). */
  close(): Promise<void> {
    return this.running.stop();
  }
}

function searchError(message: string): AssayError {
  return new AssayError('INTERNAL', `The nearest-neighbour search failed: ${message}`);
}
