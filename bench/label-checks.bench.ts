/**
 * Label-check benchmark (issue 4, part 8): every label check on a generated COCO set of 100k images
 * and ~670k boxes (half of them polygons), as `assay check` runs them: loaded from a real project
 * database, checked by the pure labelChecks, issues written back.
 *
 * Baseline, measured in the same run on the same objects: one plain loop over the annotations that
 * computes each box's area clipped to its image, the least work any per-box check does. The ratio
 * says how many such passes the whole family of checks costs.
 *
 * The data comes from ../shared/tools/gen_detection.py (pure-stdlib Python) when it exists, cached
 * in bench/.data/ (shared with import.bench.ts). Without that tool the benchmark says so and stops.
 * Usage: node --import tsx --conditions=source bench/label-checks.bench.ts [--images N]
 */
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { LABEL_CHECK_TYPES, type LabelCheckInput, labelChecks } from '@assay/core';
import { importDataset, initProject, openProject } from '@assay/core/node';
import { detectionData, imagesArgument } from './_detection-data.js';

const images = imagesArgument(100_000);
const gt = join(detectionData(resolve('bench/.data', `det${images}`), images), 'gt.json');

const seconds = (t0: number) => (performance.now() - t0) / 1000;
const best = (runs: number, fn: () => void) => {
  let min = Number.POSITIVE_INFINITY;
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    fn();
    min = Math.min(min, seconds(t0));
  }
  return min;
};

/** The baseline: one pass computing each box's area clipped to its image. */
function clippedAreaPass(input: LabelCheckInput): number {
  const sizes = new Map(
    input.samples.map((s) => [s.id, [s.probe?.width ?? s.width ?? 0, s.probe?.height ?? s.height ?? 0]]),
  );
  let sum = 0;
  for (const a of input.annotations) {
    const b = a.bbox;
    const size = sizes.get(a.sampleId);
    if (!b || !size) continue;
    const w = Math.max(0, Math.min(b[0] + b[2], size[0]!) - Math.max(b[0], 0));
    const h = Math.max(0, Math.min(b[1] + b[3], size[1]!) - Math.max(b[1], 0));
    sum += w * h;
  }
  return sum;
}

const projectDir = resolve('bench/.data', 'label-checks-project');
rmSync(projectDir, { recursive: true, force: true });
await initProject(projectDir);
const project = await openProject(projectDir, { command: 'bench' });
let t0 = performance.now();
await importDataset(project, { format: 'coco', path: gt });
console.log(`import (setup): ${seconds(t0).toFixed(1)} s`);

t0 = performance.now();
const samples = await project.store.listSamples();
const samplesS = seconds(t0);
t0 = performance.now();
const annotations = await project.store.listAnnotationGeometry(['ground_truth']);
const annotationsS = seconds(t0);
t0 = performance.now();
const full = (await project.store.listAnnotations(['ground_truth'])).length;
const fullS = seconds(t0);
const classes = await project.store.listClasses();
const input: LabelCheckInput = { classes: classes.map((c) => c.name), samples, annotations };
const n = annotations.length;
console.log(
  `load from the store: ${samples.length} samples in ${samplesS.toFixed(2)} s; ${n} annotations in ${annotationsS.toFixed(2)} s with listAnnotationGeometry (listAnnotations, every field of the ${full}: ${fullS.toFixed(2)} s)`,
);

const baseS = best(5, () => clippedAreaPass(input));
let result = labelChecks(input);
const allS = best(3, () => {
  result = labelChecks(input);
});
const rate = (s: number) => `${Math.round(n / s).toLocaleString('en-US')} annotations/s`;
console.log(`baseline (one clipped-area pass): ${(baseS * 1000).toFixed(0)} ms (${rate(baseS)})`);
console.log(
  `all ${LABEL_CHECK_TYPES.length} label checks: ${(allS * 1000).toFixed(0)} ms (${rate(allS)}), ${(allS / baseS).toFixed(1)} × the baseline`,
);
const counts: Record<string, number> = {};
for (const i of result.issues) counts[i.type] = (counts[i.type] ?? 0) + 1;
console.log(
  `issues: ${
    Object.entries(counts)
      .map(([t, c]) => `${t} ${c}`)
      .join(' · ') || 'none'
  }`,
);
for (const type of ['out_of_bounds', 'box_size_outlier', 'duplicate_label', 'class_imbalance']) {
  const s = best(3, () => labelChecks(input, { only: new Set([type]) }));
  console.log(`  only ${type}: ${(s * 1000).toFixed(0)} ms`);
}
t0 = performance.now();
const runId = await project.store.startRun('check', { bench: true });
await project.store.replaceIssues(runId, [...LABEL_CHECK_TYPES], result.issues);
console.log(`write ${result.issues.length} issues: ${seconds(t0).toFixed(2)} s`);
await project.close();
console.log(`peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
rmSync(projectDir, { recursive: true, force: true });
