/**
 * Import benchmark (issue 2, part 9): a generated COCO file with 100k images and ~700k boxes is
 * imported into a fresh project; prints annotations per second and peak RSS.
 * Goals: >= 200k annotations/s, < 2 GB RSS.
 *
 * The data comes from ../shared/tools/gen_detection.py (pure-stdlib Python) when it exists; the
 * file is cached in bench/.data/. Without that tool the benchmark says so and stops.
 * Usage: node --import tsx --conditions=source bench/import.bench.ts [--images N]
 */
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { importDataset, initProject, openProject, tuneV8ForImport } from '@assay/core/node';
import { detectionData, imagesArgument } from './_detection-data.js';

/**
 * CPU seconds of this process's threads from /proc (Linux), by thread name; the main thread is the
 * one whose id is the process id. On a shared machine the main thread's time is the import's critical
 * path (parsing, building rows); wall time adds whatever the other processes took from it.
 */
function threadCpu(): Map<string, number> {
  const out = new Map<string, number>();
  let tasks: string[];
  try {
    tasks = readdirSync('/proc/self/task');
  } catch {
    return out;
  }
  for (const tid of tasks) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const seconds = (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks
      const name =
        tid === String(process.pid) ? 'main' : readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').trim();
      out.set(name, (out.get(name) ?? 0) + seconds);
    } catch {
      // the thread ended meanwhile
    }
  }
  return out;
}

const images = imagesArgument(100_000);
const gt = join(detectionData(resolve('bench/.data', `det${images}`), images), 'gt.json');
const mb = statSync(gt).size / 1e6;
// As `assay import` does (see v8-tuning.ts).
tuneV8ForImport();
const projectDir = resolve('bench/.data', 'import-project');
rmSync(projectDir, { recursive: true, force: true });
await initProject(projectDir);
const project = await openProject(projectDir, { command: 'bench' });
const threads0 = threadCpu();
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const summary = await importDataset(project, { format: 'coco', path: gt });
const seconds = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
const threads = threadCpu();
await project.close();
const rssMb = process.resourceUsage().maxRSS / 1024;
const rate = summary.annotations.total / seconds;
console.log(`file: ${gt} (${mb.toFixed(0)} MB)`);
console.log(
  `imported ${summary.samples.total} samples, ${summary.annotations.total} annotations in ${seconds.toFixed(2)} s`,
);
console.log(
  `annotations/s: ${Math.round(rate).toLocaleString('en-US')}  (goal >= 200,000: ratio ${(rate / 200_000).toFixed(2)})`,
);
// The machine is often shared: CPU time (every thread: JavaScript, GC helpers, DuckDB's workers) is
// steadier than wall time, and a wall time well above it means the cores were busy elsewhere.
console.log(
  `CPU time: ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s on all threads; load average ${loadavg()[0]?.toFixed(1)}`,
);
const perThread = [...threads]
  .map(([name, t]) => [name, t - (threads0.get(name) ?? 0)] as const)
  .filter(([, t]) => t >= 0.05)
  .sort((a, b) => b[1] - a[1])
  .map(([name, t]) => `${name} ${t.toFixed(2)}`);
if (perThread.length > 0) console.log(`CPU s by thread: ${perThread.join(', ')}`);
console.log(`peak RSS: ${rssMb.toFixed(0)} MB  (goal < 2048 MB)`);
rmSync(projectDir, { recursive: true, force: true });
