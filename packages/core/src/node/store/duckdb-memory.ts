import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { MEMORY_LIMIT_VARIABLE } from '../../duckdb-memory-error.js';

/** The folder, beside the project database, where DuckDB spills what does not fit under its memory limit. */
export const SPILL_FOLDER = 'tmp';

export interface DuckDbMemoryOptions {
  /**
   * The most memory DuckDB may hold (a DuckDB size such as `1GB`), when ASSAY_DUCKDB_MEMORY_LIMIT is not
   * set; default `defaultMemoryLimit()`.
   */
  memoryLimit?: string;
}

/**
 * Assay's default DuckDB memory limit: a quarter of the RAM, at most `capMiB` (1 GiB; DuckDB's own default is 80% of
 * the RAM, which let a 1M-image `check` hold ~2.3 GB in DuckDB alone: issue 12). Sorts, joins and
 * aggregates above it spill to the project's `.assay/tmp/`; a query that cannot spill fails with
 * OUT_OF_MEMORY, whose hint names ASSAY_DUCKDB_MEMORY_LIMIT.
 */
export function defaultMemoryLimit(ram = totalmem(), capMiB = 1024): string {
  const mib = Math.max(64, Math.min(capMiB, Math.floor(ram / 4 / 2 ** 20)));
  return `${mib}MiB`;
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * The memory settings of a DuckDB instance on the project database `file`: ASSAY_DUCKDB_MEMORY_LIMIT, else
 * `options.memoryLimit`, else the default; spilling into `.assay/tmp/<pid>/` (a folder per process: two
 * processes reading one project never share a spill file; DuckDB makes it only when it spills and removes
 * it on close; `.assay/tmp/` is made here). Folders left by processes that died are removed here.
 */
export function duckDbMemorySettings(
  file: string,
  options: DuckDbMemoryOptions = {},
): { memory_limit: string; temp_directory: string } {
  const spill = join(dirname(file), SPILL_FOLDER);
  removeDeadSpills(spill);
  try {
    // DuckDB makes the last folder only: `.assay/tmp/` must exist. Unwritable (a read-only copy of a
    // project): nothing can spill then, and a query over the limit fails as OUT_OF_MEMORY.
    mkdirSync(spill);
  } catch {}
  const limit = process.env[MEMORY_LIMIT_VARIABLE] || options.memoryLimit || defaultMemoryLimit();
  return { memory_limit: limit, temp_directory: join(spill, String(process.pid)) };
}

/** Removes the spill folders of processes that are no longer running (killed mid-spill). */
function removeDeadSpills(spill: string): void {
  let entries: string[];
  try {
    entries = readdirSync(spill);
  } catch {
    return; // no spill folder: nothing ever spilled (the common case)
  }
  for (const name of entries) {
    const pid = Number(name);
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && !alive(pid))
      rmSync(join(spill, name), { recursive: true, force: true });
  }
}
