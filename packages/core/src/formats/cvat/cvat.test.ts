import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AssayError } from '../../errors.js';
import type { Annotation } from '../../model/annotation.js';
import { createNodeFormatIO } from '../../node/fs-format-io.js';
import { sharedFixture } from '../../test-kit/fixtures.js';
import { describeConformance, emptyLookup } from '../conformance.js';
import { toPosix } from '../paths.js';
import { cvat } from './cvat-format.js';

const FIXTURES = toPosix(sharedFixture('format-samples/datumaro/cvat_dataset/for_images/'));
const TASK_XML = `${FIXTURES}export_task/train.xml`;
const PROJECT_XML = `${FIXTURES}export_project/annotations.xml`;
const io = createNodeFormatIO();

const read = (path: string) => cvat.read({ path, source: 'ground_truth', io, lookup: emptyLookup });

describeConformance(cvat);

describe('cvat: fixtures (datumaro tests/assets/cvat_dataset/for_images)', () => {
  it('export_task/train.xml: labels, sizes, shapes and typed attributes', async () => {
    const r = await read(TASK_XML);
    // <meta><task><labels>: label1 (4 attributes), label2 (none)
    assert.deepEqual(
      r.classes.map((c) => c.name),
      ['label1', 'label2'],
    );
    // <image height="8" id="0" name="img0.jpg" width="8">, <image height="10" id="1" name="img1.jpg" width="10">
    assert.deepEqual(
      r.samples.map((s) => [s.key, s.width, s.height, s.originalId, s.split]),
      [
        ['img0.jpg', 8, 8, 0, 'train'],
        ['img1.jpg', 10, 10, 1, 'train'],
      ],
    );
    assert.equal(r.annotations.length, 4);
    const box = r.annotations.find((a) => a.kind === 'bbox') as Annotation;
    // <box label="label1" occluded="1" xbr="4" xtl="0" ybr="4" ytl="2" z_order="1">
    assert.deepEqual(box.bbox, [0, 2, 4, 2]);
    assert.equal(box.label, 'label1');
    // a1 checkbox "true", a2 radio "v3", a3 text "0003" (stays text), a4 number "2.4"
    assert.deepEqual(box.attributes, { occluded: true, z_order: 1, a1: true, a2: 'v3', a3: '0003', a4: 2.4 });
    const line = r.annotations.find((a) => a.kind === 'polyline') as Annotation;
    // <polyline label="" points="1.0,2;3,4;5,6;7,8"/> → unlabeled
    assert.equal(line.label, undefined);
    assert.deepEqual(line.points, [[1, 2, 3, 4, 5, 6, 7, 8]]);
    assert.deepEqual(line.bbox, [1, 2, 6, 6]);
    const polygon = r.annotations.find((a) => a.kind === 'polygon') as Annotation;
    assert.deepEqual(polygon.points, [[1, 2, 3, 4, 6, 5]]);
    const points = r.annotations.find((a) => a.kind === 'keypoints') as Annotation;
    // <points label="label2" points="1,2;3,4;5,6" z_order="2"/> → v=2 per point
    assert.equal(points.label, 'label2');
    assert.deepEqual(points.keypoints, [1, 2, 2, 3, 4, 2, 5, 6, 2]);
    assert.equal(points.sample, 'img1.jpg');
    assert.equal(r.problems.length, 0);
  });

  it('export_project/annotations.xml: subsets become splits and key prefixes', async () => {
    const r = await read(PROJECT_XML);
    // img0.jpg / img1.jpg appear once per subset Test, Train, Validation
    assert.deepEqual(
      r.samples.map((s) => s.key),
      [
        'Test/img0.jpg',
        'Test/img1.jpg',
        'Train/img0.jpg',
        'Train/img1.jpg',
        'Validation/img0.jpg',
        'Validation/img1.jpg',
      ],
    );
    assert.deepEqual([...new Set(r.samples.map((s) => s.split))], ['Test', 'Train', 'Validation']);
    // 4 shapes per subset pair: box, polyline, polygon, points
    assert.equal(r.annotations.length, 12);
    assert.deepEqual(
      r.classes.map((c) => c.name),
      ['label1', 'label2'],
    );
    const line = r.annotations.find((a) => a.kind === 'polyline' && a.sample === 'Train/img0.jpg');
    assert.equal(line?.label, 'label2');
    assert.equal(r.problems.length, 0);
  });

  it('train.xml → write → read keeps shapes and typed attributes', async () => {
    const src = await read(TASK_XML);
    const out = toPosix(await mkdtemp(join(tmpdir(), 'assay-cvat-rt-')));
    await cvat.write?.({ dataset: src, imagesRoot: src.imagesRoot, outDir: out, io, images: 'none' });
    const back = await read(out);
    assert.deepEqual(
      back.annotations.map((a) => [a.kind, a.label, a.bbox, a.attributes]),
      src.annotations.map((a) => [a.kind, a.label, a.bbox, a.attributes]),
    );
    assert.deepEqual(
      back.classes.map((c) => c.name),
      ['label1', 'label2'],
    );
    await rm(out, { recursive: true, force: true });
  });

  it('detect: the fixtures are CVAT 1.1; other XML is not', async () => {
    assert.equal((await cvat.detect(TASK_XML, io))?.confidence, 0.95);
    assert.equal((await cvat.detect(PROJECT_XML, io))?.confidence, 0.95);
    const voc = toPosix(sharedFixture('format-samples/voc-real/000001.xml'));
    assert.equal(await cvat.detect(voc, io), undefined);
  });
});

