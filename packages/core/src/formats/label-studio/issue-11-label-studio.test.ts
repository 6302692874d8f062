/**
 * Issue 11, Label Studio: several annotators and --as/--pick (defect 2), image references that are
 * URLs, uploads or absolute paths (defect 3), keypoints grouped by object (defect 9), boxes past the
 * image edge (defect 14). On the label-studio-converter fixture data.json (two annotators) and on
 * exports made here in Label Studio's shape.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Annotation } from '../../model/annotation.js';
import { createNodeFormatIO } from '../../node/fs-format-io.js';
import { sharedFixture } from '../../test-kit/fixtures.js';
import { emptyLookup, renderImage } from '../conformance.js';
import type { ReadInput } from '../define-format.js';
import { toPosix } from '../paths.js';
import { labelStudio } from './label-studio-format.js';

const DATA = toPosix(sharedFixture('format-samples/label-studio/test_export_yolo/data.json'));
const io = createNodeFormatIO();
const read = (path: string, more: Partial<ReadInput> = {}) =>
  labelStudio.read({ path, source: 'ground_truth', io, lookup: emptyLookup, ...more });
const ids = (list: Annotation[]) => list.map((a) => a.originalId);

describe('issue 11: several annotators, --as and --pick (data.json: task 1 by users 2 and 1, task 2 by user 1)', () => {
  it('without --as: one annotator:<id> source each, and a note saying how to get ground truth', async () => {
    const r = await read(DATA);
    assert.deepEqual([...new Set(r.annotations.map((a) => a.source))].sort(), ['annotator:1', 'annotator:2']);
    assert.ok(r.notes?.some((n) => /pass --as ground_truth/.test(n)));
  });

  it('--as ground_truth: one annotation per task; of several, the latest updated_at (annotation 2)', async () => {
    const r = await read(DATA, { sourceGiven: true });
    assert.ok(r.annotations.every((a) => a.source === 'ground_truth'));
    // Annotation 2 (updated 21:05:03) is later than annotation 1 (21:04:40); each holds 2 rectangles.
    assert.equal(r.annotations.length, 4);
    assert.ok(!ids(r.annotations).includes('C7oHaRDVVC'), 'annotation 1 region not imported');
    assert.ok(r.notes?.some((n) => /^1 tasks have several annotations: .*1 others not imported/.test(n)));
  });

  it('--pick first and --pick annotator:2 take annotation 1 on task 1; --as names the source', async () => {
    for (const pick of ['first', 'annotator:2']) {
      const r = await read(DATA, { pick, source: 'annotator:merged', sourceGiven: true });
      assert.ok(r.annotations.every((a) => a.source === 'annotator:merged'));
      assert.equal(r.annotations.length, 4, pick);
      assert.ok(ids(r.annotations).includes('C7oHaRDVVC'), `${pick}: annotation 1 region imported`);
    }
  });

  it('--pick annotator:<someone else> falls back to the latest and says so; --pick each with --as is refused', async () => {
    const r = await read(DATA, { pick: 'annotator:9' });
    assert.equal(r.annotations.length, 4);
    assert.ok(r.notes?.some((n) => /1 tasks with several annotations have none by annotator:9/.test(n)));
    await assert.rejects(read(DATA, { pick: 'each', sourceGiven: true }), { code: 'USAGE' });
  });
});

describe('issue 11: JSON-MIN rows of one task are one task', () => {
  it('two annotators of task 87: two sources without --as, one ground truth with it', async () => {
    const dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-ls-min-')));
    try {
      const row = (annotator: number, annotation_id: number, x: number, updated_at: string) => ({
        image: '/data/upload/29/example.png',
        id: 87,
        label: [
          {
            x,
            y: 20,
            width: 30,
            height: 40,
            rotation: 0,
            rectanglelabels: ['Car'],
            original_width: 200,
            original_height: 100,
          },
        ],
        annotator,
        annotation_id,
        updated_at,
      });
      const path = `${dir}/min.json`;
      await writeFile(
        path,
        JSON.stringify([row(2, 23, 50, '2024-01-02T00:00:00Z'), row(1, 22, 10, '2024-01-01T00:00:00Z')]),
      );
      const each = await read(path);
      assert.deepEqual(each.annotations.map((a) => a.source).sort(), ['annotator:1', 'annotator:2']);
      assert.ok(!each.problems.some((p) => /several tasks/.test(p.reason)), 'one task, not two');
      const one = await read(path, { sourceGiven: true });
      // The later updated_at (annotator 2, listed first; x 50% of 200 px = 100).
      assert.deepEqual(
        one.annotations.map((a) => [a.source, a.bbox?.[0]]),
        [['ground_truth', 100]],
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('issue 11: image references mapped to local files', () => {
  let dir = '';
  before(async () => {
    dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-ls-refs-')));
    await renderImage(join(dir, 'images', 'train', 'x.jpg'), 40, 30, 1);
    await renderImage(join(dir, 'images', 'y.jpg'), 40, 30, 2);
    await renderImage(join(dir, 'images', 'local', 'v.jpg'), 40, 30, 3);
    await renderImage(join(dir, 'elsewhere', 'mapped', 'w.jpg'), 40, 30, 4);
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  const rect = (label: string) => ({
    id: label,
    type: 'rectanglelabels',
    from_name: 'label',
    to_name: 'image',
    original_width: 40,
    original_height: 30,
    value: { x: 10, y: 10, width: 50, height: 50, rotation: 0, rectanglelabels: [label] },
  });
  const task = (id: number, image: string) => ({
    id,
    data: { image },
    annotations: [{ id, completed_by: 1, result: [rect(`c${id}`)] }],
  });

  it('tails under --images, the upload prefix stripped, --map-prefix; missing ones kept and counted', async () => {
    const path = `${dir}/export.json`;
    await writeFile(
      path,
      JSON.stringify([
        task(1, 's3://bucket/datasets/train/x.jpg'),
        task(2, '/data/upload/3/0a1b2c3d-y.jpg'),
        task(3, `/data/local-files/?d=${encodeURIComponent(`${dir}/images/local/v.jpg`)}`),
        task(4, 'gs://other/w.jpg'),
        task(5, 'https://example.org/media/gone.jpg'),
        task(6, 'azure-blob://container/none/z.png'),
        task(7, `${dir}/images/train/x.jpg`),
      ]),
    );
    const r = await read(path, {
      images: `${dir}/images`,
      mapPrefixes: [{ from: 'gs://other/', to: `${dir}/images/` }],
    });
    assert.deepEqual(
      r.samples.map((s) => s.key),
      ['train/x.jpg', 'y.jpg', 'local/v.jpg', 'w.jpg', 'media/gone.jpg', 'none/z.png'],
    );
    // Every task's rectangle is kept, the absolute path of task 7 merges into train/x.jpg.
    assert.equal(r.annotations.length, 7);
    assert.equal(r.samples[0]?.metadata?.label_studio_image, 's3://bucket/datasets/train/x.jpg');
    const warnings = r.problems.filter((p) => p.severity === 'warning').map((p) => p.reason);
    assert.ok(
      warnings.some((w) => /^3 image references were not found .*"gs:\/\/other\/w\.jpg" → w\.jpg/.test(w)),
    );
    assert.equal(r.problems.filter((p) => p.severity === 'error').length, 0);
  });

  it('--map-prefix with no --images: the images root is the target folder', async () => {
    const path = `${dir}/mapped.json`;
    await writeFile(path, JSON.stringify([task(1, 's3://b/w.jpg')]));
    const r = await read(path, { mapPrefixes: [{ from: 's3://b/', to: `${dir}/elsewhere/mapped/` }] });
    assert.equal(r.imagesRoot, `${dir}/elsewhere/mapped`);
    assert.deepEqual(
      r.samples.map((s) => s.key),
      ['w.jpg'],
    );
    assert.deepEqual(r.problems, []);
  });
});

describe('issue 11: keypoints of one object become one keypoints annotation', () => {
  let dir = '';
  before(async () => {
    dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-ls-kp-')));
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  // Percent of a 200 × 100 image.
  const size = { original_width: 200, original_height: 100, to_name: 'image' };
  const box = (id: string, x: number, y: number, w: number, h: number, label = 'person') => ({
    id,
    type: 'rectanglelabels',
    from_name: 'label',
    ...size,
    value: { x, y, width: w, height: h, rotation: 0, rectanglelabels: [label] },
  });
  const point = (id: string, x: number, y: number, name: string, extra: Record<string, unknown> = {}) => ({
    id,
    type: 'keypointlabels',
    from_name: 'kp',
    ...size,
    value: { x, y, width: 0.5, keypointlabels: [name] },
    ...extra,
  });

  it('by parentID, by the enclosing rectangle, by relations; a lone point stays one point', async () => {
    const result = [
      box('p1', 10, 10, 20, 40),
      point('n1', 15, 20, 'nose', { parentID: 'p1' }),
      point('e1', 18, 18, 'left_eye', { parentID: 'p1' }),
      box('p2', 60, 10, 20, 40),
      point('n2', 70, 20, 'nose'),
      point('h2', 75, 45, 'left_hand'),
      point('a', 40, 80, 'nose'),
      point('b', 45, 85, 'left_eye'),
      { type: 'relation', from_id: 'a', to_id: 'b', direction: 'right' },
      point('lone', 95, 95, 'tail'),
    ];
    const path = `${dir}/kp.json`;
    await writeFile(
      path,
      JSON.stringify([
        { id: 1, data: { image: 'a.jpg' }, annotations: [{ id: 1, completed_by: 1, result }] },
      ]),
    );
    const r = await read(path);
    assert.ok(r.annotations.every((a) => a.kind === 'keypoints'));
    assert.deepEqual(
      r.annotations.map((a) => [a.label, a.keypoints]),
      [
        // person names: nose, left_eye, left_hand (order of first appearance); v=0 where not placed.
        ['person', [30, 20, 2, 36, 18, 2, 0, 0, 0]],
        ['person', [140, 20, 2, 0, 0, 0, 150, 45, 2]],
        ['kp', [80, 80, 2, 90, 85, 2]],
        ['tail', [190, 95, 2]],
      ],
    );
    assert.deepEqual(r.annotations[0]?.bbox, [20, 10, 40, 40], 'the rectangle is the box');
    assert.deepEqual(r.annotations[3]?.bbox, [190, 95, 0, 0], 'a lone point is its own extent');
    assert.deepEqual(
      r.classes.map((c) => [c.name, c.keypoints]),
      [
        ['person', ['nose', 'left_eye', 'left_hand']],
        ['kp', ['nose', 'left_eye']],
        ['tail', undefined],
      ],
    );
    assert.deepEqual(r.problems, []);
  });

  it('write → read keeps the named points and the box', async () => {
    const dataset = {
      classes: [{ name: 'person', keypoints: ['nose', 'left_eye', 'right_eye'] }],
      samples: [{ key: 'a.jpg', width: 200, height: 100 }],
      annotations: [
        {
          sample: 'a.jpg',
          source: 'ground_truth',
          kind: 'keypoints' as const,
          label: 'person',
          bbox: [20, 10, 40, 40] as [number, number, number, number],
          keypoints: [30, 20, 2, 0, 0, 0, 50, 30, 2],
        },
      ],
    };
    const out = `${dir}/written`;
    const w = await labelStudio.write?.({ dataset, imagesRoot: dir, outDir: out, io, images: 'none' });
    assert.equal(w?.annotations, 1);
    const r = await read(`${out}/label-studio.json`);
    assert.equal(r.annotations.length, 1);
    assert.deepEqual(r.annotations[0]?.bbox, [20, 10, 40, 40]);
    // right_eye was placed, left_eye not: the names read back are those placed, in order.
    assert.deepEqual(r.classes[0]?.keypoints, ['nose', 'right_eye']);
    assert.deepEqual(r.annotations[0]?.keypoints, [30, 20, 2, 50, 30, 2]);
  });
});

describe('issue 11: boxes past the image edge survive a write → read', () => {
  it('written as they are with a note; read back unchanged', async () => {
    const dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-ls-edge-')));
    try {
      const dataset = {
        classes: [{ name: 'car' }],
        samples: [{ key: 'a.jpg', width: 100, height: 50 }],
        annotations: [
          {
            sample: 'a.jpg',
            source: 'ground_truth',
            kind: 'bbox' as const,
            label: 'car',
            bbox: [-5, -2.5, 110, 30] as [number, number, number, number],
          },
        ],
      };
      const w = await labelStudio.write?.({ dataset, imagesRoot: dir, outDir: dir, io, images: 'none' });
      assert.ok(w?.notes.some((n) => /past the image edge written as they are/.test(n)));
      const r = await read(`${dir}/label-studio.json`);
      assert.deepEqual(r.problems, []);
      const got = r.annotations[0]?.bbox ?? [];
      for (const [i, v] of [-5, -2.5, 110, 30].entries())
        assert.ok(Math.abs((got[i] ?? Number.NaN) - v) < 1e-9);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
