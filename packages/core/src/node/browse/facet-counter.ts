import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AssayError } from '../../errors.js';
import type { FacetCountColumns, FacetCountQuery } from './facet-count-kernel.js';
import type { FacetCountReply, FacetCountRequest } from './facet-count-worker.js';
import type { FacetRow } from './facet-counts.js';

/**
 * Facet counts of one facet index on a worker thread, for the server: the index's columns go to the
 * worker once (shared, not copied: facet-index.ts puts them on SharedArrayBuffers), each count is a
 * message with the selection's mask, and the server's thread answers pages and annotations meanwhile,
 * so a filter change uses both cores. The worker does not keep the process alive; `close()` ends it.
 */
export class FacetCounter {
  private readonly worker: Worker;
  private readonly pending = new Map<number, (reply: FacetCountReply) => void>();
  private next = 1;
  private failure: Error | undefined;

  constructor(columns: FacetCountColumns) {
    this.worker = startBrowseWorker('facet-count-worker', columns);
    this.worker.unref();
    this.worker.on('message', (m: FacetCountReply) => {
      this.pending.get(m.id)?.(m);
      this.pending.delete(m.id);
    });
    const fail = (e: Error) => {
      this.failure ??= e;
      for (const answer of this.pending.values()) answer({ type: 'error', id: 0, message: e.message });
      this.pending.clear();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', () => fail(new Error('the facet count worker stopped')));
  }

  /**
   * The facet rows of a selection (countFacetRows on the worker). An aborted `signal` takes the job out
   * of the worker's queue when it has not started, and rejects with INTERRUPTED.
   */
  count(mask: Uint8Array, query: FacetCountQuery, signal?: AbortSignal): Promise<FacetRow[]> {
    if (this.failure) return Promise.reject(countError(this.failure.message));
    if (signal?.aborted) return Promise.reject(cancelled());
    const id = this.next++;
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        this.pending.delete(id);
        this.worker.postMessage({ type: 'cancel', id } satisfies FacetCountRequest);
        reject(cancelled());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.pending.set(id, (m) => {
        signal?.removeEventListener('abort', onAbort);
        if (m.type === 'rows') resolve(m.rows);
        else reject(countError(m.message));
      });
      this.worker.postMessage({ type: 'count', id, mask, query } satisfies FacetCountRequest);
    });
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}

/**
 * A worker running this folder's compiled `name`.js beside this module in dist (from source, under tsx,
 * still dist's .js: Node 20 does not carry tsx's loader into workers; in the CLI's bundle, its own entry
 * bundle/<name>.js beside the chunk).
 */
function startBrowseWorker(name: string, workerData: unknown): Worker {
  const here = import.meta.url;
  const url = here.endsWith('.ts')
    ? new URL(here.replace(/\/src\/node\/browse\/[^/]+$/, `/dist/node/browse/${name}.js`))
    : new URL(`./${name}.js`, here);
  if (!existsSync(url))
    throw new AssayError('INTERNAL', `The facet count worker ${fileURLToPath(url)} is missing.`, {
      hint: 'Build the packages first (npm run build).',
    });
  return new Worker(url, { workerData });
}

function countError(message: string): AssayError {
  return new AssayError('INTERNAL', `Counting the facets failed: ${message}`);
}

function cancelled(): AssayError {
  return new AssayError('INTERRUPTED', 'The facet counts were no longer wanted.');
}
