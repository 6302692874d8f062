#!/usr/bin/env node
// Runs every *.test.ts under packages/ with Node's own test runner, compiled: `tsc -b` emits each test
// beside the module it tests (packages/<p>/dist/x.test.js, web's into packages/web/dist-test/; the
// packages' tsconfig.test.json), and plain `node` runs those, so a test file and every package import
// load one copy of each module from dist/ (through tsx each process paid ~0.3–1 s CPU more).
// Arguments pick files by a part of their .ts path. Node 20 has no glob support in `node --test`, so
// the file list is built here.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';

function find(dir, out) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) find(path, out);
    else if (entry.name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

const filters = process.argv.slice(2);
const listed = find('packages', []).filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)));
// Fixtures fetched from public repositories are read from ../shared/fixtures (packages/core/src/test-kit/fixtures.ts).
// Without that folder the test files that read it are left out, saying so; under CI=true that is an error.
const shared = resolve(process.env.ASSAY_SHARED_FIXTURES ?? join('..', 'shared', 'fixtures'));
const READS_SHARED = /\bsharedFixture\(|\bfixture(?:Path)?\(/;
/**
 * Whether a test file reads the shared fixtures: it calls sharedFixture()/fixture(), or a test kit it
 * imports does (a `_name.ts` or `*-kit.ts` module, or one under test-kit/ other than fixtures.ts itself).
 */
function readsShared(file, seen) {
  if (seen.has(file)) return false;
  seen.add(file);
  const text = readFileSync(file, 'utf8');
  if (!file.endsWith('test-kit/fixtures.ts') && READS_SHARED.test(text)) return true;
  for (const [, spec] of text.matchAll(/from '(\.{1,2}\/[^']+)\.js'/g)) {
    const target = join(dirname(file), `${spec}.ts`);
    const name = basename(target);
    const kit = name.startsWith('_') || name.endsWith('-kit.ts') || target.includes('test-kit/');
    if (kit && existsSync(target) && readsShared(target, seen)) return true;
  }
  return false;
}
let files = listed;
if (!existsSync(shared)) {
  const needs = listed.filter((f) => readsShared(f, new Set()));
  if (process.env.CI === 'true') {
    console.error(
      `The shared fixtures are missing (${shared}); ${needs.length} test files read them. CI needs them.`,
    );
    process.exit(1);
  }
  console.warn(`Skipping ${needs.length} test files: they read fixtures from ${shared}, which is absent:`);
  for (const f of needs) console.warn(`  skipped ${f}`);
  files = listed.filter((f) => !needs.includes(f));
}
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}
// The packages and their tests are brought up to date first (incremental: a second or two when nothing
// changed; `npm ci` already built the packages). CLI tests run the built CLI, as
// a user does (bin/assay.js → the esbuild bundle made below).
// The WebAssembly kernels' modules are assembled from their .wat first (scripts/build-wasm.mjs; nothing
// to do when none changed).
if (spawnSync(process.execPath, ['scripts/build-wasm.mjs'], { stdio: 'inherit' }).status !== 0)
  process.exit(1);
