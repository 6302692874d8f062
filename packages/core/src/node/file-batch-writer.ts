import { closeSync, existsSync, openSync, writeSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AssayError } from '../errors.js';

/** Files handed to the writing thread at once: paths joined by NUL, their bytes end to end. */
export interface FileBatch {
  id: number;
  paths: string;
  bytes: Uint8Array;
  /** Where each file's bytes end in `bytes`. */
  ends: Int32Array;
}

/** The thread's answer to a batch: written, or the error of the file that failed (later ones not written). */
export interface FileBatchDone {
  id: number;
  error?: { message: string; code?: string; syscall?: string; path?: string };
}

export interface FileBatchWriterOptions {
  /** Files per batch (default 2,048); fewer files in all are written on the calling thread, no thread started. */
  files?: number;
  /**
   * Threads writing batches, each every `threads`-th batch (default 1). Not more for files of one folder:
   * creating them takes the folder's lock, and two threads creating 1M files in one folder took 41 s of wall
   * and 70 s of system time against 43 s and 36 s for one (export3, bench/README.md).
   */
  threads?: number;
  /** Batches written or queued on the threads before `write` waits (default 3, at least 2 per thread). */
  inFlight?: number;
}

/**
 * Writes many small new files (`path` → bytes) on threads of their own, in batches, so that creating them
 * (the kernel's open, write and close: 30–180 µs of system time each on ext4) overlaps the caller reading
 * and formatting the next ones (issue 12: YOLO's million label files). Batch k goes to thread k mod
 * `threads` (one by default: FileBatchWriterOptions.threads). Files of a batch are written in order; their
 * folders must exist. A failure surfaces from a later `write` or from `close`, as the error of the first failing
 * file in the order written (whichever thread saw its own first).
 */
export class FileBatchWriter {
  private readonly perBatch: number;
  private readonly threads: number;
  private readonly inFlight: number;
  private paths: string[] = [];
  private bytes = new Uint8Array(1 << 16);
  private length = 0;
  private ends: number[] = [];
  private workers: (Worker | undefined)[] = [];
  private started = false;
  private nextId = 0;
  private readonly waiting = new Map<number, { resolve: () => void; reject: (e: unknown) => void }>();
  private readonly pending: { id: number; done: Promise<void> }[] = [];
  /** The failure of the earliest batch seen failing (a later batch may fail first on another thread). */
  private failure: { id: number; error: unknown } | undefined;

  constructor(options: FileBatchWriterOptions = {}) {
    this.perBatch = options.files ?? 2048;
    this.threads = Math.max(1, options.threads ?? 1);
    this.inFlight = options.inFlight ?? Math.max(3, 2 * this.threads);
  }

  /** Queues a file (its bytes are copied: the caller may reuse them); waits when enough batches are in flight. */
  async write(path: string, data: Uint8Array): Promise<void> {
    if (this.failure !== undefined) await this.throwFirstFailure();
    if (this.length + data.length > this.bytes.length) {
      let size = this.bytes.length * 2;
      while (size < this.length + data.length) size *= 2;
      const grown = new Uint8Array(size);
      grown.set(this.bytes.subarray(0, this.length));
      this.bytes = grown;
    }
    this.bytes.set(data, this.length);
    this.length += data.length;
    this.paths.push(path);
    this.ends.push(this.length);
    if (this.paths.length < this.perBatch) return;
    this.post();
    if (this.pending.length >= this.inFlight) await this.pending.shift()!.done.catch(() => undefined);
  }

  /** Writes what is queued and waits for every file; stops the threads. */
  async close(): Promise<void> {
    try {
      if (!this.started) this.writeHere();
      else if (this.paths.length > 0) this.post();
      await Promise.allSettled(this.pending.splice(0).map((p) => p.done));
      if (this.failure !== undefined) throw this.failure.error;
    } finally {
      await this.stop();
    }
  }

