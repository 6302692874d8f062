/**
 * Bulk inserts that let DuckDB write on its own thread while JavaScript prepares the next rows.
 *
 * An appender does DuckDB's share of the work (vector copies, compression, writing row groups) on
 * the calling thread, so JavaScript waits for it. Here the rows come from a table function instead:
 * `INSERT INTO t SELECT * FROM assay_chunk_rows(handle)` runs on a DuckDB worker thread, which asks
 * the JavaScript thread for one data chunk at a time; between those requests the JavaScript thread
 * builds the chunks that come next (`ChunkSource.buildNext`), so both cores work.
 */

import { writeSync } from 'node:fs';
import duckdb from '@duckdb/node-bindings';
import type { Db } from './db.js';
import {
  type DuckDBConnection,
  type DuckDBDataChunk,
  DuckDBTableFunction,
  type DuckDBType,
  INTEGER,
} from './duckdb-api.js';

export interface ChunkSource {
  /** Column types, in table order. */
  readonly types: readonly DuckDBType[];
  /** Prepares the next chunk ahead of time; false when there is nothing (more) to prepare now. */
  buildNext(): boolean;
  /** Writes the next chunk's rows into the given output vectors; returns the row count, 0 at the end. */
  writeNext(vectors: (column: number) => duckdb.Vector): number;
}

interface Pending {
  source: ChunkSource;
  error?: unknown;
  /** Called after each chunk handed to DuckDB, to keep building ahead. */
  wake(): void;
}

const FUNCTION = 'assay_chunk_rows';
const pending = new Map<number, Pending>();
const registered = new WeakSet<DuckDBConnection>();
let nextHandle = 1;

/**
 * process.exit() waits for libuv's threads, and while an insert runs one of them is DuckDB's, waiting
 * for this thread to hand over the next chunk: the process would hang (a second Ctrl-C, an uncaught
 * error). So while inserts are in flight, exiting ends the process with a signal instead: SIGINT for
 * exit code 130 (Ctrl-C), SIGTERM otherwise, after printing the uncaught error if that is the cause.
 * The transaction was not committed, so the project keeps none of it.
 */
let uncaught: unknown;
const remember = (error: unknown): void => {
  uncaught = error;
};

function endAtOnce(code: number): void {
  if (uncaught !== undefined) {
    writeSync(2, `${uncaught instanceof Error ? uncaught.stack : String(uncaught)}\n`);
  }
  const signal = code === 130 ? 'SIGINT' : 'SIGTERM';
  process.removeAllListeners(signal);
  process.kill(process.pid, signal);
}

function guardExit(on: boolean): void {
  if (on) {
    process.on('exit', endAtOnce);
    process.on('uncaughtExceptionMonitor', remember);
  } else {
    process.off('exit', endAtOnce);
    process.off('uncaughtExceptionMonitor', remember);
  }
}

function write(p: Pending, output: DuckDBDataChunk): void {
  const raw = output.chunk;
  const n = p.source.writeNext((c) => duckdb.data_chunk_get_vector(raw, c));
  duckdb.data_chunk_set_size(raw, n);
  if (n > 0) p.wake();
}

/**
 * Registers the table function on `connection`. Call it outside any transaction (when the store
 * opens): a registration made inside one is undone by its rollback.
 */
export function registerChunkRows(connection: DuckDBConnection): void {
  if (registered.has(connection)) return;
  const fn = DuckDBTableFunction.create({
    name: FUNCTION,
    parameterTypes: [INTEGER],
    bindFunction: (info) => {
      const p = pending.get(Number(info.getParameter(0)));
      if (!p) {
        info.setError(`${FUNCTION}: no rows are waiting under this handle`);
        return;
      }
      for (const [c, type] of p.source.types.entries()) info.addResultColumn(`c${c}`, type);
      info.setBindData(p);
    },
    initFunction: (info) => info.setMaxThreads(1),
    mainFunction: (info, output) => {
      const p = info.bindData as Pending;
      try {
        write(p, output);
      } catch (error) {
        p.error = error;
        info.setError(error instanceof Error ? error.message : String(error));
      }
    },
  });
  connection.registerTableFunction(fn);
  registered.add(connection);
}

/**
 * Inserts every row of `source` into `table` (whose columns match `source.types`) in the current
 * transaction. An error thrown while building rows is rethrown as is.
 */
export async function insertChunks(db: Db, table: string, source: ChunkSource): Promise<void> {
  registerChunkRows(db.connection);
  const handle = nextHandle++;
  let scheduled = false;
  let done = false;
  const pump = () => {
    scheduled = false;
    if (done) return;
    try {
      if (source.buildNext()) p.wake();
    } catch {
      // The same row fails again when DuckDB asks for it, and the insert reports it then.
    }
  };
  const p: Pending = {
    source,
    wake: () => {
      if (scheduled || done) return;
      scheduled = true;
      setImmediate(pump);
    },
  };
  pending.set(handle, p);
  if (pending.size === 1) guardExit(true);
  try {
    p.wake();
    await db.run(`INSERT INTO ${table} SELECT * FROM ${FUNCTION}(${handle})`);
  } catch (error) {
    throw p.error ?? error;
  } finally {
    done = true;
    pending.delete(handle);
    if (pending.size === 0) guardExit(false);
  }
}

/** Column types of `table`, as an appender sees them. */
export async function tableTypes(db: Db, table: string): Promise<DuckDBType[]> {
  const appender = await db.connection.createAppender(table);
  try {
    return Array.from({ length: appender.columnCount }, (_, c) => appender.columnType(c));
  } finally {
    appender.closeSync();
  }
}
