import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createNodeFormatIO } from '../../node/fs-format-io.js';
import { sharedFixture } from '../../test-kit/fixtures.js';
import { describeConformance, emptyLookup, renderImage } from '../conformance.js';
import { toPosix } from '../paths.js';
import { yolo } from './yolo-format.js';

describeConformance(yolo);

const io = createNodeFormatIO();
const fixture = (rel: string): string => toPosix(sharedFixture(`format-samples/${rel}`));
const read = (path: string, source = 'ground_truth') => yolo.read({ path, source, io, lookup: emptyLookup });

function assertBox(actual: number[] | undefined, expected: number[], what: string): void {
  assert.ok(actual, what);
  for (let i = 0; i < 4; i++) {
    assert.ok(
      Math.abs((actual[i] ?? Number.NaN) - (expected[i] ?? 0)) < 1e-3,
      `${what}: ${actual} vs ${expected}`,
    );
  }
}

// Every datumaro yolo_dataset label file holds the same two lines on a 15x10 JPEG (`file 1.jpg`: 15x10):
//   "2 0.133333 0.300000 0.266667 0.200000" → cx 2, cy 3, w 4, h 2 px → [0, 2, 4, 2], label_2
//   "4 0.266667 0.450000 0.133333 0.300000" → cx 4, cy 4.5, w 2, h 3 px → [3, 3, 2, 3], label_4
const DATUMARO_BOXES = [
  { label: 'label_2', bbox: [0, 2, 4, 2] },
  { label: 'label_4', bbox: [3, 3, 2, 3] },
];

describe('yolo: datumaro fixture layouts', () => {
  it('labels layout: obj.names + images/<split> + labels/<split>, README.txt ignored', async () => {
    const r = await read(fixture('datumaro/yolo_dataset/labels'));
    assert.deepEqual(r.problems, []);
    assert.equal(r.classes.length, 10, 'obj.names lists label_0..label_9');
    assert.deepEqual(r.classes[4], { name: 'label_4', originalIds: { yolo: 4 } });
    assert.deepEqual(
      r.samples.map((s) => [s.key, s.split, s.width, s.height]),
      [
        ['images/train/1.jpg', 'train', 15, 10],
        ['images/val/1.jpg', 'val', 15, 10],
      ],
    );
    const train = r.annotations.filter((a) => a.sample === 'images/train/1.jpg');
    assert.equal(train.length, 2);
    for (const [i, e] of DATUMARO_BOXES.entries()) {
      assert.equal(train[i]?.label, e.label);
      assert.equal(train[i]?.kind, 'bbox');
      assertBox(train[i]?.bbox, e.bbox, e.label);
    }
  });

  it('annotations layout: Images/ and Annotations/ paired by file name', async () => {
    const r = await read(fixture('datumaro/yolo_dataset/annotations'));
    assert.deepEqual(r.problems, []);
    assert.deepEqual(
      r.samples.map((s) => s.key),
      ['Images/1.jpg'],
    );
    assert.deepEqual(
      r.annotations.map((a) => a.label),
      ['label_2', 'label_4'],
    );
    assertBox(r.annotations[1]?.bbox, [3, 3, 2, 3], 'label_4');
  });

  it('strict darknet layout: obj.data → data/train.txt → obj_train_data/1.jpg', async () => {
    const r = await read(fixture('datumaro/yolo_dataset/strict'));
    assert.deepEqual(r.problems, []);
    assert.deepEqual(
      r.samples.map((s) => [s.key, s.split]),
      [['1.jpg', 'train']],
    );
    assert.equal(r.imagesRoot, fixture('datumaro/yolo_dataset/strict/obj_train_data'));
    assertBox(r.annotations[0]?.bbox, [0, 2, 4, 2], 'label_2');
  });

  it('label-studio labels + classes.txt without images: one problem per label file, no crash', async () => {
    const r = await read(fixture('label-studio/test_import_yolo_data'));
    // classes.txt: closed_door, opened_door, bus, number
    assert.deepEqual(
      r.classes.map((c) => c.name),
      ['closed_door', 'opened_door', 'bus', 'number'],
    );
    assert.equal(r.annotations.length, 0);
    assert.equal(r.problems.length, 7, 'labels/img_1.txt .. img_7.txt');
    assert.ok(r.problems.every((p) => p.severity === 'error' && /img_\d\.txt has no image/.test(p.reason)));
  });

  it('detect: folder with obj.names and label files → 0.8; a VOC folder → nothing', async () => {
    assert.equal((await yolo.detect(fixture('datumaro/yolo_dataset/labels'), io))?.confidence, 0.8);
    assert.equal((await yolo.detect(fixture('label-studio/test_import_yolo_data'), io))?.confidence, 0.8);
    assert.equal(await yolo.detect(fixture('datumaro/voc_dataset/voc_dataset1'), io), undefined);
  });
});