const build = spawnSync(
  process.execPath,
  [
    join('node_modules', 'typescript', 'bin', 'tsc'),
    '-b',
    'packages/api',
    'packages/server',
    'packages/cli',
    ...['core', 'cli', 'server', 'web'].map((p) => `packages/${p}/tsconfig.test.json`),
  ],
  { stdio: 'inherit' },
);
if (build.status !== 0) {
  console.error('The build failed (tsc -b): fix the errors above; the tests run compiled.');
  process.exit(1);
}
// Longest first: with a few files at a time, a long file started last would run alone at the end. The
// CPU seconds of each file in the last run (the reporter records them in CPU_RECORD) rank the files;
// a file without a figure there (a fresh clone, as on CI) takes its figure from TEST_WEIGHTS (the
// CPU_RECORD of a full run, committed; refresh it after a full run with ASSAY_TEST_SHARE=0 when files
// have grown or shrunk a lot: a file run in a shared process gets no figure of its own), and a file new
// since then ranks by kind: browser tests (Chromium and a server), then the CLI's
// (child processes), then the server's, then the rest.
const CPU_RECORD = join('node_modules', '.cache', 'assay-test-cpu.json');
const TEST_WEIGHTS = join('scripts', 'test-weights.json');
function readWeights(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return {};
  }
}
const KIND_WEIGHT = [
  [/\.browser\.test\.ts$/, 30],
  [/^packages\/cli\//, 10],
  [/^packages\/server\//, 5],
];
const recorded = readWeights(CPU_RECORD);
const committed = readWeights(TEST_WEIGHTS);
const weight = (file) =>
  recorded[file] ?? committed[file] ?? KIND_WEIGHT.find(([re]) => re.test(file))?.[1] ?? 1;
files.sort((a, b) => weight(b) - weight(a));
/** packages/<p>/src/a/x.test.ts → packages/<p>/dist/a/x.test.js (the web app's own dist/ is Vite's: dist-test/). */
const compiled = (file) =>
  file.replace(/^(packages\/([^/]+))\/src\/(.*)\.ts$/, (_, root, name, rest) =>
    join(root, name === 'web' ? 'dist-test' : 'dist', `${rest}.js`),
  );
// bin/assay.js runs the CLI's esbuild bundle (scripts/bundle-cli.mjs, under a second).
if (spawnSync(process.execPath, ['scripts/bundle-cli.mjs'], { stdio: 'inherit' }).status !== 0)
  process.exit(1);
// Browser tests serve the web app's Vite build (packages/web/dist): rebuilt when a source of it (not a test) is newer,
// so a change to the app is never tested against an old bundle (npm ci built it once).
function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) latest = Math.max(latest, newest(path));
    else if (!/\.test\.tsx?$/.test(entry.name)) latest = Math.max(latest, statSync(path).mtimeMs);
  }
  return latest;
}
if (files.some((f) => f.endsWith('.browser.test.ts'))) {
  const built = join('packages', 'web', 'dist', 'index.html');
  const sources = Math.max(
    newest(join('packages', 'web', 'src')),
    newest(join('packages', 'api', 'src')),
    statSync(join('packages', 'web', 'index.html')).mtimeMs,
    statSync(join('packages', 'web', 'vite.config.ts')).mtimeMs,
  );
  if (!existsSync(built) || statSync(built).mtimeMs < sources) {
    console.log('The web app changed since its build: rebuilding it (npm run build -w @assay/web).');
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    if (spawnSync(npm, ['run', 'build', '-w', '@assay/web'], { stdio: 'inherit' }).status !== 0) {
      console.error('The web app did not build: fix the errors above; the browser tests serve its build.');
      process.exit(1);
    }
  }
}
// A compact reporter (scripts/test-reporter.mjs): dots, failures in full, Node's summary lines, the
// slowest files and a plain `N passed, N failed, N skipped` line. ASSAY_TEST_REPORTER=tap (or spec)
// gives Node's own. Each file's process records its CPU time in cpuDir (scripts/test-cpu.mjs).
const reporter = process.env.ASSAY_TEST_REPORTER ?? new URL('./test-reporter.mjs', import.meta.url).href;
/** Where shareProcesses wrote this run's group entry modules, if any. */
let groupDir;
const entries = shareProcesses(files);
const cpuDir = mkdtempSync(join(tmpdir(), 'assay-test-cpu-'));
// Demo projects made during this run, one per argument list: a test file that sets up from the same demo
// as an earlier file copies it (packages/cli/src/test-kit/demo-project.ts) instead of running `assay demo`.
const demoCache = mkdtempSync(join(tmpdir(), 'assay-test-demos-'));
const result = spawnSync(
  process.execPath,
  [
    // failures point at the .ts file and line
    '--enable-source-maps',
    '--import',
    new URL('./test-cpu.mjs', import.meta.url).href,
    // `node --test` would sort the files by name: test-run.mjs keeps this order
    new URL('./test-run.mjs', import.meta.url).pathname,
    reporter,
    ...entries,
  ],
  {
    stdio: 'inherit',
    env: {
      ...process.env,
      ASSAY_TEST: '1',
      ASSAY_TEST_CPU_DIR: cpuDir,
      ASSAY_TEST_CPU_RECORD: CPU_RECORD,
      ASSAY_TEST_DEMO_CACHE: demoCache,
    },
  },
);
rmSync(cpuDir, { recursive: true, force: true });
rmSync(demoCache, { recursive: true, force: true });
if (groupDir) rmSync(groupDir, { recursive: true, force: true });
process.exit(result.status ?? 1);

