#!/usr/bin/env node
// Runs every *.test.ts under packages/ (and bench/ when asked) with Node's own test runner.
// Node 20 has no glob support in `node --test`, so the file list is built here.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

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
let files = listed;
if (!existsSync(shared)) {
  const needs = listed.filter((f) => /\bsharedFixture\(|\bfixture(?:Path)?\(/.test(readFileSync(f, 'utf8')));
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
// CLI tests run the built CLI (bin/assay.js → dist/, as a user does; a child started through tsx costs
// twice the CPU), so the TypeScript packages are brought up to date first (incremental: a second or two
// when nothing changed; `npm ci` already built them).
const build = spawnSync(
  process.execPath,
  [join('node_modules', 'typescript', 'bin', 'tsc'), '-b', 'packages/api', 'packages/server', 'packages/cli'],
  { stdio: 'inherit' },
);
if (build.status !== 0) {
  console.error('The build failed (tsc -b): fix the errors above; the tests run the built CLI.');
  process.exit(1);
}
// bin/assay.js runs the CLI's esbuild bundle (scripts/bundle-cli.mjs, under a second).
if (spawnSync(process.execPath, ['scripts/bundle-cli.mjs'], { stdio: 'inherit' }).status !== 0)
  process.exit(1);
// A compact reporter (scripts/test-reporter.mjs): dots, failures in full, Node's summary lines, the
// slowest files and a plain `N passed, N failed, N skipped` line. ASSAY_TEST_REPORTER=tap (or spec)
// gives Node's own. Each file's process records its CPU time in cpuDir (scripts/test-cpu.mjs).
const reporter = process.env.ASSAY_TEST_REPORTER ?? new URL('./test-reporter.mjs', import.meta.url).href;
const cpuDir = mkdtempSync(join(tmpdir(), 'assay-test-cpu-'));
const result = spawnSync(
  process.execPath,
  [
    '--import',
    'tsx',
    '--import',
    new URL('./test-cpu.mjs', import.meta.url).href,
    '--conditions=source',
    '--test',
    '--test-concurrency=2',
    `--test-reporter=${reporter}`,
    ...files,
  ],
  { stdio: 'inherit', env: { ...process.env, ASSAY_TEST: '1', ASSAY_TEST_CPU_DIR: cpuDir } },
);
rmSync(cpuDir, { recursive: true, force: true });
process.exit(result.status ?? 1);