describe('yolo: Ultralytics data.yaml, tasks and coordinates', () => {
  let dir = '';
  before(async () => {
    dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-yolo-')));
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  it('a box written for a real 640x427 image reads back within 0.5 px', async () => {
    await renderImage(join(dir, 'src', 'street.jpg'), 640, 427);
    const box: [number, number, number, number] = [101.3, 57.9, 211.7, 300.25];
    await yolo.write?.({
      dataset: {
        classes: [{ name: 'car' }],
        samples: [{ key: 'street.jpg' }],
        annotations: [
          { sample: 'street.jpg', source: 'ground_truth', kind: 'bbox', label: 'car', bbox: box },
        ],
      },
      imagesRoot: `${dir}/src`,
      outDir: `${dir}/out`,
      io,
    });
    const r = await read(`${dir}/out/data.yaml`);
    assert.deepEqual(r.samples, [
      { key: 'street.jpg', kind: 'image', split: 'train', width: 640, height: 427 },
    ]);
    const got = r.annotations[0]?.bbox ?? [];
    for (let i = 0; i < 4; i++) assert.ok(Math.abs((got[i] ?? 0) - box[i]!) <= 0.5, `${got} vs ${box}`);
  });

  it('names as a map, pose lines per kpt_shape, segment lines and two splits', async () => {
    const root = `${dir}/pose`;
    await renderImage(`${root}/images/train/a.png`, 100, 50);
    await renderImage(`${root}/images/val/b.png`, 200, 100);
    await writeFile(
      `${root}/data.yaml`,
      'path: .\ntrain: images/train\nval: images/val\nkpt_shape: [2, 3]\nnames:\n  3: person\n  7: kite\n',
    );
    const { mkdir } = await import('node:fs/promises');
    await mkdir(`${root}/labels/train`, { recursive: true });
    await mkdir(`${root}/labels/val`, { recursive: true });
    await writeFile(`${root}/labels/train/a.txt`, '3 0.5 0.5 0.2 0.4 0.5 0.4 2 0 0 0\n');
    await writeFile(`${root}/labels/val/b.txt`, '7 0.1 0.1 0.3 0.1 0.3 0.5\n');
    const r = await read(root);
    assert.deepEqual(r.problems, []);
    assert.equal(r.imagesRoot, `${root}/images`);
    assert.deepEqual(
      r.classes.map((c) => [c.name, c.originalIds?.yolo]),
      [
        ['person', 3],
        ['kite', 7],
      ],
    );
    const [pose, seg] = r.annotations;
    assert.equal(pose?.kind, 'keypoints');
    assert.equal(pose?.sample, 'train/a.png');
    assertBox(pose?.bbox, [40, 15, 20, 20], 'pose box: cx 50 cy 25 w 20 h 20');
    assert.deepEqual(pose?.keypoints, [50, 20, 2, 0, 0, 0]);
    assert.equal(seg?.kind, 'polygon');
    assert.equal(seg?.sample, 'val/b.png');
    assertBox(seg?.bbox, [20, 10, 40, 40], 'polygon box on 200x100');
    assert.equal(r.samples.find((s) => s.key === 'val/b.png')?.split, 'val');
  });

  it('a prediction source reads the 6th value as the score', async () => {
    const root = `${dir}/pred`;
    await renderImage(`${root}/images/x.jpg`, 10, 10);
    await writeFile(`${root}/classes.txt`, 'a\nb\n');
    const { mkdir } = await import('node:fs/promises');
    await mkdir(`${root}/labels`, { recursive: true });
    await writeFile(`${root}/labels/x.txt`, '1 0.5 0.5 0.2 0.2 0.87\n');
    const pred = await read(root, 'prediction:yolov8');
    assert.equal(pred.annotations[0]?.score, 0.87);
    assert.equal(pred.annotations[0]?.source, 'prediction:yolov8');
    const gt = await read(root);
    assert.equal(gt.annotations.length, 0);
    assert.match(gt.problems[0]?.reason ?? '', /5 values after the class id/);
  });
  it('write: scores as a trailing confidence, ids 0..N-1 when classes have none, detect → 0.95', async () => {
    await renderImage(`${dir}/src2/p.png`, 50, 40);
    const result = await yolo.write?.({
      dataset: {
        classes: [{ name: 'b', originalIds: { coco: 9 } }, { name: 'a' }],
        samples: [
          { key: 'p.png', width: 50, height: 40, split: 'val' },
          { key: 'gone.png', split: 'val' },
        ],
        annotations: [
          {
            sample: 'p.png',
            source: 'prediction:m',
            kind: 'bbox',
            label: 'a',
            bbox: [5, 4, 10, 8],
            score: 0.25,
          },
          { sample: 'p.png', source: 'prediction:m', kind: 'classification', label: 'b' },
        ],
      },
      imagesRoot: `${dir}/src2`,
      outDir: `${dir}/out2`,
      io,
    });
    const { readFile } = await import('node:fs/promises');
    // box [5, 4, 10, 8] on 50x40: cx 10/50 = 0.2, cy 8/40 = 0.2, w 0.2, h 0.2; class a is 1 (class-map order)
    assert.equal(
      await readFile(`${dir}/out2/labels/val/p.txt`, 'utf8'),
      '1 0.200000 0.200000 0.200000 0.200000 0.250000\n',
    );
    assert.equal(
      await readFile(`${dir}/out2/labels/val/gone.txt`, 'utf8'),
      '',
      'a sample without annotations: empty file',
    );
    assert.match(
      await readFile(`${dir}/out2/data.yaml`, 'utf8'),
      /val: images\/val\nnames:\n {2}0: "b"\n {2}1: "a"\n/,
    );
    assert.ok(result?.notes.some((n) => n.startsWith('classification labels')));
    assert.ok(result?.notes.some((n) => n.startsWith('images not found')));
    const back = await yolo.read({ path: `${dir}/out2`, source: 'prediction:m', io, lookup: emptyLookup });
    assert.equal(back.annotations[0]?.score, 0.25);
    assert.equal((await yolo.detect(`${dir}/out2`, io))?.confidence, 0.95);
  });
  it('Roboflow data.yaml: `train: ../train/images` beside the yaml, as Ultralytics retries it', async () => {
    const root = `${dir}/roboflow`;
    await renderImage(`${root}/train/images/r.jpg`, 20, 20);
    await renderImage(`${root}/valid/images/s.jpg`, 20, 20);
    const { mkdir } = await import('node:fs/promises');
    await mkdir(`${root}/train/labels`, { recursive: true });
    await writeFile(`${root}/train/labels/r.txt`, '0 0.5 0.5 0.5 0.5\n');
    await writeFile(
      `${root}/data.yaml`,
      "train: ../train/images\nval: ../valid/images\nnc: 1\nnames: ['cell']\n",
    );
    const r = await read(`${root}/data.yaml`);
    assert.deepEqual(r.problems, []);
    assert.equal(r.imagesRoot, root);
    assert.deepEqual(
      r.samples.map((s) => [s.key, s.split]),
      [
        ['train/images/r.jpg', 'train'],
        ['valid/images/s.jpg', 'val'],
      ],
    );
    assert.deepEqual(r.annotations[0]?.bbox, [5, 5, 10, 10]);
  });
});
