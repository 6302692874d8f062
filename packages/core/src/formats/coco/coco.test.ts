import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createNodeFormatIO } from '../../node/fs-format-io.js';
import { fixture as fixturePath } from '../../test-kit/fixtures.js';
import { describeConformance, emptyLookup } from '../conformance.js';
import type { ReadResult } from '../dataset.js';
import { toPosix } from '../paths.js';
import { coco } from './coco-format.js';

const fixture = (path: string): string => toPosix(fixturePath(path));
const io = createNodeFormatIO();
const read = (path: string, source = 'ground_truth'): Promise<ReadResult> =>
  coco.read({ path: fixture(path), source, io, lookup: emptyLookup });
const errors = (r: ReadResult) => r.problems.filter((p) => p.severity === 'error');

describeConformance(coco, { locate: (outDir) => ({ path: outDir }) });

describe('coco: COCO val2014 100-image ground truth', async () => {
  const gt = await read('coco-val2014-100/instances_val2014_100.json');

  it('reads 100 images, 80 categories, 839 annotations without problems', () => {
    // Counts from fixtures/coco-val2014-100/README.md.
    assert.equal(gt.samples.length, 100);
    assert.equal(gt.classes.length, 80);
    assert.equal(gt.annotations.length, 839);
    assert.deepEqual(gt.problems, []);
  });

  it('9 crowd annotations are uncompressed RLE masks; the other 830 are polygons', () => {
    const crowd = gt.annotations.filter((a) => a.iscrowd);
    assert.equal(crowd.length, 9);
    for (const a of crowd) {
      assert.equal(a.kind, 'mask');
      assert.ok(Array.isArray(a.mask?.counts));
    }
    assert.equal(gt.annotations.filter((a) => a.kind === 'polygon').length, 830);
  });

  it('keeps non-contiguous category ids, the image metadata and annotation ids', () => {
    const dog = gt.classes.find((c) => c.name === 'dog');
    assert.deepEqual(dog, { name: 'dog', supercategory: 'animal', originalIds: { coco: 18 } });
    assert.equal(gt.classes.at(-1)?.originalIds?.coco, 90, 'COCO ids run to 90 for 80 classes');
    const image = gt.samples.find((s) => s.originalId === 1146);
    assert.equal(image?.key, 'COCO_val2014_000000001146.jpg');
    assert.equal(image?.width, 427);
    assert.equal(image?.height, 640);
    assert.equal(image?.metadata?.license, 3);
    assert.equal(image?.metadata?.date_captured, '2013-11-15 11:55:43');
    const a = gt.annotations.find((x) => x.originalId === 1774);
    // annotation 1774: image 74, category 18, bbox [61.87, 276.25, 296.42, 103.18], area 18234.62355.
    assert.equal(a?.label, 'dog');
    assert.deepEqual(a?.bbox, [61.87, 276.25, 296.42, 103.18]);
    assert.equal(a?.area, 18234.62355);
    assert.equal(a?.source, 'ground_truth');
  });

  it('the images folder defaults to the JSON folder when it has no images/ subfolder', () => {
    assert.equal(gt.imagesRoot, fixture('coco-val2014-100'));
  });
});

describe('coco: keypoints 139099', async () => {
  const gt = await read('coco-keypoints-139099/gt.json');

  it('14 person annotations with 17 keypoints, category keypoint names and skeleton', () => {
    // fixtures/coco-keypoints-139099/README.md: 14 person annotations, 17 keypoints each.
    assert.equal(gt.annotations.length, 14);
    for (const a of gt.annotations) {
      assert.equal(a.kind, 'keypoints');
      assert.equal(a.keypoints?.length, 51);
      assert.ok(a.bbox);
    }
    const person = gt.classes[0];
    assert.equal(person?.keypoints?.length, 17);
    assert.equal(person?.keypoints?.[0], 'nose');
    assert.equal(person?.skeleton?.length, 19);
    assert.deepEqual(person?.skeleton?.[0], [16, 14]);
    assert.equal(gt.annotations.filter((a) => a.iscrowd).length, 1, 'annotation 900100139099 is crowd');
  });
});

describe('coco: synthetic det500', async () => {
  const gt = await read('synthetic-det500/det500/gt.json');

  it('500 images, 3294 annotations: 1576 polygons, 14 crowd RLE, 1704 boxes', () => {
    // fixtures/synthetic-det500/det500/meta.json: n_gt 3294, n_gt_crowd 14, n_gt_with_polygon 1576.
    assert.equal(gt.samples.length, 500);
    assert.equal(gt.annotations.length, 3294);
    const count = (kind: string) => gt.annotations.filter((a) => a.kind === kind).length;
    assert.equal(count('polygon'), 1576);
    assert.equal(count('mask'), 14);
    assert.equal(count('bbox'), 1704);
    assert.deepEqual(errors(gt), []);
  });
});

