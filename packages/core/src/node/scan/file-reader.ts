import { readFileSync, type Stats, statSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';

/** A stat or read slower than this is slow (network or spinning disk rather than a local cache). */
export const SLOW_IO_MS = 2;
/** Slow calls (and at least a quarter of all) before going asynchronous: one can be a preempted thread. */
const SLOW_CALLS = 8;

/**
 * Stat and read for one scan. On local storage both take microseconds, and doing them on the main
 * thread saves five thread-pool round trips per file (stat, open, fstat, read, close), which cost
 * more CPU than the reads themselves: about 0.3 ms a file with four files in flight on two cores
 * (bench/metrics.bench.ts). Once calls are slow (over `slowMs`, 8 of them and a quarter of all),
 * every later one goes through the thread pool, so that the files in flight overlap their waits on
 * slow storage. Errors are the same either way (ENOENT, EACCES, EISDIR...).
 */
export class FileReader {
  private sync = true;
  private calls = 0;
  private slow = 0;

  /** @param slowMs a call slower than this counts as slow; default SLOW_IO_MS. */
  constructor(private readonly slowMs = SLOW_IO_MS) {}

  /** Whether calls still run on the main thread. */
  get synchronous(): boolean {
    return this.sync;
  }

  stat(path: string): Promise<Stats> {
    return this.sync ? this.timed(() => statSync(path)) : stat(path);
  }

  read(path: string): Promise<Buffer> {
    return this.sync ? this.timed(() => readFileSync(path)) : readFile(path);
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
