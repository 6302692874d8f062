/**
 * Issue 10: Apple Create ML object-detection JSON. Written here from its description: Apple's
 * "Building an object detector data source" (an array of {"image", "annotations": [{"label",
 * "coordinates": {"x", "y", "width", "height"}}]}, pixels, x and y the CENTRE of the box, the default
 * MLBoundingBoxAnchor.center) and labelImg's writer (libs/create_ml_io.py: "x and y from center of rect",
 * x = x_min + width / 2). Roboflow exports one `_annotations.createml.json` per split folder.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AssayError } from '../../errors.js';
import { createNodeFormatIO } from '../../node/fs-format-io.js';
import { describeConformance, emptyLookup, renderImage } from '../conformance.js';
import { detectFormat } from '../detect-format.js';
import { formats } from '../index.js';
import { toPosix } from '../paths.js';
import { createMl } from './createml-format.js';

describeConformance(createMl);

const io = createNodeFormatIO();
const read = (path: string) => createMl.read({ path, source: 'ground_truth', io, lookup: emptyLookup });

describe('issue 10: Create ML JSON', () => {
  let dir = '';
  before(async () => {
    dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-createml-')));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('x, y are the box centre: Apple’s example box reads as its top-left corner and size', async () => {
    await renderImage(`${dir}/apple/image1.jpg`, 400, 300);
    // labelImg writes a VOC box (xmin 100, ymin 50, xmax 300, ymax 250) as x = 100 + 200 / 2 = 200, y = 150.
    await writeFile(
      `${dir}/apple/annotations.json`,
      JSON.stringify([
        {
          image: 'image1.jpg',
          verified: true,
          annotations: [
            { label: 'carrot', coordinates: { x: 200, y: 150, width: 200, height: 200 } },
            { label: 'orange', coordinates: { x: 10.5, y: 20.25, width: 3, height: 4.5 } },
          ],
        },
      ]),
    );
    const detected = await detectFormat(formats, `${dir}/apple`, io);
    assert.equal(detected.format.id, 'createml', detected.detection.reason);
    const r = await read(`${dir}/apple`);
    assert.deepEqual(
      r.annotations.map((a) => [a.sample, a.label, a.bbox]),
      [
        ['image1.jpg', 'carrot', [100, 50, 200, 200]],
        ['image1.jpg', 'orange', [9, 18, 3, 4.5]],
      ],
    );
    assert.equal(r.imagesRoot, `${dir}/apple`);
    assert.deepEqual(r.problems, []);
  });

  it('Roboflow: train/ and valid/ each with _annotations.createml.json are read as splits by import auto', async () => {
    const root = `${dir}/roboflow`;
    await renderImage(`${root}/train/a_jpg.rf.1.jpg`, 64, 48);
    await renderImage(`${root}/valid/b_jpg.rf.2.jpg`, 64, 48);
    const one = (image: string, label: string) =>
      JSON.stringify([
        { image, annotations: [{ label, coordinates: { x: 20, y: 10, width: 8, height: 4 } }] },
      ]);
    await writeFile(`${root}/train/_annotations.createml.json`, one('a_jpg.rf.1.jpg', 'cat'));
    await writeFile(`${root}/valid/_annotations.createml.json`, one('b_jpg.rf.2.jpg', 'dog'));
    const detected = await detectFormat(formats, root, io);
    assert.equal(detected.format.id, 'createml', detected.detection.reason);
    const r = await detected.format.read({ path: root, source: 'ground_truth', io, lookup: emptyLookup });
    assert.deepEqual(
      r.samples.map((s) => [s.key, s.split]),
      [
        ['train/a_jpg.rf.1.jpg', 'train'],
        ['valid/b_jpg.rf.2.jpg', 'val'],
      ],
    );
    assert.deepEqual(
      r.annotations.map((a) => a.bbox),
      [
        [16, 8, 8, 4],
        [16, 8, 8, 4],
      ],
    );
  });

  it('the writer gives centres (x = xmin + width / 2), as labelImg and Create ML read them', async () => {
    await renderImage(`${dir}/w-src/p.jpg`, 50, 40);
    const w = await createMl.write!({
      dataset: {
        classes: [{ name: 'cat' }],
        samples: [{ key: 'p.jpg', width: 50, height: 40, split: 'train' }],
        annotations: [
          { sample: 'p.jpg', source: 'ground_truth', kind: 'bbox', label: 'cat', bbox: [10, 4, 20, 8] },
          { sample: 'p.jpg', source: 'ground_truth', kind: 'classification', label: 'cat' },
        ],
      },
      imagesRoot: `${dir}/w-src`,
      outDir: `${dir}/w-out`,
      io,
    });
    const json = JSON.parse(await readFile(`${dir}/w-out/annotations.createml.json`, 'utf8'));
    assert.deepEqual(json, [
      { image: 'p.jpg', annotations: [{ label: 'cat', coordinates: { x: 20, y: 8, width: 20, height: 8 } }] },
    ]);
    assert.equal(w.annotations, 1);
    assert.deepEqual(w.notes, [
      '1 classification annotation not written: Create ML holds labelled boxes only',
      'splits not written: Create ML has one list of images',
    ]);
  });

  it('boxes past the top or left edge once x, y are read as centres are counted in a warning (top-left files)', async () => {
    // Datumaro's tests/assets/roboflow_dataset/createml gives its VOC box (0, 0)-(2, 4) as x 0, y 0, width 2, height 4.
    await writeFile(
      `${dir}/corner.json`,
      JSON.stringify([
        { image: 'a.jpg', annotations: [{ label: 'x', coordinates: { x: 0, y: 0, width: 2, height: 4 } }] },
      ]),
    );
    const r = await read(`${dir}/corner.json`);
    assert.deepEqual(r.annotations[0]?.bbox, [-1, -2, 2, 4]);
    assert.deepEqual(
      r.problems.map((p) => [p.severity, p.reason]),
      [
        [
          'warning',
          "1 box of 1 starts left of or above the image with x, y read as the box centre (Create ML's meaning)",
        ],
      ],
    );
  });

  it('bad records are problems naming the file and the record; a non-array is an AssayError', async () => {
    const file = `${dir}/bad.json`;
    await writeFile(
      file,
      JSON.stringify([
        {
          image: 'a.jpg',
          annotations: [{ label: 'cat', coordinates: { x: 'ten', y: 1, width: 2, height: 3 } }],
        },
        { image: '/etc/b.jpg', annotations: [] },
        { annotations: [] },
        { image: 'c.jpg', annotations: [{ label: '', coordinates: { x: 1, y: 1, width: 2, height: 2 } }] },
      ]),
    );
    const r = await read(file);
    assert.equal(r.annotations.length, 0);
    assert.deepEqual(
      r.problems.map((p) => [p.file, p.record]),
      [
        [file, '[0] "a.jpg" annotations[0]'],
        [file, '[1] "/etc/b.jpg"'],
        [file, '[2]'],
        [file, '[3] "c.jpg" annotations[0]'],
      ],
    );
    assert.match(r.problems[0]?.reason ?? '', /"coordinates" needs numbers x, y, width, height/);
    await writeFile(`${dir}/obj.json`, '{"images": []}');
    await assert.rejects(
      read(`${dir}/obj.json`),
      (e: unknown) => e instanceof AssayError && /not an array/.test(e.message),
    );
    await writeFile(`${dir}/cut.json`, '[{"image": "a.jpg", "annotations": [');
    await assert.rejects(
      read(`${dir}/cut.json`),
      (e: unknown) => e instanceof AssayError && e.code === 'PARSE_ERROR',
    );
  });
});
