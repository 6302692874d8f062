/**
 * The embedding map's server side at 1M points (issue 15, part 4): a generated project of N samples
 * (default 1,000,000; no image files) with a split, a declared width and one ground-truth class each,
 * and a stored 2-D projection of 20 clusters. Times, in process (the routes add only the HTTP write):
 * the binary points answer (GET /api/embedding-map/points), each colour mode's category column
 * (GET /api/embedding-map/colours), their sizes, and the JSON columns answer (GET /api/embedding-map)
 * the app loaded before, for comparison. Reuses the project when it exists.
 * Usage: node --import tsx --conditions=source bench/map.bench.ts [N]
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { encodeColumns } from '@assay/api';
import type { Annotation, Sample } from '@assay/core';
import {
  embeddingMap,
  embeddingMapColours,
  embeddingMapPoints,
  initProject,
  openProject,
  storeDb,
  storeProjection,
} from '@assay/core/node';
import { mulberry32 } from '../packages/core/src/random/mulberry32.js';

const N = Number(process.argv[2] ?? 1_000_000);
const dir = resolve(`bench/.data/map-${N}`);
const classes = Array.from({ length: 20 }, (_, k) => ({ name: `class_${k}` }));
const t = (t0: number) => `${((performance.now() - t0) / 1000).toFixed(2)} s`;

if (!existsSync(join(dir, 'done'))) {
  const t0 = performance.now();
  await initProject(dir, { name: `map-${N}` });
  const project = await openProject(dir, { command: 'bench map' });
  const { store } = project;
  const random = mulberry32(3);
  const classIds = await store.upsertClasses(classes);
  const gt = await store.ensureSource('ground_truth');
  const runId = await store.startRun('import', { bench: true });
  const ids: number[] = [];
  const xy = new Float32Array(2 * N);
  for (let from = 0; from < N; from += 100_000) {
    const batch: Sample[] = [];
    const rows: Annotation[] = [];
    for (let i = from; i < Math.min(N, from + 100_000); i++) {
      const key = `images/${String(Math.floor(i / 1000)).padStart(4, '0')}/img_${i}.jpg`;
      batch.push({
        key,
        width: 320 + Math.floor(random() * 640),
        height: 480,
        split: ['train', 'val', 'test'][i % 3]!,
      });
      const c = Math.floor(random() * 20);
      rows.push({ sample: key, source: 'ground_truth', kind: 'classification', label: classes[c]!.name });
      const a = (2 * Math.PI * c) / 20;
      xy[2 * i] = 10 * Math.cos(a) + (random() - 0.5) * 3;
      xy[2 * i + 1] = 10 * Math.sin(a) + (random() - 0.5) * 3;
    }
    const sampleIds = await store.upsertSamples('.', batch);
    for (const s of batch) ids.push(sampleIds.get(s.key)!);
    await store.appendAnnotations(
      rows,
      { sampleIds, classIds, sourceIds: new Map([[gt.name, gt.id]]) },
      runId,
    );
    process.stdout.write(`\r  ${Math.min(N, from + 100_000)} samples`);
  }
  await store.finishRun(runId, 'ok', {}, N);
  await storeProjection(project, { model: 'bench', method: 'umap', sampleIds: Int32Array.from(ids), xy });
  await project.close();
  writeFileSync(join(dir, 'done'), '');
  console.log(`\nproject of ${N.toLocaleString()} samples made in ${t(t0)}`);
}

const project = await openProject(dir, { command: 'bench map', readOnly: true });
const db = storeDb(project.store);
const cpu0 = process.cpuUsage();
let t0 = performance.now();
const points = await embeddingMapPoints(db);
const pointBytes = encodeColumns({ count: points.ids.length }, [points.ids, points.x, points.y]).byteLength;
console.log(
  `points: ${points.ids.length.toLocaleString()} in ${t(t0)}, ${(pointBytes / 1e6).toFixed(1)} MB binary`,
);
for (const by of ['class', 'split', 'issues', 'sources', 'outcome', 'metric:width']) {
  t0 = performance.now();
  const c = await embeddingMapColours(db, points.ids, by);
  const bytes = encodeColumns({ labels: c.labels }, [c.category]).byteLength;
  console.log(`colours by ${by}: ${t(t0)}, ${c.labels.length} labels, ${(bytes / 1e6).toFixed(1)} MB`);
}
const cpu = process.cpuUsage(cpu0);
console.log(`binary path CPU: ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s`);
t0 = performance.now();
const json = JSON.stringify(await embeddingMap(db));
console.log(`JSON columns (the former app answer): ${t(t0)} to build, ${(json.length / 1e6).toFixed(1)} MB`);
await project.close();
