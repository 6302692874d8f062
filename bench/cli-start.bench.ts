/**
 * CLI start-up benchmark (issue 10, part 4): the CPU time (user + sys) and wall time of one `assay`
 * process per command as a user runs it, the esbuild bundle (bin/assay.js → bundle/main.js, source
 * maps on) against tsc's dist/main.js (what bin/assay.js ran before the bundle), run in turn (A B A B …)
 * in the same run; medians. On the demo project (made once in bench/.data/cli-start/demo): --version,
 * --help, info, stats, check, issues, report; eval coco --json on the shared fixture coco-val2014-100;
 * serve until it prints its URL (CPU read from /proc at that moment).
 * Linux only (/proc). Usage: npm run bench -- cli-start   (ASSAY_START_RUNS=N pairs, default 7)
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { sharedFixture } from '@assay/core/test-kit';

const RUNS = Number(process.env.ASSAY_START_RUNS ?? 7);
const DEMO = resolve('bench/.data/cli-start/demo');
const BUILDS = {
  dist: resolve('packages/cli/dist/main.js'),
  bundle: resolve('packages/cli/bin/assay.js'),
};
type Build = keyof typeof BUILDS;

/** utime + stime (fields 14, 15) or cutime + cstime (16, 17) of /proc/<pid>/stat, in seconds. */
function cpuOf(pid: number | 'self', children: boolean): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const [a, b] = children ? [13, 14] : [11, 12];
  return (Number(fields[a]) + Number(fields[b])) / 100;
}

interface Measure {
  cpu: number;
  wall: number;
}

/** One process to its end: its CPU is what this process's waited-for children gained meanwhile. */
function runOnce(build: Build, args: string[], cwd = DEMO): Promise<Measure> {
  const before = cpuOf('self', true);
  const start = performance.now();
  const child = spawn(process.execPath, [BUILDS[build], ...args], { cwd, stdio: 'ignore' });
  return new Promise((done, fail) => {
    child.on('error', fail);
    child.on('close', (code) => {
      if (code !== 0 && code !== 1) fail(new Error(`${build} ${args.join(' ')} exited ${code}`));
      else done({ cpu: cpuOf('self', true) - before, wall: (performance.now() - start) / 1000 });
    });
  });
}

/** `assay serve` until it prints its URL: the CPU it used by then, then Ctrl-C. */
function serveOnce(build: Build): Promise<Measure> {
  const start = performance.now();
  const child = spawn(process.execPath, [BUILDS[build], 'serve', '--port', '0'], {
    cwd: DEMO,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  let out = '';
  let measure: Measure | undefined;
  return new Promise((done, fail) => {
    child.stdout.on('data', (d) => {
      out += d;
      if (!/http:\/\/\S+/.test(out) || child.pid === undefined) return;
      if (measure) return;
      measure = { cpu: cpuOf(child.pid, false), wall: (performance.now() - start) / 1000 };
      child.kill('SIGINT');
    });
    child.on('close', (code) => {
      if (measure) done(measure);
      else fail(new Error(`serve exited ${code} before its URL:\n${out}`));
    });
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

async function main(): Promise<void> {
  if (!existsSync(join(DEMO, '.assay'))) {
    console.log(`making the demo project in ${DEMO} ...`);
    rmSync(DEMO, { recursive: true, force: true });
    mkdirSync(resolve(DEMO, '..'), { recursive: true });
    await runOnce('bundle', ['demo', DEMO], resolve(DEMO, '..'));
    if (!existsSync(join(DEMO, '.assay'))) throw new Error('assay demo made no project');
  }
  const report = join(tmpdir(), `assay-cli-start-${process.pid}.html`);
  const coco = sharedFixture('coco-val2014-100/');
  const commands: [string, () => (build: Build) => Promise<Measure>][] = [
    ['--version', () => (b) => runOnce(b, ['--version'])],
    ['--help', () => (b) => runOnce(b, ['--help'])],
    ['info', () => (b) => runOnce(b, ['info'])],
    ['stats', () => (b) => runOnce(b, ['stats'])],
    ['check', () => (b) => runOnce(b, ['check'])],
    ['issues', () => (b) => runOnce(b, ['issues'])],
    ['report', () => (b) => runOnce(b, ['report', '--out', report])],
  ];
  if (existsSync(coco)) {
    const gt = `${coco}instances_val2014_100.json`;
    const dt = `${coco}instances_val2014_fakebbox100_results.json`;
    commands.push([
      'eval coco --json',
      () => (b) => runOnce(b, ['--json', 'eval', 'coco', '--gt', gt, '--dt', dt]),
    ]);
  } else console.log(`(eval coco left out: ${coco} is absent)`);
  commands.push(['serve → URL', () => serveOnce]);
  console.log(
    `${RUNS} runs each, in turn; load average ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}`,
  );
  console.log('| command | CPU s dist | CPU s bundle | CPU saved | wall s dist | wall s bundle |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const [name, make] of commands) {
    const run = make();
    const got: Record<Build, Measure[]> = { dist: [], bundle: [] };
    for (let i = 0; i < RUNS; i++) {
      for (const build of ['dist', 'bundle'] as const) got[build].push(await run(build));
    }
    const cpu = (b: Build) => median(got[b].map((m) => m.cpu));
    const wall = (b: Build) => median(got[b].map((m) => m.wall));
    const saved = 1 - cpu('bundle') / cpu('dist');
    console.log(
      `| ${name} | ${cpu('dist').toFixed(2)} | ${cpu('bundle').toFixed(2)} | ${(saved * 100).toFixed(0)}% | ` +
        `${wall('dist').toFixed(2)} | ${wall('bundle').toFixed(2)} |`,
    );
  }
  rmSync(report, { force: true });
  console.log(
    `load average ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}`,
  );
}

await main();
