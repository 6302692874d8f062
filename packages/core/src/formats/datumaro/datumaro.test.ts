/**
 * Issue 10: Datumaro's own JSON format (datumaro's `datumaro` exporter, CVAT's "Datumaro 1.0" export).
 * The files below are written from the format as datumaro's exporter writes it (plugins/data_formats/
 * datumaro/exporter.py): annotations/<subset>.json = {dm_format_version, media_type, infos, categories:
 * {label: {labels: [{name, parent, attributes}], label_groups, attributes}, points: {items: [{label_id,
 * labels, joints}]}}, items: [{id, annotations: [{id, type, attributes, group, label_id, z_order, ...}],
 * image: {path, size: [h, w]}}]}; images/<subset>/<path> (older exports: images/<path>). Before: "Could
 * not tell which format", and `import datumaro` did not exist.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { rleEncodeString } from '../../geometry/rle.js';
import { createNodeFormatIO } from '../../node/fs-format-io.js';
import { describeConformance, emptyLookup, renderImage } from '../conformance.js';
import { detectFormat } from '../detect-format.js';
import { formats } from '../index.js';
import { toPosix } from '../paths.js';
import { datumaro } from './datumaro-format.js';

// Read only: the suite's cases all write first, so each is skipped with that reason.
describeConformance(datumaro);

const io = createNodeFormatIO();
const read = (path: string, source = 'ground_truth') =>
  datumaro.read({ path, source, io, lookup: emptyLookup });

const categories = {
  label: {
    labels: ['car', 'person', 'face'].map((name) => ({ name, parent: '', attributes: [] })),
    label_groups: [],
    attributes: ['occluded'],
  },
  points: { items: [{ label_id: 2, labels: ['left_eye', 'right_eye', 'nose'], joints: [[0, 1]] }] },
};
const ann = (id: number, type: string, rest: object) => ({
  id,
  type,
  attributes: {},
  group: 0,
  z_order: 0,
  ...rest,
});

describe('issue 10: Datumaro JSON', () => {
  let dir = '';
  before(async () => {
    dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-datumaro-')));
    await mkdir(`${dir}/ds/annotations`, { recursive: true });
    await renderImage(`${dir}/ds/images/train/a.jpg`, 10, 8);
    await renderImage(`${dir}/ds/images/old/c.jpg`, 10, 8);
    // A 3 × 2 mask (h = 2, w = 3) with the middle column set: column-major counts 2, 2, 2.
    const counts = rleEncodeString([2, 2, 2]);
    await writeFile(
      `${dir}/ds/annotations/train.json`,
      JSON.stringify({
        dm_format_version: '1.0',
        media_type: 2,
        infos: {},
        categories,
        items: [
          {
            id: 'a',
            annotations: [
              ann(0, 'bbox', {
                label_id: 0,
                bbox: [1, 2, 3, 4],
                attributes: { occluded: true, score: 0.75 },
                group: 3,
              }),
              ann(1, 'polygon', { label_id: 1, points: [0, 0, 4, 0, 4, 3] }),
              ann(2, 'polyline', { label_id: 1, points: [1, 1, 5, 5] }),
              ann(3, 'points', { label_id: 2, points: [1, 1, 3, 1, 0, 0], visibility: [2, 1, 0] }),
              ann(4, 'mask', { label_id: 0, rle: { counts, size: [2, 3] } }),
              ann(5, 'ellipse', { label_id: 0, points: [0, 0, 4, 2] }),
              ann(6, 'label', { label_id: 1 }),
              ann(7, 'caption', { caption: 'a car' }),
              ann(8, 'bbox', { label_id: 9, bbox: [0, 0, 1, 1] }),
              ann(9, 'cube', { label_id: 0 }),
            ],
            image: { path: 'a.jpg', size: [8, 10] },
          },
          { id: 'b', annotations: [], image: { path: '../../../../etc/hostname' } },
          { id: 'c', annotations: 'none', image: { path: 'old/c.jpg' } },
        ],
      }),
    );
    await writeFile(
      `${dir}/ds/annotations/default.json`,
      JSON.stringify({
        dm_format_version: '1.0',
        categories,
        items: [{ id: 'd', annotations: [ann(0, 'label', { label_id: 0 })] }],
      }),
    );
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('every image annotation type, subsets as splits, keypoint names from categories.points', async () => {
    const r = await read(`${dir}/ds`);
    assert.equal(r.imagesRoot, `${dir}/ds/images`);
    assert.deepEqual(
      r.classes.map((c) => [c.name, c.keypoints]),
      [
        ['car', undefined],
        ['person', undefined],
        ['face', ['left_eye', 'right_eye', 'nose']],
      ],
    );
    // Files in name order: default.json (no split; no image path: <id>.jpg), then train.json. An image
    // path leaving images/ is read by its file name in images/<subset>/; an older export's images/<path>.
    assert.deepEqual(
      r.samples.map((s) => [s.key, s.split, s.width, s.height]),
      [
        ['default/d.jpg', undefined, undefined, undefined],
        ['train/a.jpg', 'train', 10, 8],
        ['train/hostname', 'train', undefined, undefined],
        ['old/c.jpg', 'train', undefined, undefined],
      ],
    );
    const a = r.annotations.filter((x) => x.sample === 'train/a.jpg');
    assert.deepEqual(
      a.map((x) => [x.kind, x.label]),
      [
        ['bbox', 'car'],
        ['polygon', 'person'],
        ['polyline', 'person'],
        ['keypoints', 'face'],
        ['mask', 'car'],
        ['polygon', 'car'],
        ['classification', 'person'],
      ],
    );
    assert.deepEqual(
      [a[0]?.bbox, a[0]?.attributes, a[0]?.score],
      [[1, 2, 3, 4], { occluded: true, score: 0.75, group: 3 }, undefined],
    );
    assert.deepEqual(a[1]?.points, [[0, 0, 4, 0, 4, 3]]);
    assert.deepEqual(
      [a[3]?.keypoints, a[3]?.bbox],
      [
        [1, 1, 2, 3, 1, 1, 0, 0, 0],
        [1, 1, 2, 0],
      ],
    );
    assert.deepEqual([a[4]?.bbox, a[4]?.area], [[1, 0, 1, 2], 2]);
    assert.deepEqual(
      [a[5]?.bbox, a[5]?.attributes?.shape, a[5]?.points?.[0]?.length],
      [[0, 0, 4, 2], 'ellipse', 64],
    );
    const said = r.problems.map((p) => `${p.severity} ${p.record ?? ''} ${p.reason}`);
    assert.deepEqual(said, [
      'error items[0].annotations[8] "label_id" 9 names no label (categories.label.labels has 3)',
      'error items[0].annotations[9] "type" "cube" is not one Datumaro writes for images (label, bbox, polygon, polyline, points, mask, ellipse)',
      'error items[2].annotations not a list: "none"',
      "warning  1 ellipse read as polygons of 32 points (box and area: the ellipse's own; attribute shape=ellipse)",
      'warning  1 caption annotation not read (Assay has no caption kind for images)',
      'warning  1 image path leaves the images folder: read as file names in images/<subset>/',
    ]);
  });

  it('a prediction’s score attribute is its score; one file and the annotations/ folder are read too', async () => {
    const p = await read(`${dir}/ds/annotations/train.json`, 'prediction:m');
    const box = p.annotations.find((x) => x.kind === 'bbox');
    assert.deepEqual([box?.score, box?.attributes], [0.75, { occluded: true, group: 3 }]);
    assert.equal(p.samples.length, 3);
    assert.equal((await read(`${dir}/ds/annotations`)).samples.length, 4);
    for (const path of [`${dir}/ds`, `${dir}/ds/annotations`, `${dir}/ds/annotations/train.json`])
      assert.equal((await detectFormat(formats, path, io)).format.id, 'datumaro', path);
  });
});
