/**
 * Issue 10 (formats in the wild): data.yaml forms found in Ultralytics' own dataset files
 * (ultralytics/cfg/datasets/*.yaml), written here from their description.
 *  - `labels_dirname: labels-custom` (coco8-custom-labels-directory.yaml): the labels of images/<x>
 *    live in labels-custom/<x>. It was read as a split named "labels_dirname" and every label was
 *    missed: 0 annotations, with a warning that pointed at labels/.
 *  - a split listed under two names (GlobalWheat2020.yaml: `val: [images/ethz_1]`, also in train):
 *    the image was kept in the first split without a word.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createNodeFormatIO } from '../../node/fs-format-io.js';
import { emptyLookup, renderImage } from '../conformance.js';
import { toPosix } from '../paths.js';
import { yolo } from './yolo-format.js';

const io = createNodeFormatIO();

describe('issue 10: Ultralytics data.yaml forms', () => {
  let dir = '';
  before(async () => {
    dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-yaml-forms-')));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  const read = (root: string) => yolo.read({ path: root, source: 'ground_truth', io, lookup: emptyLookup });

  async function label(path: string, text: string): Promise<void> {
    await mkdir(join(path, '..'), { recursive: true });
    await writeFile(path, text);
  }

  it('labels_dirname names the folder that replaces images/ (and is no split)', async () => {
    const root = join(dir, 'custom');
    await renderImage(join(root, 'images', 'train', 'a.png'), 40, 20);
    await renderImage(join(root, 'images', 'val', 'b.png'), 40, 20);
    await label(join(root, 'labels-custom', 'train', 'a.txt'), '0 0.5 0.5 0.5 0.5\n');
    await label(join(root, 'labels-custom', 'val', 'b.txt'), '1 0.25 0.5 0.5 0.5\n');
    // As in the Ultralytics file: a `path` that is not there, an empty test split, names as a map.
    await writeFile(
      join(root, 'data.yaml'),
      'path: ../datasets/coco8 # dataset root dir\nlabels_dirname: labels-custom # custom name\n' +
        'train: images/train\nval: images/val\ntest: # optional\n\nnames:\n  0: person\n  1: bicycle\n',
    );
    const r = await read(toPosix(root));
    assert.deepEqual(r.problems, []);
    assert.deepEqual(
      r.annotations.map((a) => [a.sample, a.label, a.bbox]),
      [
        ['train/a.png', 'person', [10, 5, 20, 10]],
        ['val/b.png', 'bicycle', [0, 5, 20, 10]],
      ],
    );
    assert.deepEqual(
      r.samples.map((s) => s.split),
      ['train', 'val'],
    );
    assert.ok(!r.notes?.some((n) => n.includes('labels_dirname')), String(r.notes));
  });

  it('a labels_dirname leaving the dataset is refused, naming the key', async () => {
    const root = join(dir, 'escape');
    await renderImage(join(root, 'images', 'train', 'a.png'), 8, 8);
    await writeFile(join(root, 'data.yaml'), 'labels_dirname: ../../etc\ntrain: images/train\nnames: [a]\n');
    await assert.rejects(read(toPosix(root)), /labels_dirname/);
  });

  it('an image listed in two splits is kept in the first, with a warning naming both', async () => {
    const root = join(dir, 'wheat');
    for (const folder of ['arvalis_1', 'ethz_1']) {
      await renderImage(join(root, 'images', folder, `${folder}.png`), 16, 16);
      await label(join(root, 'labels', folder, `${folder}.txt`), '0 0.5 0.5 0.25 0.25\n');
    }
    await writeFile(
      join(root, 'data.yaml'),
      'train:\n  - images/arvalis_1\n  - images/ethz_1\nval: # (WARNING: train set contains ethz_1)\n  - images/ethz_1\nnames:\n  0: wheat_head\n',
    );
    const r = await read(toPosix(root));
    assert.equal(r.annotations.length, 2);
    assert.deepEqual(
      r.samples.map((s) => [s.key, s.split]),
      [
        ['arvalis_1/arvalis_1.png', 'train'],
        ['ethz_1/ethz_1.png', 'train'],
      ],
    );
    assert.equal(r.problems.length, 1, JSON.stringify(r.problems));
    const [warning] = r.problems;
    assert.equal(warning?.severity, 'warning');
    assert.equal(warning?.record, 'val');
    assert.match(
      warning?.reason ?? '',
      /1 image of the val split is also in train \(e\.g\. images\/ethz_1\/ethz_1\.png\)/,
    );
  });
});

/**
 * Label files as other tools write them: a class id as a float (`1.0`: Ultralytics reads labels as
 * float32 rows, so it is class 1; it was skipped as "not a non-negative integer"), scientific notation,
 * a BOM and CRLF, and one broken file among good ones. That one file made import auto refuse the whole
 * folder ("Could not tell which format"); a line with a trailing confidence now says where it belongs.
 */
describe('issue 10: YOLO label lines from other tools', () => {
  let root = '';
  before(async () => {
    root = toPosix(await mkdtemp(join(tmpdir(), 'assay-yolo-lines-')));
    for (const name of ['a', 'b', 'c', 'd']) await renderImage(join(root, 'images', `${name}.png`), 40, 20);
    await mkdir(join(root, 'labels'));
    await writeFile(join(root, 'labels', 'a.txt'), '\uFEFF0 0.5 0.5 0.5 0.5\r\n');
    await writeFile(join(root, 'labels', 'b.txt'), '0 5e-1 5.0E-01 5e-1 0.5\n');
    await writeFile(join(root, 'labels', 'c.txt'), '1.0 0.25 0.5 0.5 0.5\n');
    await writeFile(join(root, 'labels', 'd.txt'), '0 0.5 0.5 0.5\n1 0.5 0.5 0.5 0.5 0.93\n');
    await writeFile(join(root, 'classes.txt'), 'x\ny\n');
  });
  after(() => rm(root, { recursive: true, force: true }));

  it('import auto claims the folder despite one broken file', async () => {
    const detection = await yolo.detect(root, io);
    assert.ok((detection?.confidence ?? 0) >= 0.5, JSON.stringify(detection));
  });

  it('1.0 is class 1; the broken lines are reported, the confidence one pointing at --as prediction', async () => {
    const r = await yolo.read({ path: root, source: 'ground_truth', io, lookup: emptyLookup });
    assert.deepEqual(
      r.annotations.map((a) => [a.sample, a.label, a.bbox]),
      [
        ['images/a.png', 'x', [10, 5, 20, 10]],
        ['images/b.png', 'x', [10, 5, 20, 10]],
        ['images/c.png', 'y', [0, 5, 20, 10]],
      ],
    );
    const reasons = r.problems.map((p) => `${p.record}: ${p.reason}`);
    assert.equal(reasons.length, 2, reasons.join('\n'));
    assert.match(reasons[0] ?? '', /^line 1: 3 values after the class id/);
    assert.match(
      reasons[1] ?? '',
      /^line 2: 5 values after the class id.*import the files with --as prediction:<model>/,
    );
  });
});
