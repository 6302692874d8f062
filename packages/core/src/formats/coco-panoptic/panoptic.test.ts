/**
 * Issue 10: COCO panoptic segmentation (cocodataset.org "Panoptic Segmentation" format, panopticapi):
 * annotations/panoptic_<subset>.json = {images, categories: [{id, name, supercategory, isthing, color}],
 * annotations: [{image_id, file_name, segments_info: [{id, category_id, area, bbox, iscrowd}]}]} and
 * annotations/panoptic_<subset>/<file_name>, an RGB PNG whose pixels are segment ids (R + 256·G +
 * 256²·B; 0 unlabelled). Written here from that description. Before: refused ("Assay does not read
 * panoptic PNG masks").
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { deflateSync } from 'node:zlib';
import { rleCounts } from '../../geometry/rle.js';
import { createNodeFormatIO } from '../../node/fs-format-io.js';
import { describeConformance, emptyLookup, renderImage } from '../conformance.js';
import { detectFormat } from '../detect-format.js';
import { formats } from '../index.js';
import { toPosix } from '../paths.js';
import { cocoPanoptic } from './panoptic-format.js';

// Read only: the suite's cases all write first, so each is skipped with that reason.
describeConformance(cocoPanoptic);

const io = createNodeFormatIO();
const read = (path: string) => cocoPanoptic.read({ path, source: 'ground_truth', io, lookup: emptyLookup });

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  return Buffer.concat([head, data, Buffer.alloc(4)]); // the reader does not check CRCs
}

/** An 8-bit RGB PNG whose pixels are the given segment ids (row-major rows), as panopticapi writes. */
function idPng(rows: number[][]): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE((rows[0] ?? []).length, 0);
  ihdr.writeUInt32BE(rows.length, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const raw = Buffer.concat(
    rows.map((r) => Buffer.from([0, ...r.flatMap((id) => [id % 256, (id >> 8) % 256, id >> 16])])),
  );
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('issue 10: COCO panoptic', () => {
  let dir = '';
  before(async () => {
    dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-panoptic-')));
    await mkdir(`${dir}/coco/annotations/panoptic_val2017`, { recursive: true });
    await renderImage(`${dir}/coco/val2017/a.jpg`, 4, 3);
    // 3 rows × 4 columns: 513 (a person) on the left two columns of rows 0–1, 7 (sky) elsewhere but (3, 2).
    await writeFile(
      `${dir}/coco/annotations/panoptic_val2017/a.png`,
      idPng([
        [513, 513, 7, 7],
        [513, 513, 7, 7],
        [7, 7, 7, 0],
      ]),
    );
    await writeFile(
      `${dir}/coco/annotations/panoptic_val2017.json`,
      JSON.stringify({
        info: {},
        licenses: [],
        images: [
          { id: 1, file_name: 'a.jpg', width: 4, height: 3 },
          { id: 2, file_name: 'b.jpg', width: 4, height: 3 },
        ],
        categories: [
          { id: 1, name: 'person', supercategory: 'person', isthing: 1, color: [220, 20, 60] },
          { id: 187, name: 'sky-other-merged', supercategory: 'sky', isthing: 0, color: [70, 130, 180] },
        ],
        annotations: [
          {
            image_id: 1,
            file_name: 'a.png',
            segments_info: [
              { id: 513, category_id: 1, area: 4, bbox: [0, 0, 2, 2], iscrowd: 0 },
              { id: 7, category_id: 187, area: 7, bbox: [0, 0, 4, 3], iscrowd: 0 },
              { id: 9, category_id: 99, area: 1, bbox: [0, 0, 1, 1], iscrowd: 0 },
            ],
          },
          {
            image_id: 2,
            file_name: 'b.png',
            segments_info: [{ id: 5, category_id: 1, area: 2, bbox: [1, 1, 2, 1], iscrowd: 1 }],
          },
        ],
      }),
    );
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('segments as masks from the PNG, their categories; a segment without its PNG as its box', async () => {
    for (const path of [`${dir}/coco/annotations/panoptic_val2017.json`, `${dir}/coco`])
      assert.equal((await detectFormat(formats, path, io)).format.id, 'coco-panoptic', path);
    const r = await read(`${dir}/coco/annotations/panoptic_val2017.json`);
    assert.equal(r.imagesRoot, `${dir}/coco/val2017`);
    assert.deepEqual(
      r.classes.map((c) => c.name),
      ['person', 'sky-other-merged'],
    );
    assert.deepEqual(
      r.samples.map((s) => s.key),
      ['a.jpg', 'b.jpg'],
    );
    assert.deepEqual(
      r.annotations.map((a) => [a.sample, a.label, a.kind, a.bbox, a.area, a.iscrowd, a.attributes]),
      [
        ['a.jpg', 'person', 'mask', [0, 0, 2, 2], 4, undefined, { isthing: true }],
        ['a.jpg', 'sky-other-merged', 'mask', [0, 0, 4, 3], 7, undefined, { isthing: false }],
        ['b.jpg', 'person', 'bbox', [1, 1, 2, 1], 2, true, { isthing: true }],
      ],
    );
    // Column-major over 3 × 4: the person is rows 0–1 of columns 0 and 1.
    assert.deepEqual(rleCounts(r.annotations[0]?.mask ?? { size: [0, 0], counts: [] }), [0, 2, 1, 2, 7]);
    assert.deepEqual(rleCounts(r.annotations[1]?.mask ?? { size: [0, 0], counts: [] }), [2, 1, 2, 6, 1]);
    assert.deepEqual(
      r.problems.map((p) => `${p.record ?? ''} ${p.reason}`),
      [
        'annotations[0].segments_info[2] category_id 99 names no category',
        ` 1 segment read as its box: no PNG for it in ${dir}/coco/annotations/panoptic_val2017`,
      ],
    );
  });

  it('a folder of panoptic files, one per split: each read with its split', async () => {
    const root = `${dir}/two/annotations`;
    await mkdir(root, { recursive: true });
    for (const subset of ['train2017', 'val2017'])
      await writeFile(
        `${root}/panoptic_${subset}.json`,
        JSON.stringify({
          images: [{ id: 1, file_name: `${subset}.jpg`, width: 4, height: 3 }],
          categories: [{ id: 1, name: 'person', isthing: 1 }],
          annotations: [
            {
              image_id: 1,
              file_name: 'x.png',
              segments_info: [{ id: 3, category_id: 1, bbox: [0, 0, 1, 1] }],
            },
          ],
        }),
      );
    assert.equal((await detectFormat(formats, `${dir}/two`, io)).format.id, 'coco-panoptic');
    const r = await read(`${dir}/two`);
    assert.deepEqual(
      r.samples.map((s) => [s.key, s.split]),
      [
        ['train2017.jpg', 'train'],
        ['val2017.jpg', 'val'],
      ],
    );
    assert.equal(r.annotations.length, 2);
  });
});
