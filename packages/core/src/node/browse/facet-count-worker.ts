/**
 * Worker-thread entry of `FacetCounter` (facet-counter.ts): holds one facet index's columns (shared with
 * the server's thread on SharedArrayBuffers, workerData) and counts the facets of each selection it is
 * sent. Jobs wait in a queue drained between messages, so a job cancelled before its turn (its request
 * superseded or gone) is skipped.
 */
import { parentPort, workerData } from 'node:worker_threads';
import {
  countFacetRows,
  type FacetCountColumns,
  type FacetCountQuery,
  prepareFacetCounts,
} from './facet-count-kernel.js';
import type { FacetRow } from './facet-counts.js';

export type FacetCountRequest =
  | { type: 'count'; id: number; mask: Uint8Array; query: FacetCountQuery }
  | { type: 'cancel'; id: number };
export type FacetCountReply =
  | { type: 'rows'; id: number; rows: FacetRow[] }
  | { type: 'error'; id: number; message: string };

const port = parentPort;
if (port) {
  const columns = workerData as FacetCountColumns;
  const queue: Extract<FacetCountRequest, { type: 'count' }>[] = [];
  let draining = false;
  const drain = () => {
    draining = false;
    const job = queue.shift();
    if (job === undefined) return;
    try {
      port.postMessage({
        type: 'rows',
        id: job.id,
        rows: countFacetRows(columns, job.mask, job.query),
      } satisfies FacetCountReply);
    } catch (e) {
      port.postMessage({
        type: 'error',
        id: job.id,
        message: e instanceof Error ? e.message : String(e),
      } satisfies FacetCountReply);
    }
    schedule(); // the next job after the messages that arrived meanwhile (cancels among them)
  };
  const schedule = () => {
    if (draining || queue.length === 0) return;
    draining = true;
    setImmediate(drain);
  };
  port.on('message', (m: FacetCountRequest) => {
    if (m.type === 'cancel') {
      const at = queue.findIndex((j) => j.id === m.id);
      if (at >= 0) queue.splice(at, 1);
      return;
    }
    queue.push(m);
    schedule();
  });
  // the counts of every sample, while no request waits (the worker starts when the index is ready)
  setImmediate(() => {
    try {
      prepareFacetCounts(columns);
    } catch {
      // a count asked later fails with the same error, as an answer
    }
  });
}
