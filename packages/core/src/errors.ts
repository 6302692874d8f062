import { duckDbMemoryError } from './duckdb-memory-error.js';
import { fsAssayError } from './fs-error.js';

/**
 * Errors written for users. Every failure a user can cause or fix is an AssayError with a closed
 * `code`, a message naming the file/record, and a hint with the next step.
 */
export type AssayErrorCode =
  | 'USAGE'
  | 'NOT_FOUND'
  | 'NOT_A_PROJECT'
  | 'PROJECT_EXISTS'
  | 'PROJECT_LOCKED'
  | 'PARSE_ERROR'
  | 'INVALID_INPUT'
  | 'UNKNOWN_FORMAT'
  | 'UNSUPPORTED'
  | 'PATH_ESCAPE'
  | 'PROTECTED_PATH'
  | 'IO_ERROR'
  | 'DATABASE_DAMAGED'
  | 'DATABASE_MISSING'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'CONFLICT'
  | 'STALE_MAP_REGION'
  | 'INTERRUPTED'
  | 'GATE_FAILED'
  | 'OUT_OF_MEMORY'
  | 'INTERNAL';

export interface AssayErrorOptions {
  hint?: string;
  details?: Record<string, unknown>;
  cause?: unknown;
}

/** Marks AssayErrors across module instances (the same file loaded by two URLs, e.g. through a symlink). */
const BRAND = Symbol.for('@assay/core:AssayError');

export class AssayError extends Error {
  /**
   * `instanceof AssayError` also holds for an AssayError made by another instance of this module: the
   * CLI's lazy `import('@assay/core/errors')` can load it a second time by its node_modules path, and a
   * user error must not then be reported as a bug. (No class extends AssayError; a subclass would need
   * its own check.)
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && BRAND in value;
  }

  override readonly name = 'AssayError';
  readonly code: AssayErrorCode;
  readonly hint: string | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: AssayErrorCode, message: string, options: AssayErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.hint = options.hint;
    this.details = options.details;
    Object.defineProperty(this, BRAND, { value: true });
  }

  toJSON(): { code: AssayErrorCode; message: string; hint?: string; details?: Record<string, unknown> } {
    return {
      code: this.code,
      message: this.message,
      ...(this.hint === undefined ? {} : { hint: this.hint }),
      ...(this.details === undefined ? {} : { details: this.details }),
    };
  }
}

/**
 * Wraps anything thrown into an AssayError: file-system errors (errno codes) become IO_ERROR naming
 * the path (fs-error.ts), DuckDB's out-of-memory errors OUT_OF_MEMORY (duckdb-memory-error.ts); other unknown throws become INTERNAL with the original as cause.
 */
export function toAssayError(error: unknown): AssayError {
  if (error instanceof AssayError) return error;
  const fs = fsAssayError(error);
  if (fs !== undefined) return fs;
  const memory = duckDbMemoryError(error);
  if (memory !== undefined) return memory;
  const message = error instanceof Error ? error.message : String(error);
  return new AssayError('INTERNAL', `Unexpected error: ${message}`, {
    hint: 'This is a bug in Assay. Re-run with --debug and report the stack trace.',
    cause: error,
  });
}

/** Exit code per error category, as documented in the README (2 usage/input, 1 gate, 3 unexpected). */
export function exitCodeFor(error: AssayError): number {
  switch (error.code) {
    case 'GATE_FAILED':
      return 1;
    case 'INTERNAL':
      return 3;
    case 'INTERRUPTED':
      return 130;
    default:
      return 2;
  }
}
