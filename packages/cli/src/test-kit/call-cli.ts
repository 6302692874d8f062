import { delimiter } from 'node:path';
import { runProgram } from '../program.js';
import { withStdStreams } from '../ui/std-streams.js';
import { binFolder, type CliRun } from './run-cli.js';

let queue: Promise<unknown> = Promise.resolve();

/**
 * Runs an `assay` command in this process and returns what runCli would: its exit code, stdout and
 * stderr. The same program (program.ts: commander, the command modules, the error reporting) as
 * bin/assay.js, compiled in dist/ rather than bundled, without a process start: a CLI process costs
 * ~0.35 s of CPU before its command does anything (Node, commander, DuckDB's and core's modules). For
 * tests that run many commands to check what they do to a project; what belongs to the process itself
 * (the bundle, exit codes seen by a shell, signals, pipes, locks between processes) is tested with
 * runCli, and each command keeps at least one test through a real process.
 *
 * Calls run one at a time: each changes the process's working folder (to `cwd`, as runCli's child
 * has) and exit code for its duration, and sets PATH and NO_COLOR as runCli's child has them.
 */
export function callCli(args: string[], cwd: string): Promise<CliRun> {
  const call = queue.then(() => callNow(args, cwd));
  queue = call.catch(() => undefined);
  return call;
}

async function callNow(args: string[], cwd: string): Promise<CliRun> {
  const saved = { cwd: process.cwd(), exitCode: process.exitCode, env: { ...process.env } };
  let stdout = '';
  let stderr = '';
  process.env.PATH = `${binFolder()}${delimiter}${process.env.PATH ?? ''}`;
  process.env.NO_COLOR = '1';
  process.exitCode = undefined;
  process.chdir(cwd);
  try {
    const streams = {
      stdout: (text: string) => {
        stdout += text;
      },
      stderr: (text: string) => {
        stderr += text;
      },
    };
    await withStdStreams(streams, () => runProgram([process.execPath, 'assay', ...args]));
    return { code: Number(process.exitCode ?? 0), stdout, stderr };
  } finally {
    process.chdir(saved.cwd);
    process.exitCode = saved.exitCode;
    process.env.PATH = saved.env.PATH;
    if (saved.env.NO_COLOR === undefined) delete process.env.NO_COLOR;
    else process.env.NO_COLOR = saved.env.NO_COLOR;
  }
}