describe('cvat: bad input', () => {
  let dir = '';
  before(async () => {
    dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-cvat-')));
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  const withImages = (images: string) =>
    `<annotations><version>1.1</version><meta><task><labels><label><name>cat</name></label></labels></task></meta>${images}</annotations>`;

  it('truncated XML is a PARSE_ERROR naming the file and line', async () => {
    const text = await readFile(TASK_XML, 'utf8');
    const path = `${dir}/truncated.xml`;
    await writeFile(path, text.slice(0, text.indexOf('<polyline')));
    await assert.rejects(read(path), (e: unknown) => {
      assert.ok(e instanceof AssayError);
      assert.equal(e.code, 'PARSE_ERROR');
      assert.match(e.message, /truncated\.xml/);
      assert.match(e.message, /line \d+/);
      assert.ok(e.hint);
      return true;
    });
  });

  // Issue 10: CVAT's own documentation example uses labels its <meta> does not declare; they were skipped.
  it('shapes and tags whose label <meta> does not declare are read, one warning naming the labels', async () => {
    const path = `${dir}/unknown-label.xml`;
    await writeFile(
      path,
      withImages(
        '<image id="0" name="a.jpg" width="10" height="10"><box label="ghost" xtl="1" ytl="1" xbr="2" ybr="2"/><box label="cat" xtl="1" ytl="1" xbr="5" ybr="5"/><tag label="night"/></image>' +
          '<image id="1" name="b.jpg" width="10" height="10"><box label="ghost" xtl="1" ytl="1" xbr="3" ybr="3"/></image>',
      ),
    );
    const r = await read(path);
    assert.deepEqual(
      r.annotations.map((a) => [a.sample, a.label, a.kind]),
      [
        ['a.jpg', 'ghost', 'bbox'],
        ['a.jpg', 'cat', 'bbox'],
        ['a.jpg', 'night', 'classification'],
        ['b.jpg', 'ghost', 'bbox'],
      ],
    );
    assert.deepEqual(
      r.problems.map((p) => [p.severity, p.record, p.reason]),
      [
        [
          'warning',
          '<image name="a.jpg"> <box> #1',
          'labels "ghost", "night" are not declared in <meta>; read as classes of their own (the first at this record)',
        ],
      ],
    );
    assert.deepEqual(
      r.classes.map((c) => c.name),
      ['cat', 'ghost', 'night'],
    );
  });

  it('"../" names, bad sizes and bad coordinates are per-record problems', async () => {
    const path = `${dir}/bad-records.xml`;
    await writeFile(
      path,
      withImages(
        [
          '<image id="0" name="../secret.jpg" width="10" height="10"/>',
          '<image id="1" name="neg.jpg" width="-4" height="10"/>',
          '<image id="2" name="ok.jpg" width="10" height="10">',
          '<box label="cat" xtl="5" ytl="1" xbr="2" ybr="2"/>',
          '<polygon label="cat" points="1,2;x,4;5,6"/>',
          '<polygon label="cat" points="1,2;3,4;5,6"/></image>',
        ].join(''),
      ),
    );
    const r = await read(path);
    assert.deepEqual(
      r.samples.map((s) => s.key),
      ['ok.jpg'],
    );
    assert.equal(r.annotations.length, 1);
    const reasons = r.problems.map((p) => p.reason).join(' | ');
    assert.match(reasons, /leaves the images folder/);
    assert.match(reasons, /not positive numbers/);
    assert.match(reasons, /corners are swapped/);
    assert.match(reasons, /not a list of x,y/);
  });

  it('rotated boxes keep their axis-aligned envelope and the rotation; masks become COCO RLE', async () => {
    const path = `${dir}/rotated.xml`;
    await writeFile(
      path,
      withImages(
        '<image id="0" name="r.jpg" width="20" height="10"><box label="cat" xtl="0" ytl="0" xbr="4" ybr="2" rotation="90"/>' +
          '<mask label="cat" rle="1, 2, 1" left="3" top="2" width="2" height="2"/></image>',
      ),
    );
    const r = await read(path);
    const box = r.annotations.find((a) => a.kind === 'bbox');
    // centre (2, 1); a 4x2 box turned 90° spans x 1..3, y -1..3
    assert.ok(box?.bbox);
    const expected = [1, -1, 2, 4];
    for (const [i, v] of box.bbox.entries()) assert.ok(Math.abs(v - (expected[i] ?? 0)) < 1e-9);
    assert.equal(box.attributes?.rotation, 90);
    const mask = r.annotations.find((a) => a.kind === 'mask');
    // box rows: [0 1] [1 0] → pixels (4,2) and (3,3); column-major over 10 rows: 33 zeros, 1, 8 zeros, 1, rest
    assert.deepEqual(mask?.mask, { size: [10, 20], counts: [33, 1, 8, 1, 157] });
    assert.equal(mask?.area, 2);
  });

  it('masks survive a write → read round trip', async () => {
    const out = `${dir}/mask-out`;
    const annotation: Annotation = {
      sample: 'm.jpg',
      source: 'ground_truth',
      kind: 'mask',
      label: 'cat',
      mask: { size: [10, 20], counts: [33, 1, 8, 1, 157] },
    };
    await cvat.write?.({
      dataset: {
        classes: [{ name: 'cat' }],
        samples: [{ key: 'm.jpg', width: 20, height: 10 }],
        annotations: [annotation],
      },
      imagesRoot: dir,
      outDir: out,
      io,
      images: 'none',
    });
    const r = await read(out);
    assert.deepEqual(r.annotations[0]?.mask, annotation.mask);
    assert.deepEqual(r.annotations[0]?.bbox, [3, 2, 2, 2]);
  });
});