  /** Stops writing: files of batches not yet written are not (the caller removes what was). */
  async abort(): Promise<void> {
    this.paths = [];
    await this.stop();
    await Promise.allSettled(this.pending.splice(0).map((p) => p.done));
  }

  /** Waits for the batches before the failed one (one of them may have failed too), then throws the first. */
  private async throwFirstFailure(): Promise<never> {
    const failedId = this.failure!.id;
    await Promise.allSettled(this.pending.filter((p) => p.id < failedId).map((p) => p.done));
    throw this.failure!.error;
  }

  private async stop(): Promise<void> {
    const workers = this.workers;
    this.workers = [];
    await Promise.all(workers.map((w) => w?.terminate()));
    for (const { reject } of this.waiting.values())
      reject(new AssayError('INTERRUPTED', 'Writing the staged files was stopped.'));
    this.waiting.clear();
  }

  /** The queued files written on this thread (fewer than a batch in all: no thread is worth starting). */
  private writeHere(): void {
    let at = 0;
    for (let k = 0; k < this.paths.length; k++) {
      const end = this.ends[k]!;
      const fd = openSync(this.paths[k]!, 'w');
      try {
        while (at < end) at += writeSync(fd, this.bytes, at, end - at);
      } finally {
        closeSync(fd);
      }
    }
    this.paths = [];
    this.ends = [];
    this.length = 0;
  }

  private post(): void {
    this.started = true;
    const id = this.nextId++;
    const slot = id % this.threads;
    const worker = (this.workers[slot] ??= this.start());
    const batch: FileBatch = {
      id,
      paths: this.paths.join('\0'),
      bytes: this.bytes.slice(0, this.length),
      ends: Int32Array.from(this.ends),
    };
    const done = new Promise<void>((resolve, reject) => this.waiting.set(id, { resolve, reject }));
    done.catch((error) => this.fail(id, error));
    this.pending.push({ id, done });
    worker.postMessage(batch, [batch.bytes.buffer as ArrayBuffer, batch.ends.buffer as ArrayBuffer]);
    this.paths = [];
    this.ends = [];
    this.length = 0;
  }

  /** Keeps the failure of the earliest batch. */
  private fail(id: number, error: unknown): void {
    if (this.failure === undefined || id < this.failure.id) this.failure = { id, error };
  }

  private start(): Worker {
    const worker = startFileWorker();
    worker.on('message', (done: FileBatchDone) => {
      const waiter = this.waiting.get(done.id);
      this.waiting.delete(done.id);
      if (!waiter) return;
      if (done.error === undefined) waiter.resolve();
      else waiter.reject(Object.assign(new Error(done.error.message), done.error));
    });
    worker.on('error', (error) => this.rejectAll(error));
    worker.on('exit', (code) => {
      if (this.workers.includes(worker))
        this.rejectAll(new AssayError('INTERNAL', `A file-writing thread stopped (exit code ${code}).`));
    });
    return worker;
  }

  private rejectAll(error: unknown): void {
    for (const { reject } of this.waiting.values()) reject(error);
    this.waiting.clear();
    this.fail(-1, error);
  }
}

/**
 * The thread running label-file-worker.js beside this module (dist/node, or bundle/ in the CLI bundle). Run
 * from source (tsx) this module is src/node/file-batch-writer.ts and the worker is dist's .js (the test
 * script builds dist first), as knn-in-worker.ts does.
 */
function startFileWorker(): Worker {
  const here = import.meta.url;
  const url = here.endsWith('.ts')
    ? new URL(here.replace(/\/src\/node\/[^/]+$/, '/dist/node/label-file-worker.js'))
    : new URL('./label-file-worker.js', here);
  if (!existsSync(url))
    throw new AssayError('INTERNAL', `The file-writing worker ${fileURLToPath(url)} is missing.`, {
      hint: 'Build the packages first (npm run build).',
    });
  return new Worker(url);
}
