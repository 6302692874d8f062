/**
 * Issue 16 end to end with the bundled COCO detector on two real photos (fixtures/photos-skimage:
 * astronaut, coffee; labels drawn by hand): `assay predict --model centernet --review` stores its
 * boxes and runs the detection label checks against them, `assay eval` scores them, `assay models`
 * and `assay licences` describe the model and the photos.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { projectFixture } from '@assay/core/test-kit';
import { json, runCli } from './test-kit/run-cli.js';

const PHOTOS = projectFixture('photos-skimage');

interface PredictOut {
  source: string;
  predicted: number;
  detections: number;
  per_class: Record<string, number>;
  mapping: { unmapped: string[] };
  review: { issues: Record<string, number>; images: number };
}

describe('issue 16: predict with the bundled detector, review, eval', () => {
  let dir = '';
  let project = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-issue-16-predict-'));
    project = join(dir, 'p');
    // Two of the five photos, to keep inference short: the astronaut (person) and Chelsea (cat).
    const all = JSON.parse(await readFile(join(PHOTOS, 'instances.json'), 'utf8')) as {
      images: { id: number; file_name: string }[];
      annotations: { image_id: number }[];
    };
    const keep = new Set(
      all.images.filter((i) => ['astronaut.jpg', 'chelsea.jpg'].includes(i.file_name)).map((i) => i.id),
    );
    const two = {
      ...all,
      images: all.images.filter((i) => keep.has(i.id)),
      annotations: all.annotations.filter((a) => keep.has(a.image_id)),
    };
    await writeFile(join(dir, 'two.json'), JSON.stringify(two));
    assert.equal((await runCli(['init', project], dir)).code, 0);
    const imported = await runCli(['import', 'coco', join(dir, 'two.json'), '--images', PHOTOS], project);
    assert.equal(imported.code, 0, imported.stderr);
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('predicts, reviews the labels against the predictions, and evaluates them', async () => {
    const run = await runCli(
      ['predict', '--model', 'centernet', '--review', '--min-score', '0.2', '--json'],
      project,
    );
    assert.equal(run.code, 0, run.stderr);
    const out = json<PredictOut>(run);
    assert.equal(out.source, 'prediction:centernet');
    assert.equal(out.predicted, 2);
    assert.deepEqual(out.mapping.unmapped, [], 'the fixture names all 80 COCO classes');
    // Measured on these photos with @vladmandic/human 3.3.6's centernet (min score 0.2): the astronaut
    // as a person (0.61); Chelsea as a dog (0.48) before a cat (0.22), both over the whole frame.
    assert.ok((out.per_class.person ?? 0) >= 1, JSON.stringify(out.per_class));
    assert.ok((out.per_class.dog ?? 0) >= 1, JSON.stringify(out.per_class));
    assert.equal(out.review.images, 2);
    // Model-assisted review: the model's confident dog over the labelled cat is a wrong_class issue.
    assert.ok((out.review.issues.wrong_class ?? 0) >= 1, JSON.stringify(out.review.issues));
    const evaluated = await runCli(['eval', '--pred', 'prediction:centernet', '--json'], project);
    assert.equal(evaluated.code, 0, evaluated.stderr);
    // person and cat are both found (IoU ≥ 0.5 with the hand-drawn boxes), each class's AP50 is 1.
    const stats = json<{ detection: { stats: number[] } }>(evaluated).detection.stats;
    assert.ok(stats[1]! >= 0.99, `AP50 ${stats[1]}`);
  });

  it('lists the bundled models with their licences; licences of the photos from their COCO file', async () => {
    const models = json<{ models: { name: string; bytes: number; upstream_licence: string }[] }>(
      await runCli(['models', '--json'], project),
    );
    const centernet = models.models.find((m) => m.name === 'centernet');
    assert.ok(centernet && centernet.bytes > 4_000_000);
    assert.match(centernet.upstream_licence, /not stated/);
    const licences = json<{
      licences: { licence: string; samples: number; commercial: string }[];
      warning?: string;
    }>(await runCli(['licences', '--json'], project));
    assert.deepEqual(licences.licences.map((l) => [l.licence, l.samples, l.commercial]).sort(), [
      ['CC0 1.0', 1, 'allowed'],
      ['Public domain (NASA, no known copyright restrictions)', 1, 'allowed'],
    ]);
    assert.equal(licences.warning, undefined);
  });
});
