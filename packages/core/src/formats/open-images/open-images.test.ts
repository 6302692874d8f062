/**
 * Issue 10: Open Images CSVs (storage.googleapis.com/openimages/web/download: boxes `ImageID, Source,
 * LabelName, Confidence, XMin, XMax, YMin, YMax, IsOccluded, IsTruncated, IsGroupOf, IsDepiction,
 * IsInside` as fractions of the image; image labels `ImageID, Source, LabelName, Confidence`, 0 meaning
 * verified absent; class descriptions `LabelName,DisplayName` (v6) or headerless `/m/…,Name` (v4/v5)),
 * in Datumaro's open_images layout (annotations/ beside images/<subset>/) and FiftyOne's export
 * (<split>/labels/detections.csv, <split>/metadata/classes.csv, <split>/data/). The files are written
 * here from that description. Before: "Could not tell which format" (or the box CSV refused by
 * box-csv: "its header names no image column and box corners"). Segmentation CSVs (`MaskPath, ImageID,
 * LabelName, BoxID, BoxXMin…, PredictedIoU, Clicks` naming PNGs of masks/<subset>/, as Datumaro lays them
 * out): before, counted as not read.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createNodeFormatIO } from '../../node/fs-format-io.js';
import { greyPng } from '../../test-kit/png-file.js';
import { describeConformance, emptyLookup, renderImage } from '../conformance.js';
import { detectFormat } from '../detect-format.js';
import { formats } from '../index.js';
import { toPosix } from '../paths.js';
import { openImages } from './open-images-format.js';

// Read only: the suite's cases all write first, so each is skipped with that reason.
describeConformance(openImages);

const io = createNodeFormatIO();
const read = (path: string, source = 'ground_truth') =>
  openImages.read({ path, source, io, lookup: emptyLookup });
const BOX_HEADER =
  'ImageID,Source,LabelName,Confidence,XMin,XMax,YMin,YMax,IsOccluded,IsTruncated,IsGroupOf,IsDepiction,IsInside';

describe('issue 10: Open Images CSV', () => {
  let dir = '';
  before(async () => {
    dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-oi-')));
    const oi = `${dir}/oi`;
    await mkdir(`${oi}/annotations`, { recursive: true });
    await renderImage(`${oi}/images/train/000a1.jpg`, 200, 100);
    await renderImage(`${oi}/images/validation/000b2.png`, 50, 40);
    await writeFile(
      `${oi}/annotations/oidv6-class-descriptions.csv`,
      'LabelName,DisplayName\n/m/01g317,Person\n/m/0k4j,"Car, motor"\n',
    );
    await writeFile(
      `${oi}/annotations/oidv6-train-annotations-bbox.csv`,
      `${BOX_HEADER}\n000a1,xclick,/m/01g317,1,0.1,0.6,0.2,0.9,1,0,-1,0,0\n000a1,xclick,/m/0k4j,1,0.5,1,0,0.5,0,0,1,0,0\n000a1,xclick,/m/0k4j,1,0.9,0.2,0,1,0,0,0,0,0\nffff,xclick,/m/0k4j,1,0,1,0,1,0,0,0,0,0\n../x,xclick,/m/0k4j,1,0,1,0,1,0,0,0,0,0\n`,
    );
    await writeFile(
      `${oi}/annotations/validation-annotations-human-imagelabels.csv`,
      'ImageID,Source,LabelName,Confidence\n000b2,verification,/m/0k4j,1\n000b2,verification,/m/01g317,0\n000b2,crowdsource-verification,/m/09j2d,1\n',
    );
    await writeFile(
      `${oi}/annotations/image_ids_and_rotation.csv`,
      'ImageID,Subset,OriginalURL,Rotation\n000a1,train,,0\n',
    );
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('boxes in pixels of each image, image labels, class names, subsets as splits', async () => {
    const r = await read(`${dir}/oi`);
    assert.equal(r.imagesRoot, `${dir}/oi/images`);
    assert.deepEqual(
      r.classes.map((c) => c.name),
      ['Person', 'Car, motor', '/m/09j2d'],
    );
    assert.deepEqual(
      r.samples.map((s) => [s.key, s.split, s.width, s.height]),
      [
        ['train/000a1.jpg', 'train', 200, 100],
        ['train/ffff.jpg', 'train', undefined, undefined],
        ['validation/000b2.png', 'val', undefined, undefined],
      ],
    );
    const boxes = r.annotations.filter((a) => a.kind === 'bbox');
    assert.deepEqual(
      boxes.map((a) => [a.label, a.bbox?.map((v) => Math.round(v * 1000) / 1000), a.iscrowd]),
      [
        ['Person', [20, 20, 100, 70], undefined],
        ['Car, motor', [100, 0, 100, 50], true],
      ],
    );
    assert.deepEqual(boxes[0]?.attributes, {
      IsOccluded: true,
      IsTruncated: false,
      IsDepiction: false,
      IsInside: false,
    });
    assert.deepEqual(
      r.annotations.filter((a) => a.kind === 'classification').map((a) => [a.sample, a.label]),
      [
        ['validation/000b2.png', 'Car, motor'],
        ['validation/000b2.png', '/m/09j2d'],
      ],
    );
    assert.deepEqual(
      r.problems.map((p) => `${p.severity} ${p.record ?? ''} ${p.reason}`),
      [
        'error line 4 XMin, XMax, YMin, YMax are not a box: 0.9, 0.2, 0, 1',
        'error line 6 ImageID "../x" is not a file name (Open Images ids are hex strings)',
        "error  1 box on images Assay could not find or read the size of: skipped (Open Images boxes are fractions of the image's size)",
        `warning  1 ImageID with no image file below ${dir}/oi/images`,
        'warning  1 image label with Confidence 0 (verified absent) not read',
      ],
    );
  });

  it('FiftyOne’s export and one box CSV are read and detected; a prediction’s Confidence is its score', async () => {
    const fo = `${dir}/fo`;
    await mkdir(`${fo}/validation/labels`, { recursive: true });
    await mkdir(`${fo}/validation/metadata`, { recursive: true });
    await renderImage(`${fo}/validation/data/0c.jpg`, 10, 10);
    await writeFile(
      `${fo}/validation/labels/detections.csv`,
      `${BOX_HEADER}\n0c,activemil,/m/01g317,0.5,0,0.5,0,0.5,0,0,0,0,0\n`,
    );
    await writeFile(`${fo}/validation/metadata/classes.csv`, '/m/01g317,Person\n');
    for (const path of [fo, `${fo}/validation/labels/detections.csv`, `${dir}/oi`, `${dir}/oi/annotations`])
      assert.equal((await detectFormat(formats, path, io)).format.id, 'open-images', path);
    const r = await read(fo, 'prediction:m');
    assert.deepEqual(
      r.samples.map((s) => [s.key, s.split]),
      [['validation/data/0c.jpg', 'val']],
    );
    assert.deepEqual(
      r.annotations.map((a) => [a.label, a.bbox, a.score]),
      [['Person', [0, 0, 5, 5], 0.5]],
    );
  });

  it('segmentation CSVs: each MaskPath PNG a mask, scaled to its image; without its PNG, its box', async () => {
    const m = `${dir}/masks`;
    await mkdir(`${m}/annotations`, { recursive: true });
    await renderImage(`${m}/images/train/0d.jpg`, 8, 4);
    // Open Images masks are smaller than their image: a 4×2 mask of an 8×4 image, its left column set.
    await mkdir(`${m}/masks/train`, { recursive: true });
    await writeFile(
      `${m}/masks/train/0d_m01g317_aa.png`,
      greyPng([
        [1, 0, 0, 0],
        [1, 0, 0, 0],
      ]),
    );
    await writeFile(
      `${m}/annotations/train-annotations-object-segmentation.csv`,
      'MaskPath,ImageID,LabelName,BoxID,BoxXMin,BoxXMax,BoxYMin,BoxYMax,PredictedIoU,Clicks\n' +
        '0d_m01g317_aa.png,0d,/m/01g317,aa,0,0.25,0,1,0.8,\n' +
        '0d_m01g317_bb.png,0d,/m/01g317,bb,0.5,1,0.5,1,,\n' +
        '../../x.png,0d,/m/01g317,cc,0,1,0,1,,\n',
    );
    assert.equal((await detectFormat(formats, m, io)).format.id, 'open-images');
    const r = await read(m);
    assert.deepEqual(
      r.annotations.map((a) => [a.kind, a.label, a.bbox, a.area, a.attributes]),
      [
        ['mask', '/m/01g317', [0, 0, 2, 4], 8, { BoxID: 'aa', PredictedIoU: 0.8 }],
        ['bbox', '/m/01g317', [4, 2, 4, 2], undefined, { BoxID: 'bb' }],
      ],
    );
    assert.deepEqual(r.annotations[0]?.mask?.size, [4, 8]);
    assert.deepEqual(
      r.problems.map((p) => `${p.severity} ${p.record ?? ''} ${p.reason}`),
      [
        'error line 4 ImageID "0d" or MaskPath "../../x.png" is not a file name',
        `warning  1 segmentation row with no mask PNG of its MaskPath below ${m}: read as its box`,
      ],
    );
    assert.ok(r.notes?.includes('1 mask of another size than its image, scaled to it (nearest neighbour)'));
  });
});
