/**
 * Issue 10: VOC folders with SegmentationObject/ and SegmentationClass/ PNGs beside Annotations/ (PASCAL
 * VOC 2012's segmentation images; CVAT's and Datumaro's VOC exports). The devkit's rule: in
 * SegmentationObject/<id>.png, index k (a palette PNG; VOC's colour of k in an RGB one) is the image's
 * k-th <object>, 255 (224, 224, 192) its void border; SegmentationClass/<id>.png gives each pixel's class
 * index. The PNGs are written here as palette PNGs with VOC's colour map. Before: the XML was read
 * alone, the masks not at all.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { rleArea } from '../../geometry/rle.js';
import { createNodeFormatIO } from '../../node/fs-format-io.js';
import { palettePng } from '../../test-kit/png-file.js';
import { emptyLookup } from '../conformance.js';
import { toPosix } from '../paths.js';
import { vocColour } from '../segmentation-mask/mask-colours.js';
import { voc } from './voc-format.js';

const io = createNodeFormatIO();
const read = (path: string) => voc.read({ path, source: 'ground_truth', io, lookup: emptyLookup });

/** VOC's 256-colour palette, as its PNGs carry it. */
const PALETTE = Array.from({ length: 256 }, (_, i): [number, number, number] => {
  const c = vocColour(i);
  return [c >> 16, (c >> 8) & 255, c & 255];
});

const object = (name: string, box: number[]) =>
  `<object><name>${name}</name><difficult>0</difficult><bndbox><xmin>${box[0]}</xmin><ymin>${box[1]}</ymin><xmax>${box[2]}</xmax><ymax>${box[3]}</ymax></bndbox></object>`;

describe('issue 10: VOC masks joined to their objects', () => {
  let dir = '';
  before(async () => {
    dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-voc-masks-')));
    for (const d of ['Annotations', 'SegmentationObject', 'SegmentationClass'])
      await mkdir(`${dir}/${d}`, { recursive: true });
    await writeFile(
      `${dir}/Annotations/2008_000001.xml`,
      `<annotation><filename>2008_000001.jpg</filename><size><width>6</width><height>4</height><depth>3</depth></size><segmented>1</segmented>${object('cat', [1, 1, 3, 3])}${object('dog', [4, 1, 6, 2])}</annotation>`,
    );
    // Instances 1 (cat, 4 pixels), 2 (dog, 3 pixels), 3 (a sheep with no <object>); 255 the void border.
    await writeFile(
      `${dir}/SegmentationObject/2008_000001.png`,
      palettePng(
        [
          [1, 1, 255, 2, 2, 2],
          [1, 1, 255, 0, 0, 0],
          [0, 0, 0, 0, 3, 3],
          [0, 0, 0, 0, 0, 0],
        ],
        PALETTE,
      ),
    );
    await writeFile(
      `${dir}/SegmentationClass/2008_000001.png`,
      palettePng(
        [
          [8, 8, 255, 12, 12, 12],
          [8, 8, 255, 0, 0, 0],
          [0, 0, 0, 0, 17, 17],
          [0, 0, 0, 0, 0, 0],
        ],
        PALETTE,
      ),
    );
    // Instance 1 is a dog in SegmentationClass, <object> 1 a cat: the order does not match.
    await writeFile(
      `${dir}/Annotations/2008_000002.xml`,
      `<annotation><filename>2008_000002.jpg</filename><size><width>2</width><height>1</height><depth>3</depth></size>${object('cat', [1, 1, 2, 1])}</annotation>`,
    );
    await writeFile(`${dir}/SegmentationObject/2008_000002.png`, palettePng([[1, 0]], PALETTE));
    await writeFile(`${dir}/SegmentationClass/2008_000002.png`, palettePng([[12, 0]], PALETTE));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('instance k is the k-th <object>: its box a mask, keeping the box; an instance without one apart', async () => {
    const r = await read(dir);
    assert.deepEqual(
      r.annotations.map((a) => [a.kind, a.label, a.bbox, a.mask ? rleArea(a.mask) : undefined, a.originalId]),
      [
        ['mask', 'cat', [1, 1, 2, 2], 4, 1],
        ['mask', 'dog', [4, 1, 2, 1], 3, 2],
        ['mask', 'sheep', [4, 2, 2, 1], 2, undefined],
        ['bbox', 'cat', [1, 1, 1, 0], undefined, 1],
        ['mask', 'dog', [0, 0, 1, 1], 1, undefined],
      ],
    );
    assert.deepEqual(r.annotations[0]?.mask?.size, [4, 6]);
    assert.deepEqual(
      r.problems.map((p) => [p.file.slice(dir.length + 1), p.record, p.reason]),
      [
        [
          'SegmentationObject/2008_000001.png',
          'instance 3',
          'there is no <object> 3: read as a mask of its own',
        ],
        [
          'SegmentationObject/2008_000002.png',
          'instance 1',
          "its class dog is not <object> 1's cat: read as a mask of its own",
        ],
      ],
    );
    assert.ok(
      r.notes?.includes(
        '2 SegmentationObject PNGs: 2 objects with their masks (instance k is the k-th <object>), 2 instances matching no object read apart (see warnings)',
      ),
    );
  });
});
