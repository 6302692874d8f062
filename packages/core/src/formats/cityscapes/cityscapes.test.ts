/**
 * Issue 10: Cityscapes (cityscapes-dataset.com; cityscapesScripts' json2labelImg reads the same files):
 * leftImg8bit/<split>/<city>/<city>_<seq>_<frame>_leftImg8bit.png beside gtFine/<split>/<city>/
 * <city>_<seq>_<frame>_gtFine_polygons.json = {imgHeight, imgWidth, objects: [{label, polygon: [[x, y],
 * ...]}]} (and the label PNGs). Written here from that description. Before: `import auto` read the root
 * as class folders — classes "gtFine" and "leftImg8bit", the label PNGs imported as photos of class
 * gtFine, exit 0.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AssayError } from '../../errors.js';
import { createNodeFormatIO } from '../../node/fs-format-io.js';
import { describeConformance, emptyLookup, renderImage } from '../conformance.js';
import { detectFormat } from '../detect-format.js';
import { formats } from '../index.js';
import { toPosix } from '../paths.js';
import { cityscapes } from './cityscapes-format.js';

// Read only: the suite's cases all write first, so each is skipped with that reason.
describeConformance(cityscapes);

const io = createNodeFormatIO();
const read = (path: string) => cityscapes.read({ path, source: 'ground_truth', io, lookup: emptyLookup });

describe('issue 10: Cityscapes', () => {
  let dir = '';
  before(async () => {
    dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-cityscapes-')));
    const root = `${dir}/cs`;
    await renderImage(`${root}/leftImg8bit/train/aachen/aachen_000000_000019_leftImg8bit.png`, 64, 32);
    await renderImage(`${root}/leftImg8bit/test/berlin/berlin_000000_000019_leftImg8bit.png`, 64, 32);
    await renderImage(`${root}/gtFine/train/aachen/aachen_000000_000019_gtFine_labelIds.png`, 64, 32);
    await writeFile(
      `${root}/gtFine/train/aachen/aachen_000000_000019_gtFine_polygons.json`,
      JSON.stringify({
        imgHeight: 32,
        imgWidth: 64,
        objects: [
          {
            label: 'road',
            polygon: [
              [0, 20],
              [63, 20],
              [63, 31],
              [0, 31],
            ],
          },
          {
            label: 'car',
            polygon: [
              [10, 10],
              [20, 10],
              [20, 18],
            ],
          },
          {
            label: 'cargroup',
            polygon: [
              [30, 10],
              [40, 10],
              [40, 18],
            ],
          },
          { label: 'car', polygon: [[1, 1]] },
          {
            label: 'sky',
            polygon: [
              [0, 0],
              [5, 0],
              [5, 5],
            ],
            deleted: 1,
          },
        ],
      }),
    );
    // A label-PNG-only export (CVAT's and Datumaro's Cityscapes): refused with the reason.
    await renderImage(`${dir}/pngs/leftImg8bit/val/x/x_1_1_leftImg8bit.png`, 8, 8);
    await renderImage(`${dir}/pngs/gtFine/val/x/x_1_1_gtFine_instanceIds.png`, 8, 8);
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('polygons of every object, each image a sample with its split; detected, not taken for class folders', async () => {
    const found = await detectFormat(formats, `${dir}/cs`, io);
    assert.equal(found.format.id, 'cityscapes');
    const r = await read(`${dir}/cs`);
    assert.deepEqual(
      r.samples.map((s) => [s.key, s.split, s.width]),
      [
        ['leftImg8bit/test/berlin/berlin_000000_000019_leftImg8bit.png', 'test', undefined],
        ['leftImg8bit/train/aachen/aachen_000000_000019_leftImg8bit.png', 'train', 64],
      ],
    );
    assert.deepEqual(
      r.annotations.map((a) => [a.label, a.bbox, a.iscrowd]),
      [
        ['road', [0, 20, 63, 11], undefined],
        ['car', [10, 10, 10, 8], undefined],
        ['cargroup', [30, 10, 10, 8], true],
      ],
    );
    assert.deepEqual(
      r.problems.map((p) => `${p.record} ${p.reason}`),
      ['objects[3] "polygon" is not a list of at least 3 [x, y] points: [[1,1]]'],
    );
  });

  it('label PNGs without polygons files are refused with the reason', async () => {
    assert.equal((await detectFormat(formats, `${dir}/pngs`, io)).format.id, 'cityscapes');
    await assert.rejects(
      read(`${dir}/pngs`),
      (e: unknown) =>
        e instanceof AssayError &&
        e.code === 'UNSUPPORTED' &&
        /no \*_gtFine_polygons\.json files/.test(e.message),
    );
  });
});
