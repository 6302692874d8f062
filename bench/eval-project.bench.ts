/**
 * Project-mode evaluation benchmark (issue 3, part 2): a generated COCO dataset (5,000 images, 80
 * classes, ~35k boxes and ~45k detections by default) is imported as ground truth and predictions,
 * then `runEval` (load from DuckDB, COCO evaluation, TIDE, confusion, PR curves, calibration, store
 * one row per object) is timed against file mode on the same files (`evaluateCocoFiles`: JSON
 * parse + COCO evaluation only), measured in the same run.
 *
 * Data: ../shared/tools/gen_detection.py (pure-stdlib Python) when it exists beside the checkout,
 * cached in bench/.data/; without that tool the benchmark says so and stops.
 * Usage: npm run bench -- eval-project [--images N]
 */
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { evaluateCocoFiles, importDataset, initProject, openProject, runEval } from '@assay/core/node';
import { detectionData, imagesArgument } from './_detection-data.js';

const images = imagesArgument(5000);
const dataDir = detectionData(resolve('bench/.data', 'eval-project', `det${images}`), images, 'dt_bbox.json');
const gt = join(dataDir, 'gt.json');
const dt = join(dataDir, 'dt_bbox.json');

const seconds = (t0: number) => (performance.now() - t0) / 1000;
const projectDir = resolve('bench/.data', 'eval-project', 'project');
rmSync(projectDir, { recursive: true, force: true });
await initProject(projectDir);
const project = await openProject(projectDir, { command: 'bench' });
try {
  await importDataset(project, { format: 'coco', path: gt });
  await importDataset(project, { format: 'coco', path: dt, source: 'prediction:bench' });

  let t0 = performance.now();
  const file = await evaluateCocoFiles({ gt, dt, iouType: 'bbox' });
  const fileSeconds = seconds(t0);

  t0 = performance.now();
  const stages: [string, number][] = [];
  const run = await runEval(project, {
    pred: 'prediction:bench',
    onStage: (stage) => stages.push([stage, performance.now()]),
  });
  const projectSeconds = seconds(t0);
  const split = stages.map(
    ([name, at], i) => `${name} ${(((stages[i + 1]?.[1] ?? performance.now()) - at) / 1000).toFixed(2)} s`,
  );
  const matches = (await project.store.listEvalMatches(run.run_id)).length;

  const stats = (run.detection?.stats ?? []) as number[];
  const same = file.summary.stats.every((v, i) => Math.abs(v - (stats[i] ?? -2)) < 1e-12);
  console.log(
    `data: ${images} images, ${file.counts.gt} ground truth, ${file.counts.dt} detections (${dataDir})`,
  );
  console.log(`file mode (parse + COCO eval): ${fileSeconds.toFixed(2)} s`);
  console.log(
    `project mode (load from store + COCO eval + TIDE/confusion/PR/calibration + store ${matches.toLocaleString('en-US')} rows): ${projectSeconds.toFixed(2)} s`,
  );
  console.log(`  where: ${split.join(' · ')}`);
  console.log(`ratio project / file: ${(projectSeconds / fileSeconds).toFixed(2)}; same 12 stats: ${same}`);
  console.log(`peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
} finally {
  await project.close();
  rmSync(projectDir, { recursive: true, force: true });
}
