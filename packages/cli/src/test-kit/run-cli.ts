import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../main.ts', import.meta.url));
/** tsx resolved from here, so the CLI runs from any working folder (a temp project). */
const TSX = import.meta.resolve('tsx');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real `assay` CLI (from source, through tsx) in a child process. */
export function runCli(args: string[], cwd: string): Promise<CliRun> {
  return startCli(args, cwd).done;
}

/** A running CLI process (to signal it, e.g. Ctrl-C as SIGINT) and its outcome. */
export interface StartedCli {
  child: ChildProcess;
  /** `signal` is set when the process was ended by a signal it did not handle. */
  done: Promise<CliRun & { signal: NodeJS.Signals | null }>;
}

/** Starts the real `assay` CLI in a child process without waiting for it. */
export function startCli(args: string[], cwd: string): StartedCli {
  const child = spawn(process.execPath, ['--import', TSX, '--conditions=source', MAIN, ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: '1' },
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
