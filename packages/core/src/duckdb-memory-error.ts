import { AssayError } from './errors.js';

/** The environment variable that sets DuckDB's memory limit for every command (node/store/duckdb-memory.ts). */
export const MEMORY_LIMIT_VARIABLE = 'ASSAY_DUCKDB_MEMORY_LIMIT';

/**
 * OUT_OF_MEMORY for DuckDB's "Out of Memory Error" (a query that needed more than the memory limit and could
 * not spill to disk), naming the setting to raise; undefined for any other error. Pure (it reads the
 * message only), so the last resort (`toAssayError`) words it too, whichever connection the query ran on.
 */
export function duckDbMemoryError(error: unknown): AssayError | undefined {
  const message = error instanceof Error ? error.message : String(error);
  if (!/Out of Memory Error/i.test(message)) return undefined;
  const first = message.split('\n')[0] ?? message;
  const limit = process.env[MEMORY_LIMIT_VARIABLE];
  return new AssayError('OUT_OF_MEMORY', `The project database ran out of memory: ${first}`, {
    hint: `Raise DuckDB's memory limit with ${MEMORY_LIMIT_VARIABLE} (${limit ? `now ${limit}` : "unset: Assay's default is a quarter of the RAM, at most 1 GiB"}), e.g. ${MEMORY_LIMIT_VARIABLE}=4GB, and run the command again; sorts and joins above the limit spill to .assay/tmp/, so keep some free disk space too.`,
    details: { variable: MEMORY_LIMIT_VARIABLE, ...(limit ? { limit } : {}) },
    cause: error,
  });
}
