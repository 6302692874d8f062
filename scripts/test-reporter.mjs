// A compact reporter for Node's test runner (scripts/test.mjs uses it; ASSAY_TEST_REPORTER=tap or spec
// gives Node's own). One character per test as they finish (. passed, F failed, s skipped, t todo), each
// failure in full once its file is done (the test's path, file and error), then Node's summary lines
// (`# tests N`, `# pass N`, `# fail N`, ...), the slowest files, and one plain line CI can read:
// `N passed, N failed, N skipped` (always the last line).
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { inspect } from 'node:util';

const WIDTH = 80;
const SUMMARY_KEYS = new Set([
  'tests',
  'suites',
  'pass',
  'fail',
  'cancelled',
  'skipped',
  'todo',
  'duration_ms',
]);

/** A test file as the user knows it: the .ts source of a compiled test (scripts/test.mjs runs dist/…/x.test.js). */
function where(file) {
  if (!file) return '';
  const path = relative(process.cwd(), file.startsWith('file://') ? new URL(file).pathname : file);
  return path.replace(/^(packages\/[^/]+)\/(?:dist|dist-test)\/(.*)\.js$/, '$1/src/$2.ts');
}

function errorText(error) {
  // Node wraps a test's own error as the cause of an ERR_TEST_FAILURE.
  const inner = error?.code === 'ERR_TEST_FAILURE' && error.cause !== undefined ? error.cause : error;
  if (inner instanceof Error) {
    const extra =
      'actual' in inner && 'expected' in inner && !inner.stack?.includes('+ actual')
        ? `\n  actual: ${inspect(inner.actual, { depth: 4 })}\n  expected: ${inspect(inner.expected, { depth: 4 })}`
        : '';
    // Frames inside Node's own test runner say nothing about the failure.
    const stack = (inner.stack ?? inner.message)
      .split('\n')
      .filter((line) => !/^\s+at .*\(node:/.test(line) && !/^\s+at async Promise\.all/.test(line))
      .join('\n');
    return `${stack}${extra}`;
  }
  return inspect(inner, { depth: 4 });
}

const indent = (text, pad) =>
  text
    .split('\n')
    .map((l) => pad + l)
    .join('\n');

// How many of the slowest files to list (ASSAY_TEST_SLOWEST=N for another number).
const SLOWEST = Number(process.env.ASSAY_TEST_SLOWEST) || 15;

/** CPU seconds per test file, as recorded by scripts/test-cpu.mjs: its own process's and its children's. */
function cpuByFile() {
  const dir = process.env.ASSAY_TEST_CPU_DIR;
  const cpu = new Map();
  if (!dir) return cpu;
  try {
    for (const name of readdirSync(dir)) {
      const { file, own, children } = JSON.parse(readFileSync(join(dir, name), 'utf8'));
      // a forked helper inherits the --import too; only test files (seen in the events) are kept
      const seen = cpu.get(file) ?? { own: 0, children: 0 };
      cpu.set(file, { own: seen.own + own, children: seen.children + children });
    }
  } catch {
    // no figures: the table shows wall time only
  }
  return cpu;
}

/**
 * Keeps each file's CPU seconds in $ASSAY_TEST_CPU_RECORD (merged into the figures of earlier runs), so
 * scripts/test.mjs starts the longest files first next time.
 */
function recordCpu(cpu) {
  const path = process.env.ASSAY_TEST_CPU_RECORD;
  if (!path || cpu.size === 0) return;
  try {
    let record = {};
    try {
      record = JSON.parse(readFileSync(path, 'utf8'));
    } catch {
      // the first run: a new record
    }
    // a group of small files (scripts/test.mjs shareProcesses) is no file's figure
    for (const [file, c] of cpu)
      if (!file.includes('assay-test-groups'))
        record[where(file)] = Math.round((c.own + c.children) * 10) / 10;
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, `${JSON.stringify(record, null, 1)}\n`);
  } catch {
    // no record: the next run orders files by kind
  }
}

/**
 * The slowest files: wall seconds (from the runner's start of the file's process to its end; inflated
 * on a loaded machine) and, where recorded, CPU seconds with their share of the total and the part spent in
 * the file's child processes (CLI runs, Chromium), ranked by CPU.
 */