/**
 * Core, api, CLI and server test files that touch no process-wide state run several to a process: a
 * file's process costs ~0.13 s of CPU in module loading before its first test, a CLI file calling
 * commands in its process (callCli) or a server file ~0.3–0.5 s (40 core files: 10.5 s of CPU one to a
 * process, 5.4 s in one; the CLI's 38 such files: 230 → 217 s CPU for the CLI's tests; bench/README.md
 * "Integrator, 2026-12-07 night", "suite6"). A file shares when it weighs under 8 s (longer ones keep a
 * process, so the longest-first order still spreads them) and its source neither changes the
 * environment, the working folder or the exit code, nor starts processes or workers (nor uses native
 * addons on workers), nor has top-level hooks (which would run for the group). callCli (CLI test-kit)
 * changes the working folder, PATH, NO_COLOR and the exit code only during a call, one call at a time
 * in a process, and puts them back; the test kits' runCli children and the server kit's in-process
 * servers are a file's own (ephemeral ports, closed in its `after`).
 * The groups are entry modules importing their files, in a temporary assay-test-groups-* folder; a
 * failure still names the test and, through the source map, its .ts file. ASSAY_TEST_SHARE=0 runs every
 * file alone. Returns the paths to run, longest first.
 */
function shareProcesses(list) {
  const alone = process.env.ASSAY_TEST_SHARE === '0';
  const touchesProcess =
    /process\.(env|chdir|exit|exitCode|on\(|stdout|stderr)|spawn|execFile|fork\(|new Worker|^(before|after|beforeEach|afterEach)\(/m;
  // A shared process holding knn-in-worker once ended with "terminate called after throwing an instance of
  // 'Napi::Error'" at its exit (CI, 2026-12-07), and later security.test's own process: a worker terminated
  // while inside a native addon (usearch's search; DuckDB's loading, which the facet count worker did
  // through an import) aborts the whole process. Mended at the root (embedding-worker.ts,
  // worker-entries.test.ts); files with native addons on worker threads still keep their own process.
  const nativeWorkers = /[wW]orker|onnx|usearch/;
  const touches = (text) => nativeWorkers.test(text) || touchesProcess.test(text);
  const shares = (file) =>
    !alone &&
    /^packages\/(core|api|cli|server)\/src\//.test(file) &&
    !/\/node\/(embeddings|models)\//.test(file) &&
    weight(file) < 8 &&
    !touches(readFileSync(file, 'utf8'));
  const pooled = list.filter(shares);
  const single = list
    .filter((f) => !pooled.includes(f))
    .map((f) => ({ path: compiled(f), weight: weight(f) }));
  const groups = [];
  if (pooled.length > 1) {
    // a folder of this run's own (two runs in one checkout do not share it), removed when the run ends
    groupDir = mkdtempSync(join(tmpdir(), 'assay-test-groups-'));
    const dir = groupDir;
    // about 8 s of CPU a group: enough files to share their loading, enough groups to run two at a time
    let current = [];
    let sum = 0;
    const flush = () => {
      if (current.length === 0) return;
      const path = join(dir, `group-${String(groups.length + 1).padStart(2, '0')}.mjs`);
      const lines = current.map((f) => `import ${JSON.stringify(resolve(compiled(f)))};`);
      writeFileSync(
        path,
        `// ${current.length} test files in one process (scripts/test.mjs shareProcesses)\n${lines.join('\n')}\n`,
      );
      groups.push({ path, weight: sum });
      current = [];
      sum = 0;
    };
    for (const f of pooled) {
      current.push(f);
      sum += weight(f);
      if (sum >= 8) flush();
    }
    flush();
    console.log(
      `${pooled.length} test files run in ${groups.length} shared processes (ASSAY_TEST_SHARE=0: one each).`,
    );
  } else single.push(...pooled.map((f) => ({ path: compiled(f), weight: weight(f) })));
  return [...single, ...groups].sort((a, b) => b.weight - a.weight).map((e) => e.path);
}
