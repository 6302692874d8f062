// Runs test files with Node's test runner in the order given (scripts/test.mjs: the longest first;
// `node --test` sorts its files by name), one more at a time than there are cores (3 on 2 cores;
// ASSAY_TEST_CONCURRENCY sets another number), through the reporter named first:
// `node [--enable-source-maps --import ...] scripts/test-run.mjs <reporter> <file>...`. Each file's
// process gets this process's Node options. Exit code 1 when a test or a file failed.
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { run } from 'node:test';

const [reporterName, ...files] = process.argv.slice(2);
const builtIn = new Set(['tap', 'spec', 'dot', 'junit']);
const reporter = builtIn.has(reporterName)
  ? (await import('node:test/reporters'))[reporterName]
  : (await import(reporterName)).default;
// One file more than the cores: a file often waits (for its CLI child, Chromium, the disk, a server's
// start), and with one file per core that core idles meanwhile (a fresh-clone CI run used ~1.7 of 2 cores).
const concurrency = Number(process.env.ASSAY_TEST_CONCURRENCY) || availableParallelism() + 1;
// absolute paths: the reporter knows a file's own entry by its name being its path
const stream = run({ files: files.map((f) => resolve(f)), concurrency });
stream.on('test:fail', () => {
  process.exitCode = 1;
});
stream.compose(reporter).pipe(process.stdout);
