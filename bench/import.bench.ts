/**
 * Import benchmark (issue 2, part 9): a generated COCO file with 100k images and ~700k boxes is
 * imported into a fresh project; prints annotations per second and peak RSS.
 * Goals: >= 200k annotations/s, < 2 GB RSS.
 *
 * The data comes from ../shared/tools/gen_detection.py (pure-stdlib Python) when it exists; the
 * file is cached in bench/.data/. Without that tool the benchmark says so and stops.
 * Usage: node --import tsx --conditions=source bench/import.bench.ts [--images N]
 */
import { rmSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { importDataset, initProject, openProject } from '@assay/core/node';
import { detectionData, imagesArgument } from './_detection-data.js';

const images = imagesArgument(100_000);
const gt = join(detectionData(resolve('bench/.data', `det${images}`), images), 'gt.json');
const mb = statSync(gt).size / 1e6;
const projectDir = resolve('bench/.data', 'import-project');
rmSync(projectDir, { recursive: true, force: true });
await initProject(projectDir);
const project = await openProject(projectDir, { command: 'bench' });
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const summary = await importDataset(project, { format: 'coco', path: gt });
const seconds = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
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
console.log(`peak RSS: ${rssMb.toFixed(0)} MB  (goal < 2048 MB)`);
rmSync(projectDir, { recursive: true, force: true });
