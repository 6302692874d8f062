/**
 * The generated project of the serve bench: N samples (no image files: every sample is "pending"),
 * ~7 boxes per sample split over ground truth and one prediction source, written through the store's
 * bulk writers (upsertSamples, appendAnnotations); metrics, issues, tags and one eval run's matches are
 * filled with SQL from the same seeded values. Reused when it exists.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Annotation, Sample } from '@assay/core';
import { initProject, openProject, type Project, storeDb } from '@assay/core/node';
import { mulberry32 } from '../packages/core/src/random/mulberry32.js';

const CLASSES = Array.from({ length: 20 }, (_, k) => ({ name: `class_${k}` }));
const SPLITS = ['train', 'train', 'train', 'val', 'test'];

export async function serveProject(dir: string, samples: number): Promise<string> {
  if (existsSync(join(dir, '.assay', 'done'))) return dir;
  const started = performance.now();
  if (existsSync(join(dir, '.assay', 'boxes-done'))) {
    const project = await openProject(dir, { command: 'bench serve' });
    await fillDerived(project);
    return dir;
  }
  await rm(dir, { recursive: true, force: true });
  await initProject(dir, { name: `bench-${samples}` });
  const project = await openProject(dir, { command: 'bench serve' });
  const store = project.store;
  const random = mulberry32(7);
  const classIds = await store.upsertClasses(CLASSES);
  const gt = await store.ensureSource('ground_truth');
  const pred = await store.ensureSource('prediction:model');
  const sourceIds = new Map([
    [gt.name, gt.id],
    [pred.name, pred.id],
  ]);
  const runId = await store.startRun('import', { bench: true });
  const CHUNK = 100_000;
  let boxes = 0;
  for (let from = 0; from < samples; from += CHUNK) {
    const batch: Sample[] = [];
    for (let i = from; i < Math.min(samples, from + CHUNK); i++) {
      batch.push({
        key: `images/${String(Math.floor(i / 1000)).padStart(4, '0')}/img_${String(i).padStart(7, '0')}.jpg`,
        width: 640,
        height: 480,
        split: SPLITS[i % SPLITS.length]!,
      });
    }
    const sampleIds = await store.upsertSamples('.', batch);
    const rows: Annotation[] = [];
    for (const s of batch) {
      const n = 1 + Math.floor(random() * 7); // 1..7 ground-truth boxes, ~4 on average
      for (const source of ['ground_truth', 'prediction:model']) {
        const m = source === 'ground_truth' ? n : Math.max(0, n - 1 + Math.floor(random() * 2));
        for (let k = 0; k < m; k++) {
          const w = 8 + random() * 300;
          const h = 8 + random() * 300;
          const a: Annotation = {
            sample: s.key,
            source,
            kind: 'bbox',
            label: CLASSES[Math.floor(random() * random() * CLASSES.length)]!.name,
            bbox: [random() * (640 - w), random() * (480 - h), w, h],
          };
          if (source !== 'ground_truth') a.score = random();
          rows.push(a);
        }
      }
    }
    boxes += await store.appendAnnotations(rows, { sampleIds, classIds, sourceIds }, runId);
    process.stdout.write(`\r  ${Math.min(samples, from + CHUNK)} samples, ${boxes} boxes`);
  }
  process.stdout.write('\n');
  await store.finishRun(runId, 'ok', { boxes }, samples);
  await storeDb(store).run('CHECKPOINT');
  writeFileSync(join(dir, '.assay', 'boxes-done'), `${boxes}\n`);
  await fillDerived(project);
  console.log(`  generated in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return dir;
}

/** Tags, metrics, issues and an eval run's matches, generated in SQL (hash of the id: deterministic). */
async function fillDerived(project: Project): Promise<void> {
  const store = project.store;
  const db = storeDb(store);
  const samples = await db.scalar('SELECT count(*) FROM samples');
  const gt = await store.ensureSource('ground_truth');
  for (const t of ['sample_metrics', 'issues', 'eval_matches']) await db.run(`DELETE FROM ${t}`);
  await db.run(
    `UPDATE samples SET tags = CASE WHEN hash(id) % 10 = 0 THEN ['night'] WHEN hash(id) % 10 = 1 THEN ['rain', 'night'] ELSE [] END`,
  );
  await db.run(`INSERT INTO sample_metrics SELECT id, 256, 192,
      (hash(id) % 1000) / 1000.0, 0, 0, 0, 0, (hash(id * 3) % 1000) / 4000.0, (hash(id * 5) % 100000) / 100.0,
      0, 0, (hash(id * 7) % 800) / 100.0, (hash(id * 11) % 1200) / 10.0, false, 4 / 3, 0, 0, [], [], ''
    FROM samples`);
  const checkRun = await store.startRun('check', { bench: true });
  await db.run(
    `INSERT INTO issues (id, run_id, sample_id, type, severity, score, reason)
    SELECT row_number() OVER (), ?, id, ['blurry', 'dark', 'near_duplicate', 'missing_label'][(1 + hash(id) % 4)::BIGINT],
           'warning', (hash(id * 13) % 1000) / 1000.0, 'generated'
      FROM samples WHERE hash(id * 17) % 20 = 0`,
    [checkRun],
  );
  await store.finishRun(checkRun, 'ok', {}, samples);
  const evalRun = await store.startRun('eval', { gt: 'ground_truth', pred: 'prediction:model' });
  await db.run(
    `INSERT INTO eval_matches SELECT ?, a.id, a.sample_id, CASE WHEN a.source_id = ? THEN 'gt' ELSE 'pred' END,
      a.class_id, a.score, NULL, NULL,
      CASE WHEN hash(a.id) % 10 < 7 THEN 'tp' WHEN a.source_id = ? THEN 'fn' ELSE 'fp' END, NULL
    FROM annotations a`,
    [evalRun, gt.id, gt.id],
  );
  await store.finishRun(evalRun, 'ok', { gt: 'ground_truth', pred: 'prediction:model', totals: {} }, samples);
  await db.run('CHECKPOINT');
  await project.close();
  writeFileSync(join(project.dir, '.assay', 'done'), 'ok\n');
}
