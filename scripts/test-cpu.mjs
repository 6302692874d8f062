// Loaded with `--import` into every test file's process by scripts/test.mjs: when the file's process
// exits it writes the CPU time it used, its own plus that of every child it waited for (CLI runs,
// Chromium and its helpers), to $ASSAY_TEST_CPU_DIR, for the reporter's table of the slowest files
// (scripts/test-reporter.mjs). Linux only (/proc); elsewhere it records nothing.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.env.ASSAY_TEST_CPU_DIR;
// The runner's own process (scripts/test-run.mjs) is not a test file's.
if (dir && process.argv[1] && !process.argv[1].endsWith('test-run.mjs')) {
  const file = process.argv[1];
  process.on('exit', () => {
    try {
      // /proc/self/stat: after "(comm)" come state, ..., utime, stime, cutime, cstime (fields 14–17) in ticks.
      const stat = readFileSync('/proc/self/stat', 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ticks = [11, 12, 13, 14].map((i) => Number(fields[i]));
      const own = (ticks[0] + ticks[1]) / 100;
      const children = (ticks[2] + ticks[3]) / 100;
      writeFileSync(join(dir, `${process.pid}.json`), JSON.stringify({ file, own, children }));
    } catch {
      // no /proc: no figure
    }
  });
}
