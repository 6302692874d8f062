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
  /** Batches written or queued on the thread before `write` waits (default 3). */
  inFlight?: number;
}

/**
 * Writes many small new files (`path` → bytes) on a thread of their own, in batches, so that creating them
 * (the kernel's open, write and close: ~50 µs of system time each on ext4) overlaps the caller reading and
 * formatting the next ones (issue 12: YOLO's million label files). One thread: several threads creating
 * files in one folder contend on it (libuv's pool raised the system time by two thirds). Files go in the
 * order written; their folders must exist. A failure surfaces from a later `write` or from `close`.
 */
export class FileBatchWriter {
  private readonly perBatch: number;
  private readonly inFlight: number;
  private paths: string[] = [];
  private bytes = new Uint8Array(1 << 16);
  private length = 0;
  private ends: number[] = [];
  private worker: Worker | undefined;
  private nextId = 0;
  private readonly waiting = new Map<number, { resolve: () => void; reject: (e: unknown) => void }>();
  private readonly pending: Promise<void>[] = [];
  private failed: unknown;

  constructor(options: FileBatchWriterOptions = {}) {
    this.perBatch = options.files ?? 2048;
    this.inFlight = options.inFlight ?? 3;
  }

  /** Queues a file (its bytes are copied: the caller may reuse them); waits when enough batches are in flight. */
  async write(path: string, data: Uint8Array): Promise<void> {
    if (this.failed !== undefined) throw this.failed;
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
    if (this.pending.length >= this.inFlight) await this.pending.shift();
  }

  /** Writes what is queued and waits for every file; stops the thread. */
  async close(): Promise<void> {
    try {
      if (this.worker === undefined) this.writeHere();
      else if (this.paths.length > 0) this.post();
      while (this.pending.length > 0) await this.pending.shift();
      if (this.failed !== undefined) throw this.failed;
    } finally {
      await this.stop();
    }
  }

  /** Stops writing: files of batches not yet written are not (the caller removes what was). */
  async abort(): Promise<void> {
    this.paths = [];
    await this.stop();
    for (const p of this.pending.splice(0)) await p.catch(() => undefined);
  }

  private async stop(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (worker) await worker.terminate();
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
    this.worker ??= this.start();
    const id = this.nextId++;
    const batch: FileBatch = {
      id,
      paths: this.paths.join('\0'),
      bytes: this.bytes.slice(0, this.length),
      ends: Int32Array.from(this.ends),
    };
    const done = new Promise<void>((resolve, reject) => this.waiting.set(id, { resolve, reject }));
    done.catch((error) => {
      this.failed ??= error;
    });
    this.pending.push(done);
    this.worker.postMessage(batch, [batch.bytes.buffer as ArrayBuffer, batch.ends.buffer as ArrayBuffer]);
    this.paths = [];
    this.ends = [];
    this.length = 0;
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
      if (this.worker === worker)
        this.rejectAll(new AssayError('INTERNAL', `The file-writing thread stopped (exit code ${code}).`));
    });
    return worker;
  }

  private rejectAll(error: unknown): void {
    this.failed ??= error;
    for (const { reject } of this.waiting.values()) reject(error);
    this.waiting.clear();
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
