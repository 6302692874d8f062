import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { rleEncodeString } from '../../geometry/rle.js';
import { createNodeFormatIO } from '../../node/fs-format-io.js';
import { fixture as fixturePath } from '../../test-kit/fixtures.js';
import { emptyLookup } from '../conformance.js';
import type { Dataset, ReadResult } from '../dataset.js';
import { toPosix } from '../paths.js';
import { lookupFromDataset } from './_test-lookup.js';
import { coco } from './coco-format.js';
import { toCocoResults } from './write-results.js';

const fixture = (path: string): string => toPosix(fixturePath(path));
const io = createNodeFormatIO();
const readJson = (path: string): Record<string, unknown> => JSON.parse(readFileSync(path, 'utf8'));
let tmp = '';

const read = (path: string, source = 'ground_truth', lookup = emptyLookup): Promise<ReadResult> =>
  coco.read({ path, source, io, lookup });

async function write(dataset: Dataset, name: string): Promise<string> {
  const outDir = toPosix(join(tmp, name));
  await coco.write!({ dataset, imagesRoot: toPosix(tmp), outDir, io, images: 'none' });
  return outDir;
}

describe('coco write: lossless round trips of the fixtures', () => {
  before(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'assay-coco-write-'));
  });
  after(() => rm(tmp, { recursive: true, force: true }));

  for (const [name, path] of [
    ['val2014 (polygons, uncompressed crowd RLE)', 'coco-val2014-100/instances_val2014_100.json'],
    ['keypoints (17 keypoints, skeleton)', 'coco-keypoints-139099/gt.json'],
    ['det500 (bbox-only, polygons, crowd RLE)', 'synthetic-det500/det500/gt.json'],
  ] as const) {
    it(`${name}: images, categories and annotations equal the source file's`, async () => {
      const source = readJson(fixture(path));
      const dataset = await read(fixture(path));
      const outDir = await write(dataset, name.split(' ')[0] as string);
      const written = readJson(`${outDir}/annotations.json`);
      assert.deepEqual(written.images, source.images);
      assert.deepEqual(written.categories, source.categories);
      assert.deepEqual(written.annotations, source.annotations);
      assert.deepEqual(await readdir(outDir), ['annotations.json'], "images: 'none' copies nothing");
    });
  }

  it('datumaro attributes, compressed and uncompressed RLE survive', async () => {
    const path = fixture('format-samples/datumaro/coco_dataset/coco/annotations/person_keypoints_val.json');
    const dataset = await read(path);
    const mask = dataset.annotations[1]!;
    dataset.annotations.push({
      ...mask,
      mask: { size: [10, 5], counts: rleEncodeString([0, 20, 30]) },
      originalId: 3,
    });
    const back = await read(`${await write(dataset, 'datumaro')}/annotations.json`);
    assert.deepEqual(back.annotations, dataset.annotations);
  });
});

describe('coco write: ids and predictions', () => {
  before(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'assay-coco-write-'));
  });
  after(() => rm(tmp, { recursive: true, force: true }));

  it('categories are numbered 1..N in class order when a class has no COCO id', async () => {
    const dataset: Dataset = {
      classes: [{ name: 'b', originalIds: { coco: 18 } }, { name: 'a' }],
      samples: [{ key: 'x.jpg', width: 10, height: 10, originalId: 'img-x' }],
      annotations: [
        { sample: 'x.jpg', source: 'ground_truth', kind: 'bbox', label: 'a', bbox: [1, 1, 2, 2] },
      ],
    };
    const written = readJson(`${await write(dataset, 'renumber')}/annotations.json`);
    assert.deepEqual(written.categories, [
      { id: 1, name: 'b' },
      { id: 2, name: 'a' },
    ]);
    assert.deepEqual(written.images, [{ id: 1, file_name: 'x.jpg', width: 10, height: 10 }]);
    assert.deepEqual(written.annotations, [
      { id: 1, image_id: 1, category_id: 2, area: 4, bbox: [1, 1, 2, 2], iscrowd: 0 },
    ]);
  });

  it('predictions go to results_<model>.json, which reads back against annotations.json', async () => {
    const gtPath = fixture('coco-val2014-100/instances_val2014_100.json');
    const segmPath = fixture('coco-val2014-100/instances_val2014_fakesegm100_results.json');
    const gt = await read(gtPath);
    const segm = await read(segmPath, 'prediction:fake-segm', lookupFromDataset(gt));
    const dataset: Dataset = { ...gt, annotations: [...gt.annotations, ...segm.annotations] };
    const outDir = await write(dataset, 'predictions');
    assert.deepEqual((await readdir(outDir)).sort(), ['annotations.json', 'results_fake-segm.json']);
    const instances = readJson(`${outDir}/annotations.json`) as { annotations: unknown[] };
    assert.equal(instances.annotations.length, 839, 'ground truth only');
    const source = JSON.parse(readFileSync(segmPath, 'utf8')) as Record<string, unknown>[];
    const written = JSON.parse(readFileSync(`${outDir}/results_fake-segm.json`, 'utf8')) as typeof source;
    assert.equal(written.length, 734);
    written.forEach((r, i) => {
      const { bbox, area, ...rest } = r;
      assert.deepEqual(rest, source[i], 'image_id, category_id, segmentation and score as in the source');
      assert.ok(Array.isArray(bbox) && typeof area === 'number', 'bbox and area added as loadRes would');
    });
    const again = await read(`${outDir}/annotations.json`);
    const back = await read(
      `${outDir}/results_fake-segm.json`,
      'prediction:fake-segm',
      lookupFromDataset(again),
    );
    assert.deepEqual(back.annotations, segm.annotations);
  });

  it('toCocoResults filters by source and uses the instances ids', async () => {
    const dataset: Dataset = {
      classes: [{ name: 'cat', originalIds: { coco: 17 } }],
      samples: [{ key: 'x.jpg', originalId: 5 }],
      annotations: [
        { sample: 'x.jpg', source: 'ground_truth', kind: 'bbox', label: 'cat', bbox: [0, 0, 1, 1] },
        {
          sample: 'x.jpg',
          source: 'prediction:m',
          kind: 'bbox',
          label: 'cat',
          bbox: [1, 1, 2, 2],
          score: 0.5,
        },
      ],
    };
    const { results, skipped } = toCocoResults(dataset, { source: 'prediction:m' });
    assert.deepEqual(results, [{ image_id: 5, category_id: 17, bbox: [1, 1, 2, 2], score: 0.5 }]);
    assert.equal(skipped, 0);
  });
});
