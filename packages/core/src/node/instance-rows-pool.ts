import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AssayError } from '../errors.js';
import type { InstanceRowsContext, InstanceRowsJob, InstanceRowsRun } from '../formats/coco/instance-rows.js';

/** A message to a thread: the file's context (first), then jobs. */
export type InstanceRowsMessage = { context: InstanceRowsContext } | { id: number; job: InstanceRowsJob };

/** A thread's answer to a job. */
export type InstanceRowsDone =
  | { id: number; bytes: Uint8Array; written: number }
  | { id: number; error: { message: string; stack?: string | undefined } };

export interface InstanceRowsPoolOptions {
  /** Threads formatting jobs, each every `threads`-th job (default 2: the machine's two cores). */
  threads?: number;
  /** Fewer annotations than this are formatted by the writer itself: no thread started (default 50,000). */
  minRows?: number;
}

/**
 * FormatIO.instanceRows over worker threads (instance-rows-worker.ts): job k is formatted by thread
 * k mod `threads` while the main thread reads the next batches from DuckDB and writes the finished bytes
 * (issue 12: a 1M-image COCO export spent a third of its main thread formatting numbers). The context (two
 * numbers per sample) is copied to each thread once; each job's columns are moved, not copied.
 */
export function instanceRowsPool(
  context: InstanceRowsContext,
  rows: number,
  options: InstanceRowsPoolOptions = {},
): InstanceRowsRun | undefined {
  if (rows < (options.minRows ?? 50_000)) return undefined;
  const threads = Math.max(1, options.threads ?? 2);
  const workers: Worker[] = [];
  const waiting = new Map<
    number,
    { resolve: (r: { bytes: Uint8Array; written: number }) => void; reject: (e: unknown) => void }
  >();
  let failure: unknown;
  let closed = false;
  let next = 0;
  const rejectAll = (error: unknown) => {
    failure ??= error;
    for (const { reject } of waiting.values()) reject(error);
    waiting.clear();
  };
  const start = (): Worker => {
    const worker = new Worker(workerUrl());
    worker.on('message', (done: InstanceRowsDone) => {
      const waiter = waiting.get(done.id);
      waiting.delete(done.id);
      if (!waiter) return;
      if ('error' in done)
        waiter.reject(
          new AssayError('INTERNAL', `Formatting COCO annotations failed: ${done.error.message}`, {
            hint: 'This is a bug in Assay: report it with the command that failed.',
            details: { stack: done.error.stack },
          }),
        );
      else waiter.resolve({ bytes: done.bytes, written: done.written });
    });
    worker.on('error', (error) => rejectAll(error));
    worker.on('exit', (code) => {
      if (!closed)
        rejectAll(new AssayError('INTERNAL', `A COCO formatting thread stopped (exit code ${code}).`));
    });
    worker.postMessage({ context } satisfies InstanceRowsMessage);
    return worker;
  };
  return {
    format(job) {
      if (failure !== undefined) return Promise.reject(failure);
      const id = next++;
      const slot = id % threads;
      const worker = (workers[slot] ??= start());
      const done = new Promise<{ bytes: Uint8Array; written: number }>((resolve, reject) =>
        waiting.set(id, { resolve, reject }),
      );
      worker.postMessage({ id, job } satisfies InstanceRowsMessage, movable(job));
      return done;
    },
    async close() {
      closed = true;
      await Promise.all(workers.splice(0).map((w) => w.terminate()));
      rejectAll(new AssayError('INTERRUPTED', 'Formatting the COCO annotations was stopped.'));
    },
  };
}

/** The buffers of a job's columns that can be moved: each whole (not a view into a larger buffer), once. */
function movable(job: InstanceRowsJob): ArrayBuffer[] {
  const arrays = [
    job.sampleIndex,
    job.label,
    job.source,
    job.x,
    job.y,
    job.w,
    job.h,
    job.area,
    job.iscrowd,
    job.score,
    job.originalId,
    job.objects,
    job.polygons?.data,
    job.polygons?.start,
  ];
  const out = new Set<ArrayBuffer>();
  for (const a of arrays) {
    if (a === undefined || !(a.buffer instanceof ArrayBuffer)) continue;
    if (a.byteOffset === 0 && a.byteLength === a.buffer.byteLength) out.add(a.buffer);
  }
  return [...out];
}

/**
 * instance-rows-worker.js beside this module (dist/node, or bundle/ in the CLI bundle); from source (tsx)
 * dist's .js, as file-batch-writer.ts does.
 */
function workerUrl(): URL {
  const here = import.meta.url;
  const url = here.endsWith('.ts')
    ? new URL(here.replace(/\/src\/node\/[^/]+$/, '/dist/node/instance-rows-worker.js'))
    : new URL('./instance-rows-worker.js', here);
  if (!existsSync(url))
    throw new AssayError('INTERNAL', `The COCO formatting worker ${fileURLToPath(url)} is missing.`, {
      hint: 'Build the packages first (npm run build).',
    });
  return url;
}