function slowestTable(walls) {
  const cpu = cpuByFile();
  recordCpu(cpu);
  const rows = [...walls].map(([file, wall]) => {
    const c = cpu.get(file);
    return { file, wall, cpu: c && c.own + c.children, children: c?.children };
  });
  if (rows.length === 0) return '';
  const haveCpu = rows.some((r) => r.cpu !== undefined);
  const key = (r) => (haveCpu ? (r.cpu ?? 0) : r.wall);
  rows.sort((a, b) => key(b) - key(a));
  const totalCpu = rows.reduce((sum, r) => sum + (r.cpu ?? 0), 0);
  const totalWall = rows.reduce((sum, r) => sum + r.wall, 0);
  const totalChildren = rows.reduce((sum, r) => sum + (r.children ?? 0), 0);
  const fmt = (x) => x.toFixed(1).padStart(7);
  const lines = [
    `\n# slowest ${Math.min(SLOWEST, rows.length)} of ${rows.length} files` +
      (haveCpu
        ? ` by CPU (total ${totalCpu.toFixed(1)} s CPU, ${totalChildren.toFixed(1)} s of it in child processes;` +
          ` ${totalWall.toFixed(1)} s wall summed)`
        : ''),
    `#    wall s   cpu s  share children  file`,
  ];
  for (const r of rows.slice(0, SLOWEST)) {
    const share = haveCpu && r.cpu !== undefined ? `${((100 * r.cpu) / totalCpu).toFixed(1)}%` : '';
    const children = r.children === undefined ? '' : fmt(r.children);
    lines.push(
      `# ${fmt(r.wall)} ${r.cpu === undefined ? '      -' : fmt(r.cpu)} ${share.padStart(6)}  ${children.padStart(7)}  ${where(r.file)}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

export default async function* compactReporter(source) {
  let column = 0;
  const names = new Map(); // file → names by nesting level
  const failures = [];
  const summary = [];
  const counts = { passed: 0, failed: 0, skipped: 0, todo: 0 };
  const walls = new Map(); // test file → seconds its process ran
  const mark = (c) => {
    column++;
    return column % WIDTH === 0 ? `${c}\n` : c;
  };
  // A file that fails before its tests run (a missing module, a syntax error) fails as 'test failed'
  // with the reason only on its stderr: the last lines of each file's stderr are kept to show then.
  const stderr = new Map();
  for await (const event of source) {
    const { type, data } = event;
    if (type === 'test:stderr') {
      const lines = stderr.get(data.file) ?? [];
      lines.push(...String(data.message).trimEnd().split('\n'));
      stderr.set(data.file, lines.slice(-30));
    } else if (
      type === 'test:complete' &&
      data.nesting === 0 &&
      data.file !== undefined &&
      data.name === data.file
    ) {
      // the runner's own entry for a whole file (its process)
      walls.set(data.file, (data.details?.duration_ms ?? 0) / 1000);
    } else if (type === 'test:start') {
      const list = names.get(data.file) ?? [];
      list[data.nesting] = data.name;
      list.length = data.nesting + 1;
      names.set(data.file, list);
    } else if (type === 'test:pass' || type === 'test:fail') {
      const isSuite = data.details?.type === 'suite';
      const failedChildren = data.details?.error?.failureType === 'subtestsFailed';
      if (type === 'test:fail' && !failedChildren) {
        const path = [...(names.get(data.file) ?? []).slice(0, data.nesting), data.name].join(' › ');
        let error = errorText(data.details?.error);
        if (data.name === data.file && stderr.has(data.file))
          error += `\n${stderr.get(data.file).join('\n')}`;
        failures.push({ path, file: where(data.file), error });
        counts.failed++;
        yield mark('F');
      } else if (!isSuite && type === 'test:pass') {
        if (data.skip !== undefined) {
          counts.skipped++;
          yield mark('s');
        } else if (data.todo !== undefined) {
          counts.todo++;
          yield mark('t');
        } else {
          counts.passed++;
          yield mark('.');
        }
      }
    } else if (type === 'test:diagnostic') {
      const [key, value] = String(data.message).split(' ');
      if (data.nesting === 0 && SUMMARY_KEYS.has(key) && value !== undefined)
        summary.push(`# ${key} ${value}`);
      else summary.push(`# ${where(data.file)}: ${data.message}`);
    }
  }
  if (column % WIDTH !== 0) yield '\n';
  for (const [i, f] of failures.entries()) {
    yield `\n✖ ${i + 1}) ${f.path}\n  ${f.file}\n${indent(f.error, '    ')}\n`;
  }
  yield `\n${summary.join('\n')}\n`;
  yield slowestTable(walls);
  const skipped = counts.skipped + counts.todo;
  yield `${counts.passed} passed, ${counts.failed} failed, ${skipped} skipped\n`;
}
