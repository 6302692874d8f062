/**
 * Starts `assay serve --port 0 --json` from the sources in `dir` as a child process (as the serve, web
 * and thumbnail benches measure it) and resolves with the child and its base URL once it has printed it.
 */
import { type ChildProcessByStdio, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import type { Readable } from 'node:stream';

export interface ServeChild {
  child: ChildProcessByStdio<null, Readable, null>;
  url: string;
}

/** CPU time of a process so far (user + system, all threads), ms: the load-independent cost. */
export function processCpuMs(pid: number | undefined): number {
  if (pid === undefined) throw new Error('the process has not started (no pid)');
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in clock ticks (100/s)
}

/**
 * CPU time (user + system) of every process below `root` except the subtrees of `except`, ms: e.g.
 * Chromium's processes started by a bench, without the server it started too.
 */
export function descendantsCpuMs(root: number, except: readonly (number | undefined)[] = []): number {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const parent = Number(readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
    } catch {
      // ended meanwhile
    }
  }
  let total = 0;
  const visit = (pid: number) => {
    for (const child of children.get(pid) ?? []) {
      if (except.includes(child)) continue;
      try {
        total += processCpuMs(child);
      } catch {
        // ended meanwhile
      }
      visit(child);
    }
  };
  visit(root);
  return total;
}

/** The 1, 5 and 15-minute load averages, one decimal each. */
export function loadAverage(): string {
  return loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');
}

export async function startServeChild(dir: string): Promise<ServeChild> {
  const main = resolve('packages/cli/src/main.ts');
  const child = spawn(
    process.execPath,
    [
      // ASSAY_BENCH_CPU_PROF=<dir>: the server writes a V8 CPU profile of each thread there when it stops
      ...(process.env.ASSAY_BENCH_CPU_PROF
        ? ['--cpu-prof', `--cpu-prof-dir=${resolve(process.env.ASSAY_BENCH_CPU_PROF)}`]
        : []),
      '--import',
      'tsx',
      '--conditions=source',
      main,
      'serve',
      '--port',
      '0',
      '--json',
    ],
    { cwd: dir, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  const url = await new Promise<string>((done, fail) => {
    child.stdout.on('data', (d) => {
      out += d;
      try {
        done((JSON.parse(out) as { url: string }).url.replace(/\/$/, ''));
      } catch {
        // not yet
      }
    });
    child.on('close', () => fail(new Error(`serve exited:\n${out}`)));
  });
  return { child, url };
}
