import type { Output } from './ui/output.js';

/** What every command receives besides its own options. */
export interface CommandContext {
  out: Output;
  /** Where to look for the project (`--project`, else the working folder). */
  projectDir: string;
  /** Aborted on Ctrl-C: long work stops cleanly and keeps what it finished. */
  signal: AbortSignal;
}

/** A command returns its exit code (0 ok, 1 a gate failed). Errors are thrown as AssayError. */
export type CommandResult = Promise<number>;
