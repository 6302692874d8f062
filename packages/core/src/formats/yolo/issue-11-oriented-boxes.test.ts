import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createNodeFormatIO } from '../../node/fs-format-io.js';
import { emptyLookup, renderImage } from '../conformance.js';
import { detectFormat } from '../detect-format.js';
import { formats } from '../index.js';
import { toPosix } from '../paths.js';
import { yolo } from './yolo-format.js';

const io = createNodeFormatIO();
const read = (path: string) => yolo.read({ path, source: 'ground_truth', io, lookup: emptyLookup });

function assertNear(actual: number[] | undefined, expected: number[], tolerance: number, what: string): void {
  assert.ok(actual, what);
  assert.equal(actual.length, expected.length, what);
  for (let i = 0; i < expected.length; i++)
    assert.ok(
      Math.abs((actual[i] ?? Number.NaN) - expected[i]!) <= tolerance,
      `${what}: ${actual} vs ${expected}`,
    );
}

// A rotated rectangle and an axis-aligned one, in pixels of a 200x100 image.
const SHIP = [20, 30, 60, 10, 80, 50, 40, 70];
const CAR = [100, 20, 140, 20, 140, 60, 100, 60];

describe('issue 11: oriented boxes (DOTA labelTxt as Roboflow exports it, YOLO OBB)', () => {
  let dir = '';
  before(async () => {
    dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-obb-')));
    // Roboflow's DOTA export: <split>/images/, <split>/labelTxt/, header lines, `class difficult`.
    const root = `${dir}/dota`;
    await renderImage(`${root}/train/images/a.jpg`, 200, 100, 1);
    await renderImage(`${root}/valid/images/b.jpg`, 200, 100, 2);
    await renderImage(`${root}/valid/images/empty.jpg`, 200, 100, 3);
    await mkdir(`${root}/train/labelTxt`, { recursive: true });
    await mkdir(`${root}/valid/labelTxt`, { recursive: true });
    await writeFile(
      `${root}/train/labelTxt/a.txt`,
      `imagesource:GoogleEarth\ngsd:0.146\n${SHIP.join(' ')} ship 0\n${CAR.join(' ')} small-vehicle 1\n`,
    );
    await writeFile(`${root}/valid/labelTxt/b.txt`, `${SHIP.join(' ')} ship 0\n1 2 3 ship\n`);
    await writeFile(`${root}/README.roboflow.txt`, 'exported from roboflow.com\n');
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  it('a DOTA folder is detected (import auto), never ignored silently', async () => {
    const best = await detectFormat(formats, `${dir}/dota`, io);
    assert.equal(best.format.id, 'yolo');
    assert.match(best.detection.reason, /DOTA/);
    assert.match((await yolo.detect(`${dir}/dota/train/labelTxt`, io))?.reason ?? '', /DOTA/);
  });

  it('reads DOTA lines as 4-point polygons marked oriented, with classes and difficult', async () => {
    const r = await read(`${dir}/dota`);
    assert.deepEqual(
      r.classes.map((c) => c.name),
      ['ship', 'small-vehicle'],
    );
    assert.deepEqual(
      r.samples.map((s) => [s.key, s.split]),
      [
        ['train/images/a.jpg', 'train'],
        ['valid/images/b.jpg', 'val'],
        ['valid/images/empty.jpg', 'val'],
      ],
    );
    assert.deepEqual(
      r.annotations.map((a) => [a.sample, a.kind, a.label, a.attributes]),
      [
        ['train/images/a.jpg', 'polygon', 'ship', { oriented: true, difficult: false }],
        ['train/images/a.jpg', 'polygon', 'small-vehicle', { oriented: true, difficult: true }],
        ['valid/images/b.jpg', 'polygon', 'ship', { oriented: true, difficult: false }],
      ],
    );
    assert.deepEqual(r.annotations[0]?.points, [SHIP]);
    assert.deepEqual(r.annotations[0]?.bbox, [20, 10, 60, 60]);
    const bad = r.problems.filter((p) => p.severity === 'error');
    assert.deepEqual(
      bad.map((p) => [p.file.endsWith('valid/labelTxt/b.txt'), p.record]),
      [[true, 'line 2']],
    );
  });

  it('with the data.yaml Roboflow writes beside it, the labelTxt folders are still read (not 0 annotations)', async () => {
    const root = `${dir}/dota-yaml`;
    await renderImage(`${root}/train/images/a.jpg`, 200, 100, 1);
    await mkdir(`${root}/train/labelTxt`, { recursive: true });
    await writeFile(`${root}/train/labelTxt/a.txt`, `${SHIP.join(' ')} ship 0\n`);
    await writeFile(
      `${root}/data.yaml`,
      "train: ../train/images\nval: ../valid/images\n\nnc: 2\nnames: ['ship', 'small-vehicle']\n",
    );
    const r = await read(root);
    assert.deepEqual(
      r.annotations.map((a) => [a.sample, a.kind, a.label]),
      [['train/images/a.jpg', 'polygon', 'ship']],
    );
  });

  it('exports to YOLO OBB (class x1 y1 ... x4 y4) that reads back to the same oriented boxes', async () => {
    const source = await read(`${dir}/dota`);
    const out = `${dir}/obb-out`;
    assert.ok(yolo.write);
    const result = await yolo.write({
      dataset: { classes: source.classes, samples: source.samples, annotations: source.annotations },
      imagesRoot: source.imagesRoot,
      outDir: out,
      io,
    });
    assert.ok(result.notes.some((n) => /YOLO OBB.*task=obb/.test(n)));
    const a = (await readFile(`${out}/labels/train/a.txt`, 'utf8')).trim().split('\n');
    // SHIP / (200, 100): 0.1 0.3 0.3 0.1 0.4 0.5 0.2 0.7, class ship = 0
    assert.equal(a[0], '0 0.100000 0.300000 0.300000 0.100000 0.400000 0.500000 0.200000 0.700000');
    assert.equal(a[1]?.split(' ').length, 9, 'every line 8 values after the class');
    const back = await read(out);
    assert.deepEqual(back.problems, []);
    assert.equal(back.annotations.length, source.annotations.length);
    for (const [i, ann] of back.annotations.entries()) {
      assert.equal(ann.kind, 'polygon');
      assert.equal(ann.attributes?.oriented, true);
      assertNear(ann.points?.[0], source.annotations[i]?.points?.[0] ?? [], 1e-3, `box ${i}`);
    }
  });

  it('a YOLO OBB folder with axis boxes mixed in: the export writes every line as OBB', async () => {
    const root = `${dir}/mixed`;
    await renderImage(`${root}/images/train/m.jpg`, 100, 100);
    await mkdir(`${root}/labels/train`, { recursive: true });
    await writeFile(`${root}/labels/train/m.txt`, '0 0.1 0.1 0.5 0.1 0.5 0.4 0.1 0.4\n0 0.5 0.5 0.2 0.2\n');
    await writeFile(`${root}/data.yaml`, 'train: images/train\nnames: [plane]\n');
    const source = await read(root);
    assert.equal(source.annotations[1]?.kind, 'bbox');
    assert.ok(yolo.write);
    await yolo.write({ dataset: source, imagesRoot: source.imagesRoot, outDir: `${dir}/mixed-out`, io });
    const lines = (await readFile(`${dir}/mixed-out/labels/train/m.txt`, 'utf8')).trim().split('\n');
    assert.equal(lines[1], '0 0.400000 0.400000 0.600000 0.400000 0.600000 0.600000 0.400000 0.600000');
  });
});
