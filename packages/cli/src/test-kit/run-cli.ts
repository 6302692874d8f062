import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, realpathSync, renameSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/assay.js', import.meta.url));

/**
 * A folder holding `assay` → this checkout's bin, put first on the children's PATH: a user who types
 * `assay` has it on PATH, so the commands the CLI prints read `assay ...` (ui/runnable.ts). Tests of
 * the other case pass their own PATH.
 */
export function binFolder(): string {
  // One folder per checkout: checkouts testing at once on one machine must not point it at each other's bin.
  const checkout = createHash('sha256').update(BIN).digest('hex').slice(0, 12);
  const dir = join(tmpdir(), `assay-test-bin-${process.getuid?.() ?? 0}-${checkout}`);
  mkdirSync(dir, { recursive: true });
  const link = join(dir, 'assay');
  try {
    if (realpathSync(link) === realpathSync(BIN)) return dir;
  } catch {
    // absent or dangling: made below
  }
  try {
    symlinkSync(BIN, `${link}.${process.pid}`);
    // rename over the old link (atomic), so parallel test files never see it missing
    renameSync(`${link}.${process.pid}`, link);
  } catch {
    // another test file made it meanwhile
  }
  return dir;
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** What a test may change about the child: its PATH (default: the bin folder first, see binFolder). */
export interface CliOptions {
  path?: string;
}

/**
 * Runs the real `assay` CLI in a child process, as a user does: bin/assay.js, which runs the build
 * (scripts/test.mjs brings it up to date before the tests).
 */
export function runCli(args: string[], cwd: string, options: CliOptions = {}): Promise<CliRun> {
  return startCli(args, cwd, options).done;
}

/** A running CLI process (to signal it, e.g. Ctrl-C as SIGINT) and its outcome. */
export interface StartedCli {
  child: ChildProcess;
  /** `signal` is set when the process was ended by a signal it did not handle. */
  done: Promise<CliRun & { signal: NodeJS.Signals | null }>;
}

/** Starts the real `assay` CLI in a child process without waiting for it. */
export function startCli(args: string[], cwd: string, options: CliOptions = {}): StartedCli {
  const path = options.path ?? `${binFolder()}${delimiter}${process.env.PATH ?? ''}`;
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: '1', PATH: path },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const done = new Promise<CliRun & { signal: NodeJS.Signals | null }>((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code: code ?? -1, stdout, stderr, signal }));
  });
  return { child, done };
}

export function json<T>(run: CliRun): T {
  try {
    return JSON.parse(run.stdout) as T;
  } catch {
    throw new Error(`not JSON (exit ${run.code}):\n${run.stdout}\n${run.stderr}`);
  }
}

/**
 * Collects a child's output and resolves `value` with the first JSON value it prints whole on stdout
 * (e.g. `assay serve --json`'s URLs); rejects with what it printed if it exits first. `output` keeps
 * growing while the child runs.
 */
export function firstJson<T>(child: ChildProcess): {
  value: Promise<T>;
  output: { stdout: string; stderr: string };
} {
  const output = { stdout: '', stderr: '' };
  child.stderr?.on('data', (d) => {
    output.stderr += d;
  });
  const value = new Promise<T>((resolve, reject) => {
    child.stdout?.on('data', (d) => {
      output.stdout += d;
      try {
        resolve(JSON.parse(output.stdout) as T);
      } catch {
        // not complete yet
      }
    });
    child.on('close', () => reject(new Error(`exited early:\n${output.stdout}\n${output.stderr}`)));
  });
  return { value, output };
}
