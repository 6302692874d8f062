/**
 * What runs around every command: the context, Ctrl-C, and errors printed as STYLE.md says. Imports only
 * commander types and the small ui/ helpers (start-up: `assay --version` stays well under 0.25 s).
 */
import type { AssayError } from '@assay/core';
import type { Command } from 'commander';
import type { CommandContext } from './context.js';
import { mappedStack } from './ui/mapped-stack.js';
import { createOutput, type Output } from './ui/output.js';
import { runnable } from './ui/runnable.js';
import { writeStderr, writeStdout } from './ui/std-streams.js';
import { terminalSafe } from './ui/terminal-safe.js';

/** Turns anything thrown into an AssayError and its exit code (loads core only when something failed). */
export async function classify(error: unknown): Promise<{ error: AssayError; exitCode: number }> {
  const { toAssayError, exitCodeFor } = await import('@assay/core/errors');
  const e = toAssayError(error);
  return { error: e, exitCode: exitCodeFor(e) };
}

/** Prints an error as STYLE.md says: `✖ message` and the hint; a stack only when unexpected or --debug. */
export function report(error: AssayError, out: Output): void {
  if (out.json) {
    writeStdout(`${JSON.stringify({ error: error.toJSON() }, null, 2)}\n`);
  } else {
    writeStderr(`✖ ${terminalSafe(runnable(error.message), { keepNewlines: true })}\n`);
    if (error.hint) writeStderr(`  ${terminalSafe(runnable(error.hint), { keepNewlines: true })}\n`);
  }
  const cause = error.cause instanceof Error ? error.cause : undefined;
  if (out.debug || error.code === 'INTERNAL') writeStderr(`${mappedStack((cause ?? error).stack ?? '')}\n`);
}

/** A command module: its run, and what to say on the first Ctrl-C when the default is not true of it. */
export type Loader = () => Promise<{
  run: (args: never, ctx: CommandContext) => Promise<number>;
  /** A string, or one chosen by the command's arguments (`import embeddings` keeps what it stored). */
  interruptNote?: string | ((args: unknown[]) => string);
}>;

const DEFAULT_INTERRUPT_NOTE =
  'Interrupted: finishing the files in flight and saving what is done (Ctrl-C again to quit now).';

/** The global options a command reads (`--json`, `--debug`, `--project`). */
export interface GlobalOptions {
  json?: boolean;
  debug?: boolean;
  project?: string;
}

export function action(program: Command, load: Loader) {
  return async (...args: unknown[]) => {
    const command = args[args.length - 1] as Command;
    await runCommand(program.opts<GlobalOptions>(), command.opts(), args.slice(0, -2), load);
  };
}

/**
 * Runs a command module with its options and positional arguments: the context, Ctrl-C, the exit code
 * and errors. `action` calls it with what commander parsed; eval-coco-main.ts calls it for `eval coco` without
 * commander (eval-coco-argv.ts).
 */
export async function runCommand(
  globals: GlobalOptions,
  options: Record<string, unknown>,
  positional: unknown[],
  load: Loader,
): Promise<void> {
  const out = createOutput({ json: globals.json === true, debug: globals.debug === true });
  const controller = new AbortController();
  let interrupts = 0;
  let interruptNote = DEFAULT_INTERRUPT_NOTE;
  const onSigint = () => {
    interrupts++;
    if (interrupts > 1) process.exit(130);
    out.note(`\n${interruptNote}`);
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  const ctx: CommandContext = {
    out,
    projectDir: globals.project ?? process.cwd(),
    signal: controller.signal,
  };
  try {
    const mod = await load();
    const note = mod.interruptNote;
    interruptNote = (typeof note === 'function' ? note(positional) : note) ?? DEFAULT_INTERRUPT_NOTE;
    process.exitCode = await mod.run({ ...options, args: positional } as never, ctx);
  } catch (thrown) {
    const { error, exitCode } = await classify(thrown);
    report(error, out);
    process.exitCode = exitCode;
  } finally {
    process.off('SIGINT', onSigint);
  }
}
