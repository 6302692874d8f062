/**
 * The generated project of the map benches: N samples (no image files) with a split, a declared width
 * and one ground-truth class each, and a stored 2-D projection of 20 clusters (one per class, on a
 * circle). Reused when it exists.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Annotation, Sample } from '@assay/core';
import { initProject, openProject, storeProjection } from '@assay/core/node';
import { mulberry32 } from '../packages/core/src/random/mulberry32.js';

const classes = Array.from({ length: 20 }, (_, k) => ({ name: `class_${k}` }));
const t = (t0: number) => `${((performance.now() - t0) / 1000).toFixed(2)} s`;

export async function mapProject(dir: string, N: number): Promise<string> {
  if (existsSync(join(dir, 'done'))) return dir;

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
  return dir;
}
