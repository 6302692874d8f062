import { duckDbMemoryError } from '../../duckdb-memory-error.js';
import { AssayError } from '../../errors.js';
import { fsAssayError } from '../../fs-error.js';

const DAMAGED_HINT =
  'Restore .assay/assay.duckdb from a backup or snapshot of the project folder; without one, create a new project (`assay init` in a new folder) and import the data again. Source files are not affected.';

/** DuckDB's words for a file that is not (or no longer) a sound database. */
const DAMAGED = [
  /Corrupt database file/i,
  /not a valid DuckDB database file/i,
  /Could not read enough bytes from file/i,
  /checksum .* does not match/i,
  /database has been invalidated/i,
  /^FATAL Error/i,
  /^INTERNAL Error/i,
];

/** DuckDB's words for operating-system errors, as errno codes (fs-error.ts words them). */
const OS_ERRORS: [RegExp, string][] = [
  [/No space left on device/i, 'ENOSPC'],
  [/Disk quota exceeded/i, 'EDQUOT'],
  [/Read-only file system/i, 'EROFS'],
  [/Permission denied/i, 'EACCES'],
  [/Input\/output error/i, 'EIO'],
];

/**
 * An AssayError for a DuckDB error on the project database `file`: damaged or invalidated (fatal)
 * databases say so, which file and what to do; full disks and read-only folders are worded as the
 * file-system errors they are, a query over the memory limit names the setting to raise. Undefined for everything else (a bug: the caller rethrows it).
 */
export function duckDbAssayError(error: unknown, file: string): AssayError | undefined {
  if (error instanceof AssayError) return error;
  const message = error instanceof Error ? error.message : String(error);
  for (const [pattern, code] of OS_ERRORS) {
    if (pattern.test(message))
      return fsAssayError(Object.assign(new Error(message), { code, cause: error }), file);
  }
  const memory = duckDbMemoryError(error);
  if (memory !== undefined) return memory;
  if (!DAMAGED.some((p) => p.test(message))) return undefined;
  const fatal = /database has been invalidated|^FATAL Error|^INTERNAL Error/i.test(message);
  return new AssayError(
    'DATABASE_DAMAGED',
    fatal
      ? `The project database ${file} stopped with a fatal error and may be damaged: ${firstLine(message)}`
      : `The project database ${file} is damaged: ${firstLine(message)}`,
    { hint: DAMAGED_HINT, details: { file, fatal }, cause: error },
  );
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}
