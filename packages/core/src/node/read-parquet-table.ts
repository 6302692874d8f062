import { MEMORY_LIMIT_VARIABLE } from '../duckdb-memory-error.js';
import { AssayError } from '../errors.js';
import type { ParquetTable } from '../formats/format-io.js';
import { defaultMemoryLimit } from './store/duckdb-memory.js';

/**
 * A Parquet file's rows as JSON values (lists as arrays, structs as objects, 64-bit integers as decimal
 * strings) and its key-value metadata (Hugging Face keeps the dataset's features under `huggingface`),
 * read by DuckDB in an in-memory database of its own; the first `limit` rows when given.
 */
export async function readParquetTable(path: string, limit?: number): Promise<ParquetTable> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  // As the project's instances: no extension fetched, two threads, Assay's memory limit.
  const instance = await DuckDBInstance.create(':memory:', {
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
    threads: '2',
    memory_limit: process.env[MEMORY_LIMIT_VARIABLE] || defaultMemoryLimit(),
  });
  const connection = await instance.connect();
  try {
    const rows = (
      await connection.runAndReadAll(
        `SELECT * FROM read_parquet($1)${limit === undefined ? '' : ` LIMIT ${Math.floor(limit)}`}`,
        [path],
      )
    ).getRowObjectsJson();
    const pairs = (
      await connection.runAndReadAll(
        'SELECT decode(key) AS key, decode(value) AS value FROM parquet_kv_metadata($1)',
        [path],
      )
    ).getRowObjectsJson() as { key: string; value: string }[];
    return {
      rows: rows as Record<string, unknown>[],
      metadata: Object.fromEntries(pairs.map((p) => [p.key, p.value])),
    };
  } catch (error) {
    throw new AssayError(
      'INVALID_INPUT',
      `${path} cannot be read as Parquet: ${(error as Error).message.split('\n')[0]}`,
      {
        hint: 'Check that the file is a whole Parquet file (a download cut short is not).',
        details: { path },
        cause: error,
      },
    );
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
