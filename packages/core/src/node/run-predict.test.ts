/**
 * `assay predict` in the store, with the tiny YOLO model (models/test-kit/tiny-detector-onnx.ts): class
 * mapping by name, probabilities over the project's classes, batches that survive an interruption,
 * resume and restart.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { tinyYoloOnnx } from '../models/test-kit/tiny-detector-onnx.js';
import { importDataset } from './import-dataset.js';
import { openOnnxDetector } from './models/onnx-detector.js';
import { initProject, openProject, type Project } from './project.js';
import { runPredict } from './run-predict.js';

describe('runPredict', () => {
  let dir = '';
  let project: Project;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-predict-'));
    await mkdir(join(dir, 'images'));
    const files = ['w1.png', 'w2.png', 'k1.png', 'w3.png', 'k2.png'];
    for (const f of files)
      await sharp({
        create: { width: 64, height: 64, channels: 3, background: f.startsWith('w') ? '#fff' : '#000' },
      })
        .png()
        .toFile(join(dir, 'images', f));
    await writeFile(join(dir, 'model.onnx'), tinyYoloOnnx());
    // The model says "Cat" and "dog_"; the project has cat, bird and dog: matched by name, case and _ aside.
    await writeFile(
      join(dir, 'model.onnx.json'),
      JSON.stringify({ input_size: 64, classes: ['Cat', 'dog_'] }),
    );
    await writeFile(
      join(dir, 'gt.json'),
      JSON.stringify({
        images: files.map((f, i) => ({ id: i + 1, file_name: f, width: 64, height: 64 })),
        categories: ['cat', 'bird', 'dog'].map((name, i) => ({ id: i + 1, name })),
        annotations: [],
      }),
    );
    await initProject(join(dir, 'p'));
    project = await openProject(join(dir, 'p'));
    await importDataset(project, { format: 'coco', path: join(dir, 'gt.json'), images: join(dir, 'images') });
  });
  after(async () => {
    await project.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('maps classes by name; stops after a batch when interrupted and resumes; restarts on request', async () => {
    const detector = await openOnnxDetector(join(dir, 'model.onnx'), { threads: 1 });
    try {
      const controller = new AbortController();
      const first = await runPredict(project, {
        model: 'tiny',
        detector,
        as: 'prediction:tiny',
        batch: 2,
        signal: controller.signal,
        onProgress: () => controller.abort(),
      });
      assert.equal(first.interrupted, true);
      assert.equal(first.predicted, 2, 'one batch of 2 done, then stopped');
      assert.deepEqual(first.mapping.mapped, { Cat: 'cat', dog_: 'dog' });
      assert.deepEqual(first.mapping.unknown_to_model, ['bird']);
      const second = await runPredict(project, { model: 'tiny', detector, as: 'prediction:tiny', batch: 2 });
      assert.deepEqual([second.resumed, second.predicted, second.interrupted], [2, 3, false]);
      // White images (m = 1): cat A (1.0) and dog C (0.8); black (m = 0): dog at A (0.3) and dog C.
      const rows = await project.store.listAnnotations(['prediction:tiny']);
      assert.equal(rows.length, 10);
      const keyOf = new Map((await project.store.listSamples()).map((s) => [s.id, s.key]));
      const cats = rows
        .filter((a) => a.label === 'cat')
        .map((a) => keyOf.get(a.sampleId))
        .sort();
      assert.deepEqual(cats, ['w1.png', 'w2.png', 'w3.png']);
      // Probabilities over the project's classes (cat, bird, dog): cat A on white has scores 1 and 0.3.
      const catA = rows.find((a) => a.label === 'cat')!;
      assert.ok(
        catA.probs && Math.abs(catA.probs[0]! - 1 / 1.3) < 1e-6 && catA.probs[1] === 0,
        String(catA.probs),
      );
      // A third run has nothing to do; --restart does it all again, replacing the rows.
      const third = await runPredict(project, { model: 'tiny', detector, as: 'prediction:tiny' });
      assert.deepEqual([third.resumed, third.predicted], [5, 0]);
      const again = await runPredict(project, {
        model: 'tiny',
        detector,
        as: 'prediction:tiny',
        restart: true,
      });
      assert.deepEqual([again.resumed, again.predicted, again.detections], [0, 5, 10]);
      assert.equal((await project.store.listAnnotations(['prediction:tiny'])).length, 10);
      // --classes keeps only the named model classes.
      const dogs = await runPredict(project, {
        model: 'tiny',
        detector,
        as: 'prediction:dogs',
        classes: ['dog_'],
      });
      assert.deepEqual(Object.keys(dogs.per_class), ['dog']);
      await assert.rejects(
        runPredict(project, { model: 'tiny', detector, as: 'prediction:x', classes: ['zebra'] }),
        /has no class "zebra"/,
      );
    } finally {
      await detector.close();
    }
  });
});
