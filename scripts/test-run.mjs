// Runs test files with Node's test runner in the order given (scripts/test.mjs: the longest first;
// `node --test` sorts its files by name), two at a time (ASSAY_TEST_CONCURRENCY sets another number),
// through the reporter named first:
// `node [--enable-source-maps --import ...] scripts/test-run.mjs <reporter> <file>...`. Each file's
// process gets this process's Node options. Exit code 1 when a test or a file failed.
import { resolve } from 'node:path';
import { run } from 'node:test';

const [reporterName, ...files] = process.argv.slice(2);
const builtIn = new Set(['tap', 'spec', 'dot', 'junit']);
const reporter = builtIn.has(reporterName)
  ? (await import('node:test/reporters'))[reporterName]
  : (await import(reporterName)).default;
// Two, not one more than the cores: the 8 browser files at three at a time took 220 s against 168 s at
// two (same CPU, load 12–17; bench/README.md "suite3"). Not measured on a quiet machine.
const concurrency = Number(process.env.ASSAY_TEST_CONCURRENCY) || 2;
// absolute paths: the reporter knows a file's own entry by its name being its path
const stream = run({ files: files.map((f) => resolve(f)), concurrency });
stream.on('test:fail', () => {
  process.exitCode = 1;
});
stream.compose(reporter).pipe(process.stdout);
