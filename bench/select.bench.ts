/**
 * Selection and split benchmark (issue 15, part 8):
 * 1. k-center greedy core-set selection of 1% (1,000) of 100k × 512 float32 vectors (kernels on typed
 *    arrays, one thread). Baseline in the same run: one plain pass of squared distances from every
 *    vector to one centre, the least work each pick must do; the ratio is k-center's time over
 *    1,000 such passes.
 * 2. Split of 100k images holding 700k boxes of 80 classes (Zipf-like frequencies, ~7 per image, 5% of
 *    images in near-duplicate-like groups of 2–4): iterative stratification with groups, pure, against
 *    a plain random split of the same items; then `assay split`'s whole path (runSplit: load from the
 *    project database, split, write 100k sample edits) on a project imported from the same data.
 *    k-center runs on the WebAssembly SIMD kernel; the float64 JS kernel runs the first 40 picks to check
 *    it picks the same rows and to time it.
 * Usage: node --import tsx --conditions=source bench/select.bench.ts [--images N] [--picks N] [--no-kcenter] [--no-project] [--no-split]
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { kCenterGreedy, labelRows, mulberry32, splitComposition, splitSamples } from '@assay/core';
import { importDataset, initProject, openProject, runSplit } from '@assay/core/node';
import { imagesArgument } from './_detection-data.js';

const seconds = (t0: number) => (performance.now() - t0) / 1000;
const argValue = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};

// 1. k-center greedy
if (!process.argv.includes('--no-kcenter')) {
  const n = 100_000;
  const dim = 512;
  const rnd = mulberry32(1);
  const data = new Float32Array(n * dim);
  for (let i = 0; i < data.length; i++) data[i] = rnd() * 2 - 1;
  let t0 = performance.now();
  const minD = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let d = 0;
    for (let j = 0; j < dim; j++) {
      const a = data[i * dim + j]! - data[j]!;
      d += a * a;
    }
    minD[i] = d;
  }
  const pass = seconds(t0);
  const picks = Number(argValue('--picks') ?? 1000);
  t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const picked = kCenterGreedy(data, dim, picks, { random: mulberry32(2) });
  const kc = seconds(t0);
  const used = process.cpuUsage(cpu0);
  const cpu = (used.user + used.system) / 1e6;
  console.log(
    `k-center greedy (WebAssembly SIMD kernel), ${picks.toLocaleString()} of 100,000 × 512: ${kc.toFixed(1)} s wall, ${cpu.toFixed(1)} s CPU → ${((kc / picks) * 1000).toFixed(1)} ms wall, ${((cpu / picks) * 1000).toFixed(1)} ms CPU per pick (copy into WebAssembly memory included); one plain JS distance pass ${(pass * 1000).toFixed(1)} ms wall`,
  );
  // the float64 JS kernel (the reference) on the first picks: same rows, and its time per pick
  const check = Math.min(picks, 40);
  t0 = performance.now();
  const jsCpu0 = process.cpuUsage();
  const js = kCenterGreedy(data, dim, check, { random: mulberry32(2), kernel: 'js' });
  const jsUsed = process.cpuUsage(jsCpu0);
  const jsCpu = (jsUsed.user + jsUsed.system) / 1e6;
  console.log(
    `JS kernel, first ${check} picks: ${((seconds(t0) / check) * 1000).toFixed(1)} ms wall, ${((jsCpu / check) * 1000).toFixed(1)} ms CPU per pick; same rows as WebAssembly: ${js.every((r, i) => r === picked[i])}`,
  );
}

// 2. split
if (process.argv.includes('--no-split')) process.exit(0);
const images = imagesArgument(100_000);
const rnd = mulberry32(3);
const zipf = Array.from({ length: 80 }, (_, c) => 1 / (c + 1));
const zsum = zipf.reduce((a, b) => a + b, 0);
const cdf: number[] = [];
zipf.reduce((a, b, i) => (cdf[i] = a + b / zsum), 0);
const boxClasses: number[][] = [];
let boxes = 0;
for (let i = 0; i < images; i++) {
  const k = 1 + Math.floor(rnd() * 13); // mean 7
  const row: number[] = [];
  for (let b = 0; b < k; b++) {
    const u = rnd();
    row.push(cdf.findIndex((x) => x >= u));
  }
  boxes += k;
  boxClasses.push(row);
}
const groups = new Int32Array(images).fill(-1);
for (let i = 0, g = 0; i < images; i++)
  if (rnd() < 0.02) {
    const size = 2 + Math.floor(rnd() * 3);
    for (let j = 0; j < size && i + j < images; j++) groups[i + j] = g;
    g++;
    i += size - 1;
  }
const presence = labelRows(
  boxClasses.map((r) => [...new Set(r)]),
  80,
);
console.log(`\nsplit data: ${images.toLocaleString()} images, ${boxes.toLocaleString()} boxes, 80 classes`);
const ratios = [0.8, 0.1, 0.1];
let t0 = performance.now();
const random = splitSamples({ n: images, groups }, { ratios, random: mulberry32(4) });
const tRandom = seconds(t0);
t0 = performance.now();
const strat = splitSamples(
  { n: images, labels: presence, groups },
  { ratios, stratify: true, random: mulberry32(4) },
);
const tStrat = seconds(t0);
const names = ['train', 'val', 'test'];
const dev = (f: Int32Array) =>
  splitComposition(f, names, ratios, presence)
    .splits.map(
      (s) => `${s.name} ${(100 * s.maxDeviation).toFixed(2)}% / overlap ${(100 * s.overlap).toFixed(1)}%`,
    )
    .join(', ');
console.log(`random (groups kept): ${tRandom.toFixed(2)} s; max class deviation: ${dev(random)}`);
console.log(
  `iterative stratification (groups kept): ${tStrat.toFixed(2)} s (${(tStrat / tRandom).toFixed(1)}× random); ${dev(strat)}`,
);

if (!process.argv.includes('--no-project')) {
  const dir = resolve('bench/.data', `split-project-${images}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const coco = {
    images: boxClasses.map((_, i) => ({ id: i + 1, file_name: `img${i}.jpg`, width: 640, height: 480 })),
    annotations: boxClasses.flatMap((r, i) =>
      r.map((c, b) => ({
        id: 0,
        image_id: i + 1,
        category_id: c + 1,
        bbox: [b, b, 20, 20],
        area: 400,
        iscrowd: 0,
      })),
    ),
    categories: zipf.map((_, c) => ({ id: c + 1, name: `class${c}` })),
  };
  coco.annotations.forEach((a, i) => {
    a.id = i + 1;
  });
  const gt = join(dir, 'gt.json');
  writeFileSync(gt, JSON.stringify(coco));
  await initProject(join(dir, 'p'));
  const project = await openProject(join(dir, 'p'), { command: 'bench' });
  t0 = performance.now();
  await importDataset(project, { format: 'coco', path: gt });
  console.log(`import (setup): ${seconds(t0).toFixed(1)} s`);
  t0 = performance.now();
  const dry = await runSplit(project, { ratios, stratify: 'class', dryRun: true });
  console.log(
    `runSplit --stratify class --dry-run (load + split + composition): ${seconds(t0).toFixed(2)} s; ${dry.changed} samples would change`,
  );
  t0 = performance.now();
  const s = await runSplit(project, { ratios, stratify: 'class' });
  console.log(
    `runSplit --stratify class, writing ${s.changed.toLocaleString()} sample edits: ${seconds(t0).toFixed(1)} s`,
  );
  await project.close();
}
