/**
 * LiDAR benchmark (issue 18, part 7): a synthetic two-sequence recording (synthetic/lidar-scene.ts, one
 * planted defect of each LiDAR check) of ASSAY_LIDAR_FRAMES frames (default 1,000) of ASSAY_LIDAR_POINTS
 * points (default 120,000) each, written as nuScenes (.pcd.bin sweeps, PNG images, tables), then:
 * import (every sweep read for its count, fields and bounds), the LiDAR checks (every sweep read again:
 * points in boxes, ground, sweep sizes; issues written), and the projection of every sweep into its
 * camera image (projectSweep). Prints frames/s per stage, the share of the baseline, and peak RSS.
 *
 * Baseline, in the same run on the same files: readPointCloud of every sweep (the least work each
 * stage must do). Usage: npm run bench -- lidar  (ASSAY_LIDAR_FRAMES=100 for a quick run)
 */
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { LIDAR_CHECK_TYPES, lidarScene } from '@assay/core';
import {
  importDataset,
  initProject,
  loadRecording,
  openProject,
  projectSweep,
  readPointCloud,
  runChecks,
  storeDb,
  writeLidarScene,
} from '@assay/core/node';

const frames = Number(process.env.ASSAY_LIDAR_FRAMES ?? 1000);
const points = Number(process.env.ASSAY_LIDAR_POINTS ?? 120_000);
const root = resolve('bench/.data', `lidar-${frames}x${points}`);
const data = `${root}/data`;
const projectDir = `${root}/project`;
rmSync(root, { recursive: true, force: true });

const seconds = (t0: number) => (performance.now() - t0) / 1000;
/** CPU seconds (user + system) of this process since `c0` (the machine is shared: wall time alone misleads). */
const cpu = (c0: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(c0);
  return `${((d.user + d.system) / 1e6).toFixed(2)} s CPU`;
};
const rss = () => `${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB`;
const rate = (n: number, s: number) => `${(n / s).toFixed(1)} frames/s`;

let t0 = performance.now();
const scene = lidarScene({ frames: Math.ceil(frames / 2), points });
const n = scene.dataset.frames!.length;
await writeLidarScene(scene, data, { boxes2d: `${root}/boxes2d` });
console.log(
  `setup: ${n} frames × ${points.toLocaleString('en')} points written in ${seconds(t0).toFixed(1)} s (${rss()})`,
);

t0 = performance.now();
let c0 = process.cpuUsage();
let read = 0;
for (const s of scene.dataset.samples)
  if (s.kind === 'point_cloud') read += (await readPointCloud(`${data}/${s.key}`, 'nuscenes-bin')).count;
const baseline = seconds(t0);
console.log(
  `baseline, read every sweep: ${baseline.toFixed(2)} s (${cpu(c0)}), ${rate(n, baseline)}, ${(read / baseline / 1e6).toFixed(1)} M points/s`,
);

await initProject(projectDir);
const project = await openProject(projectDir, { command: 'bench' });
try {
  t0 = performance.now();
  c0 = process.cpuUsage();
  await importDataset(project, { format: 'nuscenes', path: data });
  const importS = seconds(t0);
  const importCpu = cpu(c0);
  // The cameras' 2D boxes (which nuScenes cannot hold), for the calibration check; not timed.
  await importDataset(project, { format: 'coco', path: `${root}/boxes2d/annotations.json`, images: data });
  console.log(
    `import: ${importS.toFixed(2)} s (${importCpu}), ${rate(n, importS)} (baseline ${(baseline / importS).toFixed(2)}×) (${rss()})`,
  );

  t0 = performance.now();
  c0 = process.cpuUsage();
  const checked = await runChecks(project, { only: [...LIDAR_CHECK_TYPES] });
  const checkS = seconds(t0);
  const checkCpu = cpu(c0);
  const found = Object.entries(checked.issues)
    .filter(([, k]) => k > 0)
    .map(([t, k]) => `${t} ${k}`);
  console.log(
    `check: ${checkS.toFixed(2)} s (${checkCpu}), ${rate(n, checkS)} (baseline ${(baseline / checkS).toFixed(2)}×) (${rss()})`,
  );
  console.log(`  issues: ${found.join(', ')} (planted: ${scene.planted.length})`);

  t0 = performance.now();
  c0 = process.cpuUsage();
  const recording = await loadRecording(storeDb(project.store));
  const samples = new Map((await project.store.listSamples()).map((s) => [s.id, s]));
  let projected = 0;
  for (const frame of recording.frames) {
    const camera = frame.members.find((m) => m.sample.includes('CAM_FRONT'))!;
    projected += (await projectSweep(project, recording, samples, frame, camera.sampleId)).count;
  }
  const projectS = seconds(t0);
  console.log(
    `project into the camera: ${projectS.toFixed(2)} s (${cpu(c0)}), ${rate(n, projectS)} (baseline ${(baseline / projectS).toFixed(2)}×), ${(projected / n).toFixed(0)} points in the image per frame (${rss()})`,
  );
} finally {
  await project.close();
}
console.log(`peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
rmSync(root, { recursive: true, force: true });
