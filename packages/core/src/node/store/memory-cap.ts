import { MEMORY_LIMIT_VARIABLE } from '../../duckdb-memory-error.js';
import type { Db } from './db.js';

const UNITS: Record<string, number> = {
  bytes: 1,
  KiB: 2 ** 10,
  MiB: 2 ** 20,
  GiB: 2 ** 30,
  TiB: 2 ** 40,
  KB: 1e3,
  MB: 1e6,
  GB: 1e9,
  TB: 1e12,
};

/** Bytes of a DuckDB size as `current_setting('memory_limit')` prints it ("1.0 GiB"); NaN otherwise. */
export function sizeBytes(size: string): number {
  const m = /^\s*([0-9.]+)\s*([A-Za-z]+)\s*$/.exec(size);
  const unit = m ? UNITS[m[2]!] : undefined;
  return m && unit !== undefined ? Number(m[1]) * unit : Number.NaN;
}

/**
 * Lowers DuckDB's memory limit to `limit` (a DuckDB size such as `256MiB`) until the returned function
 * puts the previous limit back; nothing when ASSAY_DUCKDB_MEMORY_LIMIT is set (the user's choice) or
 * the limit is already at most that. For a long pass that only scans and appends (issue 12: the batched
 * `eval` at 1M images, whose buffer pool otherwise keeps every block it read or wrote up to the
 * default limit, ~0.3–0.5 GB of the process's peak): unpinned blocks are evicted sooner, each reread
 * from the file when needed again, and a sort over the limit spills.
 */
export async function capMemory(db: Db, limit: string): Promise<() => Promise<void>> {
  if (process.env[MEMORY_LIMIT_VARIABLE]) return async () => {};
  const [row] = await db.all<{ limit: string }>('SELECT current_setting(\'memory_limit\') AS "limit"');
  const previous = row?.limit ?? '';
  if (!(sizeBytes(previous) > sizeBytes(limit))) return async () => {};
  await db.run(`SET memory_limit = '${limit}'`);
  return () => db.run(`SET memory_limit = '${previous}'`);
}
