/**
 * Issue 10: CVAT's "Segmentation mask 1.1" export (CVAT's docs, format-smask.md: labelmap.txt `# label :
 * color_rgb : parts : actions` then `name:r,g,b::`; ImageSets/Segmentation/default.txt of image names
 * without extension; SegmentationClass/ merged class masks; SegmentationObject/ merged instance masks;
 * PNGs of 1 or 3 channels, colours by labelmap or PASCAL VOC's colour map, black the background). The
 * PNGs are written here from that description. Before: "Could not tell which format".
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AssayError } from '../../errors.js';
import { rleArea } from '../../geometry/rle.js';
import { createNodeFormatIO } from '../../node/fs-format-io.js';
import { hasSharedFixtures, sharedFixture } from '../../test-kit/fixtures.js';
import { palettePng, rgbPng } from '../../test-kit/png-file.js';
import { describeConformance, emptyLookup, renderImage } from '../conformance.js';
import { detectFormat } from '../detect-format.js';
import { formats } from '../index.js';
import { toPosix } from '../paths.js';
import { vocColour } from './mask-colours.js';
import { segmentationMask } from './segmentation-mask-format.js';

// Read only: the suite's cases all write first, so each is skipped with that reason.
describeConformance(segmentationMask);

const io = createNodeFormatIO();
const read = (path: string) =>
  segmentationMask.read({ path, source: 'ground_truth', io, lookup: emptyLookup });

const K: [number, number, number] = [0, 0, 0];
const V: [number, number, number] = [224, 224, 192]; // VOC's void (borders)
const CAR: [number, number, number] = [10, 20, 30];
const DOG: [number, number, number] = [200, 0, 100];
const ODD: [number, number, number] = [1, 2, 3];
const I1: [number, number, number] = [128, 0, 0];
const I2: [number, number, number] = [0, 128, 0];
const I3: [number, number, number] = [128, 128, 0];

describe('issue 10: CVAT segmentation mask export', () => {
  let dir = '';
  before(async () => {
    dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-smask-')));
    const e = `${dir}/task`;
    await mkdir(`${e}/ImageSets/Segmentation`, { recursive: true });
    await mkdir(`${e}/SegmentationClass`, { recursive: true });
    await mkdir(`${e}/SegmentationObject`, { recursive: true });
    await writeFile(
      `${e}/labelmap.txt`,
      '# label:color_rgb:parts:actions\nbackground:0,0,0::\ncar:10,20,30::\ndog:200,0,100::\nnot a label:1,2::\n',
    );
    await writeFile(`${e}/ImageSets/Segmentation/default.txt`, 'a\nb\n../../../etc/passwd\n');
    await renderImage(`${e}/JPEGImages/a.jpg`, 5, 2);
    // a: two cars side by side (one instance each), a dog, a void border pixel, one pixel of no label's colour.
    await writeFile(
      `${e}/SegmentationClass/a.png`,
      rgbPng([
        [CAR, CAR, V, CAR, DOG],
        [CAR, K, K, CAR, ODD],
      ]),
    );
    await writeFile(
      `${e}/SegmentationObject/a.png`,
      rgbPng([
        [I1, I1, V, I2, I3],
        [I1, K, K, I2, K],
      ]),
    );
    // b: no instance PNG, read by class.
    await writeFile(`${e}/SegmentationClass/b.png`, rgbPng([[DOG, DOG, K]]));
    // A VOC-coloured palette export without labelmap.txt (Datumaro's voc_segmentation), split train.
    const v = `${dir}/voc`;
    await mkdir(`${v}/ImageSets/Segmentation`, { recursive: true });
    await mkdir(`${v}/SegmentationClass`, { recursive: true });
    await writeFile(`${v}/ImageSets/Segmentation/train.txt`, 'c\n');
    const palette = Array.from({ length: 256 }, (_, i) => {
      const c = i === 255 ? 224 * 65536 + 224 * 256 + 192 : vocColour(i);
      return [c >> 16, (c >> 8) & 255, c & 255] as [number, number, number];
    });
    await writeFile(`${v}/SegmentationClass/c.png`, palettePng([[15, 15, 255, 12]], palette)); // person, person, void, dog
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('instances from SegmentationObject, each of its pixels’ class; classes by labelmap colour', async () => {
    const found = await detectFormat(formats, `${dir}/task`, io);
    assert.equal(found.format.id, 'segmentation-mask');
    const r = await read(`${dir}/task`);
    assert.equal(r.imagesRoot, `${dir}/task/JPEGImages`);
    assert.deepEqual(
      r.classes.map((c) => c.name),
      ['car', 'dog'],
    );
    assert.deepEqual(
      r.samples.map((s) => [s.key, s.width, s.height, s.split]),
      [
        ['a.jpg', 5, 2, undefined],
        ['b.jpg', 3, 1, undefined],
      ],
    );
    assert.deepEqual(
      r.annotations.map((a) => [a.sample, a.label, a.bbox, a.area, a.mask && rleArea(a.mask)]),
      [
        ['a.jpg', 'car', [0, 0, 2, 2], 3, 3],
        ['a.jpg', 'car', [3, 0, 1, 2], 2, 2],
        ['a.jpg', 'dog', [4, 0, 1, 1], 1, 1],
        ['b.jpg', 'dog', [0, 0, 2, 1], 2, 2],
      ],
    );
    assert.deepEqual(
      r.problems.map((p) => `${p.severity} ${p.record ?? ''} ${p.reason}`),
      [
        'error not a label:1,2:: not a label line (name:r,g,b:parts:actions)',
        'error ../../../etc/passwd image id "../../../etc/passwd" climbs out of the dataset',
        `warning  1 image id with no image file in ${dir}/task/JPEGImages: keyed <id>.jpg`,
        'warning  1 pixel of colours no label has (the first 1,2,3): no object',
      ],
    );
    assert.ok(
      r.notes?.includes('1 image without an instance PNG (SegmentationObject/): one mask per class present'),
    );
  });

  it('a palette PNG without labelmap.txt: PASCAL VOC’s classes and colours; the subset list is the split', async () => {
    const r = await read(`${dir}/voc`);
    assert.equal(r.classes.length, 20);
    assert.deepEqual(
      r.samples.map((s) => [s.key, s.split]),
      [['c.jpg', 'train']],
    );
    assert.deepEqual(
      r.annotations.map((a) => [a.label, a.bbox, a.area]),
      [
        ['person', [0, 0, 2, 1], 2],
        ['dog', [3, 0, 1, 1], 1],
      ],
    );
  });

  it('a VOC export with Annotations/ stays voc; not an export: a clear error', async (t) => {
    await assert.rejects(read(`${dir}/voc/ImageSets`), (e: unknown) => {
      assert.ok(e instanceof AssayError);
      assert.match(e.message, /is not a segmentation mask export/);
      return true;
    });
    if (!hasSharedFixtures()) return t.skip('no shared fixtures');
    const voc = sharedFixture('format-samples/datumaro/voc_dataset/voc_dataset1');
    assert.equal((await detectFormat(formats, voc, io)).format.id, 'voc');
    assert.equal(await segmentationMask.detect(voc, io), undefined);
  });
});