describe('coco: datumaro samples', () => {
  const dir = 'format-samples/datumaro/coco_dataset/coco/annotations';

  it('instances: a polygon and an RLE mask with attributes and non-contiguous ids 1, 2, 4', async () => {
    const r = await read(`${dir}/instances_val.json`);
    assert.deepEqual(
      r.classes.map((c) => [c.name, c.originalIds?.coco]),
      [
        ['a', 1],
        ['b', 2],
        ['c', 4],
      ],
    );
    const [poly, mask] = r.annotations;
    assert.equal(poly?.kind, 'polygon');
    assert.deepEqual(poly?.attributes, { x: 1, y: 'hello' });
    assert.equal(mask?.kind, 'mask');
    assert.equal(mask?.iscrowd, true);
    assert.deepEqual(mask?.mask, { counts: [0, 20, 30], size: [10, 5] });
    assert.deepEqual(r.samples, [
      {
        key: 'b.jpg',
        originalId: 40,
        width: 5,
        height: 10,
        metadata: { license: 0, flickr_url: '', coco_url: '', date_captured: 0 },
      },
    ]);
  });

  it('person_keypoints: keypoints keep their polygon or mask on the same annotation', async () => {
    const r = await read(`${dir}/person_keypoints_val.json`);
    assert.deepEqual(
      r.annotations.map((a) => [a.kind, Boolean(a.points), Boolean(a.mask), a.keypoints?.length]),
      [
        ['keypoints', true, false, 9],
        ['keypoints', false, true, 9],
      ],
    );
  });

  it('labels files become classifications; image_info gives samples only', async () => {
    const labels = await read(`${dir}/labels_val.json`);
    assert.deepEqual(
      labels.annotations.map((a) => [a.kind, a.label]),
      [
        ['classification', 'a'],
        ['classification', 'b'],
      ],
    );
    const info = await read(`${dir}/image_info_train.json`);
    assert.equal(info.samples.length, 1);
    assert.equal(info.annotations.length, 0);
    assert.match(info.notes?.[0] ?? '', /image_info/);
  });

  it('captions go to sample metadata; stuff masks are read as masks', async () => {
    const captions = await read(`${dir}/captions_val.json`);
    assert.deepEqual(captions.samples[0]?.metadata?.captions, ['world', 'text']);
    assert.equal(captions.annotations.length, 0);
    assert.deepEqual(errors(captions), []);
    const stuff = await read(`${dir}/stuff_val.json`);
    assert.equal(stuff.annotations[0]?.kind, 'mask');
  });

  it('panoptic files are refused as UNSUPPORTED with a hint', async () => {
    await assert.rejects(read(`${dir}/panoptic_val.json`), (e: Error & { code?: string; hint?: string }) => {
      assert.equal(e.code, 'UNSUPPORTED');
      assert.match(e.hint ?? '', /assay import coco-panoptic .*panoptic_val\.json/);
      return true;
    });
  });

  it('a folder with one instances file per split reads every split (issue 11)', async () => {
    // instances_train.json: a.jpg with 1 annotation; instances_val.json: b.jpg with 2; categories a, b, c.
    const r = await read('format-samples/datumaro/coco_dataset/coco');
    assert.deepEqual(
      r.samples.map((s) => [s.key, s.split]),
      [
        ['a.jpg', 'train'],
        ['b.jpg', 'val'],
      ],
    );
    assert.equal(r.annotations.length, 3);
    assert.deepEqual(
      r.classes.map((c) => c.name),
      ['a', 'b', 'c'],
    );
    assert.match(r.notes?.[0] ?? '', /not read: .*person_keypoints_train\.json/);
    // Datumaro's placeholder licence {"id": 0, "name": "", "url": ""} is no problem.
    assert.deepEqual(r.problems, []);
  });
});

describe('coco: detect', () => {
  const detect = (path: string) => coco.detect(fixture(path), io);

  it('is confident on instances and results files, and says why', async () => {
    const gt = await detect('coco-val2014-100/instances_val2014_100.json');
    assert.ok((gt?.confidence ?? 0) >= 0.9);
    assert.match(gt?.reason ?? '', /images, annotations, categories/);
    const results = await detect('coco-val2014-100/instances_val2014_fakesegm100_results.json');
    assert.ok((results?.confidence ?? 0) >= 0.9);
    assert.match(results?.reason ?? '', /results list/);
  });

  it('is not confident on other JSON and other files', async () => {
    const other = await detect('format-samples/datumaro/vott_json_dataset/dataset/train-export.json');
    assert.ok((other?.confidence ?? 0) < 0.5, JSON.stringify(other));
    assert.equal(await detect('format-samples/voc-real/000001.xml'), undefined);
  });
});
