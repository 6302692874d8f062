import { closeSync, fstatSync, openSync, readFileSync, readSync, type Stats, statSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import type { RealFolders } from '../media-path.js';

/** A stat or read slower than this is slow (network or spinning disk rather than a local cache). */
export const SLOW_IO_MS = 2;
/** Slow calls (and at least a quarter of all) before going asynchronous: one can be a preempted thread. */
const SLOW_CALLS = 8;
/** Buffers kept for reuse (one per file in flight is enough), and the largest one kept. */
const SPARE_BUFFERS = 8;
const SPARE_MAX_BYTES = 16 * 1024 * 1024;

/**
 * Stat and read for one scan. On local storage both take microseconds, and doing them on the main
 * thread saves five thread-pool round trips per file (stat, open, fstat, read, close), which cost
 * more CPU than the reads themselves: about 0.3 ms a file with four files in flight on two cores
 * (bench/metrics.bench.ts). Once calls are slow (over `slowMs`, 8 of them and a quarter of all),
 * every later one goes through the thread pool, so that the files in flight overlap their waits on
 * slow storage. Errors are the same either way (ENOENT, EACCES, EISDIR...).
 *
 * Reads on the main thread go into buffers handed back with `release` once the bytes are no longer
 * used: a fresh buffer of a few hundred kilobytes costs more than the read itself (the kernel
 * maps and clears new pages), about 0.06 ms a photo (bench/metrics.bench.ts).
 */
export class FileReader {
  private sync = true;
  private calls = 0;
  private slow = 0;

  /** Real paths of the folders seen, for the check that media stays inside its root (media-path.ts). */
  readonly folders: RealFolders = new Map();

  /** @param slowMs a call slower than this counts as slow; default SLOW_IO_MS. */
  constructor(private readonly slowMs = SLOW_IO_MS) {}

  /** Whether calls still run on the main thread. */
  get synchronous(): boolean {
    return this.sync;
  }

  stat(path: string): Promise<Stats> {
    return this.sync ? this.timed(() => statSync(path)) : stat(path);
  }

  /** The bytes of the file; hand them back with `release` when done, or simply drop them. */
  read(path: string): Promise<Buffer> {
    return this.sync ? this.timed(() => this.readReusing(path)) : readFile(path);
  }

  /**
   * Gives back the bytes of a `read` for a later read to reuse: call it only once nothing reads
   * them any more (a decode of them has finished). Bytes from elsewhere are ignored.
   */
  release(bytes: Buffer): void {
    const buffer = this.lent.get(bytes);
    if (buffer === undefined) return;
    this.lent.delete(bytes);
    if (this.spare.length < SPARE_BUFFERS && buffer.length <= SPARE_MAX_BYTES) this.spare.push(buffer);
  }

  /** Buffers ready for reuse, and the buffer behind each view handed out by read. */
  private readonly spare: Buffer[] = [];
  private readonly lent = new WeakMap<Buffer, Buffer>();

  /** readFileSync into a spare buffer: the size fstat gives, as readFileSync reads. */
  private readReusing(path: string): Buffer {
    const fd = openSync(path, 'r');
    try {
      const size = fstatSync(fd).size;
      if (size === 0) return readFileSync(fd); // sizeless files (/proc...): read to the end
      const index = this.spare.findIndex((b) => b.length >= size);
      const buffer = index < 0 ? Buffer.allocUnsafeSlow(size) : this.spare.splice(index, 1)[0]!;
      let length = 0;
      while (length < size) {
        const got = readSync(fd, buffer, length, size - length, null);
        if (got === 0) break;
        length += got;
      }
      const bytes = buffer.subarray(0, length);
      this.lent.set(bytes, buffer);
      return bytes;
    } finally {
      closeSync(fd);
    }
  }

  private async timed<T>(call: () => T): Promise<T> {
    const start = performance.now();
    try {
      return call();
    } finally {
      this.calls++;
      if (performance.now() - start > this.slowMs) this.slow++;
      if (this.slow >= SLOW_CALLS && this.slow * 4 >= this.calls) this.sync = false;
    }
  }
}
