import assert from 'node:assert/strict';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createNodeFormatIO } from '../../node/fs-format-io.js';
import { emptyLookup, renderImage } from '../conformance.js';
import { toPosix } from '../paths.js';
import { yolo } from './yolo-format.js';

const io = createNodeFormatIO();
const read = (path: string) => yolo.read({ path, source: 'ground_truth', io, lookup: emptyLookup });

function assertNear(actual: number[] | undefined, expected: number[], what: string): void {
  assert.ok(actual, what);
  assert.equal(actual.length, expected.length, what);
  for (let i = 0; i < expected.length; i++)
    assert.ok(Math.abs((actual[i] ?? Number.NaN) - expected[i]!) < 1e-6, `${what}: ${actual} vs ${expected}`);
}

describe('issue 11: YOLO splits, coordinates at the edge, oriented boxes, no names file', () => {
  let dir = '';
  before(async () => {
    dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-yolo-forms-')));
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  it('data.yaml splits: a list of image files, a text list, a folder; a JPEG is never read as text', async () => {
    const root = `${dir}/splits`;
    for (const name of ['a', 'b', 'c', 'd']) {
      await renderImage(`${root}/images/all/${name}.jpg`, 100, 50);
      await mkdir(`${root}/labels/all`, { recursive: true });
      await writeFile(`${root}/labels/all/${name}.txt`, '0 0.5 0.5 0.2 0.2\n');
    }
    await renderImage(`${root}/images/test/t.jpg`, 100, 50);
    await writeFile(`${root}/val.txt`, './images/all/c.jpg\nimages/all/d.jpg\n');
    // `bad.txt` is a JPEG renamed: binary, so a problem, never a list of garbage sample names.
    await copyFile(`${root}/images/all/a.jpg`, `${root}/bad.txt`);
    await writeFile(
      `${root}/data.yaml`,
      'train: [images/all/a.jpg, images/all/b.jpg]\nval: val.txt\ntest: [images/test, bad.txt]\nnames: [thing]\n',
    );
    const r = await read(root);
    assert.deepEqual(
      r.samples.map((s) => [s.key, s.split]),
      [
        ['all/a.jpg', 'train'],
        ['all/b.jpg', 'train'],
        ['all/c.jpg', 'val'],
        ['all/d.jpg', 'val'],
        ['test/t.jpg', 'test'],
      ],
    );
    assert.equal(r.annotations.length, 4);
    const errors = r.problems.filter((p) => p.severity === 'error');
    assert.equal(errors.length, 1, JSON.stringify(r.problems));
    assert.match(errors[0]?.reason ?? '', /bad\.txt is named as a list of image paths but holds binary data/);
  });

  it('a label file holding binary data is one problem, not a problem per byte run', async () => {
    const root = `${dir}/binary-label`;
    await renderImage(`${root}/images/train/p.jpg`, 30, 30);
    await mkdir(`${root}/labels/train`, { recursive: true });
    await copyFile(`${root}/images/train/p.jpg`, `${root}/labels/train/p.txt`);
    await writeFile(`${root}/data.yaml`, 'train: images/train\nnames: [thing]\n');
    const r = await read(root);
    assert.equal(r.samples.length, 1);
    assert.deepEqual(
      r.problems.map((p) => [
        p.severity,
        p.file.endsWith('labels/train/p.txt'),
        /binary data/.test(p.reason),
      ]),
      [['error', true, true]],
    );
  });

  it('coordinates within 1% outside 0..1 are clipped with one warning per file; further out is skipped', async () => {
    const root = `${dir}/edge`;
    await renderImage(`${root}/images/train/p.jpg`, 200, 100);
    await mkdir(`${root}/labels/train`, { recursive: true });
    await writeFile(
      `${root}/labels/train/p.txt`,
      [
        '0 1.005 0.5 0.2 0.2', // cx 1.005: corners 0.905..1.105 → clipped to 0.905..1
        '0 0.5 0.5 0.2 0.2', // inside: untouched
        '0 -0.004 0.1 0.5 0.1 0.5 0.6 -0.004 0.6', // oriented box with x -0.004 → 0
        '0 0.2 0.2 0.4 0.2 0.3 1.008', // polygon, y 1.008 → 1
        '0 1.02 0.5 0.2 0.2', // 2% out: skipped, as Ultralytics rejects it
      ].join('\n'),
    );
    await writeFile(`${root}/data.yaml`, 'train: images/train\nnames: [thing]\n');
    const r = await read(root);
    assert.equal(r.annotations.length, 4);
    assertNear(r.annotations[0]?.bbox, [0.905 * 200, 40, 0.095 * 200, 20], 'clipped box');
    assertNear(r.annotations[1]?.bbox, [80, 40, 40, 20], 'box inside');
    assert.equal(r.annotations[2]?.kind, 'polygon');
    assert.deepEqual(r.annotations[2]?.attributes, { oriented: true }, '8 values: an oriented box');
    assertNear(r.annotations[2]?.points?.[0], [0, 10, 100, 10, 100, 60, 0, 60], 'clipped oriented box');
    assert.equal(r.annotations[3]?.attributes, undefined, '6 values: a polygon, not oriented');
    assertNear(r.annotations[3]?.points?.[0], [40, 20, 80, 20, 60, 100], 'clipped polygon');
    const warnings = r.problems.filter((p) => p.severity === 'warning' && p.file.endsWith('p.txt'));
    assert.equal(warnings.length, 1, 'one warning for the file');
    // 1 value on line 1, 2 on line 3 (x1 and x4), 1 on line 4
    assert.match(warnings[0]?.reason ?? '', /^4 coordinates slightly outside 0\.\.1/);
    const skipped = r.problems.filter((p) => p.severity === 'error');
    assert.deepEqual(
      skipped.map((p) => p.record),
      ['line 5'],
    );
    assert.match(skipped[0]?.reason ?? '', /1\.02 is outside 0\.\.1.*read as a box line \(class cx cy w h\)/);
  });

  it('the hint describes the line read: a bad oriented box is named as one', async () => {
    const root = `${dir}/obb-bad`;
    await renderImage(`${root}/images/train/p.jpg`, 100, 100);
    await mkdir(`${root}/labels/train`, { recursive: true });
    await writeFile(`${root}/labels/train/p.txt`, '0 0.1 0.1 0.9 0.1 0.9 0.9 0.1 1.5\n0 0.1 0.2 0.3\n');
    await writeFile(`${root}/data.yaml`, 'train: images/train\nnames: [ship]\n');
    const r = await read(root);
    const reasons = r.problems.filter((p) => p.severity === 'error').map((p) => p.reason);
    assert.match(reasons[0] ?? '', /read as an oriented box line \(class x1 y1 x2 y2 x3 y3 x4 y4\)/);
    assert.match(reasons[1] ?? '', /3 values after the class id; expected 4 \(box\), 8 \(oriented box\)/);
  });

  it('no class-names file: numbered classes 0, 1, ... with a warning naming the files looked for', async () => {
    const root = `${dir}/unnamed`;
    await renderImage(`${root}/images/x.jpg`, 40, 40);
    await mkdir(`${root}/labels`, { recursive: true });
    await writeFile(`${root}/labels/x.txt`, '1 0.5 0.5 0.5 0.5\n0 0.25 0.25 0.5 0.5\n');
    const detected = await yolo.detect(root, io);
    assert.ok(detected && detected.confidence >= 0.5, 'import auto claims it');
    const r = await read(root);
    assert.deepEqual(
      r.classes.map((c) => [c.name, c.originalIds?.yolo]),
      [
        ['0', 0],
        ['1', 1],
      ],
    );
    assert.equal(r.annotations.length, 2);
    const warning = r.problems.find((p) => p.severity === 'warning');
    assert.match(
      warning?.reason ?? '',
      /no class names found \(looked for data\.yaml.*classes\.txt, obj\.names/,
    );
    assert.match(warning?.reason ?? '', /class ids 0, 1 imported as classes named by their number/);
  });
});
