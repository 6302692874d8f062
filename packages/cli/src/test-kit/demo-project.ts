import { cp, mkdir, readFile, stat, utimes, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { type CliOptions, type CliRun, runCli } from './run-cli.js';

/**
 * The folder where scripts/test.mjs keeps, for one run of the suite, the demo projects made so far
 * (one per argument list), so a test file that needs the same demo as an earlier one copies it instead
 * of running `assay demo` again (3–6 s CPU each: ~27 files set up from a demo).
 */
const CACHE = process.env.ASSAY_TEST_DEMO_CACHE;
/** How long a file waits for another file that is making the same demo before it makes its own. */
const WAIT_MS = 180_000;

interface Made {
  /** The project's absolute path where `assay demo` made it. */
  path: string;
  run: CliRun;
}

/**
 * `assay demo <target> <args...>` run in `cwd`: the project and the run's outcome are those of the real
 * command. Without $ASSAY_TEST_DEMO_CACHE it runs the command. With it, the first file to ask for these
 * arguments runs the command and keeps a copy of the project; later ones get that copy (timestamps
 * kept, so `scan` sees the same files unchanged), with the first project's absolute path replaced by
 * theirs wherever the demo wrote it: the import runs' parameters, report.html, and the output.
 * Tests of the `demo` command itself run it with runCli.
 */
export async function runDemo(
  target: string,
  args: string[],
  cwd: string,
  options: CliOptions = {},
): Promise<CliRun> {
  const path = resolve(cwd, target);
  const run = () => runCli(['demo', target, ...args], cwd, options);
  if (!CACHE || options.path !== undefined) return run();
  const entry = join(CACHE, [basename(path), ...args].join(' ').replace(/[^\w.-]+/g, '_'));
  const made = join(entry, 'made.json');
  try {
    await mkdir(entry);
  } catch {
    // another file makes (or made) it: wait for it, or make our own if it failed or takes too long
    const copied = await copyMade(entry, made, path);
    return copied ?? run();
  }
  const result = await run();
  if (result.code === 0 || result.code === 1) {
    await cp(path, join(entry, 'project'), { recursive: true, preserveTimestamps: true });
    await writeFile(made, JSON.stringify({ path, run: result } satisfies Made));
  } else {
    await writeFile(made, JSON.stringify({ failed: true }));
  }
  return result;
}

async function copyMade(entry: string, made: string, path: string): Promise<CliRun | undefined> {
  for (let waited = 0; ; waited += 100) {
    if (await stat(made).catch(() => undefined)) break;
    if (waited >= WAIT_MS) return undefined;
    await sleep(100);
  }
  const kept = JSON.parse(await readFile(made, 'utf8')) as Made | { failed: true };
  if ('failed' in kept) return undefined;
  await cp(join(entry, 'project'), path, { recursive: true, preserveTimestamps: true, errorOnExist: true });
  const moved = (text: string) => text.replaceAll(kept.path, path);
  const report = join(path, 'report.html');
  const html = await readFile(report, 'utf8').catch(() => undefined);
  if (html !== undefined) await rewriteKeepingTimes(report, moved(html));
  await moveRunPaths(join(path, '.assay', 'assay.duckdb'), kept.path, path);
  return { code: kept.run.code, stdout: moved(kept.run.stdout), stderr: moved(kept.run.stderr) };
}

async function rewriteKeepingTimes(file: string, text: string): Promise<void> {
  const before = await stat(file);
  await writeFile(file, text);
  await utimes(file, before.atime, before.mtime);
}

/** The import runs keep the paths they read (runs.params, and summary to be sure): point them at the copy. */
async function moveRunPaths(database: string, from: string, to: string): Promise<void> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(database);
  try {
    const connection = await instance.connect();
    for (const column of ['params', 'summary']) {
      await connection.run(
        `UPDATE runs SET ${column} = replace(${column}::VARCHAR, $from, $to)::JSON WHERE contains(${column}::VARCHAR, $from)`,
        { from, to },
      );
    }
    await connection.run('CHECKPOINT');
    connection.closeSync();
  } finally {
    instance.closeSync();
  }
}
