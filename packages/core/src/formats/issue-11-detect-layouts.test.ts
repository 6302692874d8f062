import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createNodeFormatIO } from '../node/fs-format-io.js';
import { classFolders } from './classification/class-folders-format.js';
import { coco } from './coco/coco-format.js';
import { conformanceDataset, emptyLookup, renderImage } from './conformance.js';
import { detectFormat } from './detect-format.js';
import { formats } from './index.js';
import { labelStudio } from './label-studio/label-studio-format.js';
import { toPosix } from './paths.js';
import { voc } from './voc/voc-format.js';

const io = createNodeFormatIO();

describe('issue 11: import auto finds the layouts the named importers read', () => {
  let dir = '';
  before(async () => {
    dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-detect-11-')));
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  it('a VOC set whose first XML has no objects (and no <size>) is VOC', async () => {
    const root = `${dir}/voc`;
    await mkdir(`${root}/Annotations`, { recursive: true });
    await renderImage(`${root}/JPEGImages/a.jpg`, 40, 30);
    await renderImage(`${root}/JPEGImages/b.jpg`, 40, 30);
    // a.xml sorts first and holds an image without objects, as VOC writers leave background images.
    await writeFile(
      `${root}/Annotations/a.xml`,
      '<annotation><folder>VOC2012</folder><filename>a.jpg</filename><segmented>0</segmented></annotation>\n',
    );
    await writeFile(
      `${root}/Annotations/b.xml`,
      '<annotation><filename>b.jpg</filename><size><width>40</width><height>30</height><depth>3</depth></size>' +
        '<object><name>cat</name><bndbox><xmin>1</xmin><ymin>2</ymin><xmax>11</xmax><ymax>12</ymax></bndbox></object></annotation>\n',
    );
    const found = await detectFormat(formats, root, io);
    assert.equal(found.format.id, 'voc', found.detection.reason);
    // Only empty annotations: still VOC (the same file alone).
    assert.equal((await voc.detect(`${root}/Annotations/a.xml`, io))?.confidence, 0.9);
  });

  it("a folder none claims names its claimed images/ subfolder (mmdetection's custom_dataset, issue 10)", async () => {
    const root = `${dir}/custom_dataset`;
    await mkdir(`${root}/images`, { recursive: true });
    await renderImage(`${root}/images/000001.jpg`, 40, 30);
    await writeFile(
      `${root}/images/000001.xml`,
      '<annotation><filename>000001.jpg</filename><size><width>40</width><height>30</height></size>' +
        '<object><name>dog</name><bndbox><xmin>1</xmin><ymin>2</ymin><xmax>9</xmax><ymax>8</ymax></bndbox></object></annotation>',
    );
    await writeFile(`${root}/test.txt`, '000001\n');
    await assert.rejects(detectFormat(formats, root, io), (e: unknown) => {
      assert.match(
        String((e as Error).message),
        /Its subfolder images\/ is voc \(000001\.xml is a Pascal VOC annotation\): assay import voc .*\/custom_dataset\/images\.$/,
      );
      return true;
    });
  });

  it('ImageNet-style split/class folders with Roboflow READMEs and an unlabelled test split', async () => {
    const root = `${dir}/imagenet`;
    let seed = 0;
    for (const split of ['train', 'val']) {
      for (const cls of ['n01440764', 'n01443537'])
        await renderImage(`${root}/${split}/${cls}/x.JPEG`, 20, 20, seed++);
    }
    await renderImage(`${root}/test/unlabelled.JPEG`, 20, 20);
    await writeFile(`${root}/README.dataset.txt`, 'exported dataset\n');
    await writeFile(`${root}/train/.DS_Store`, 'x');
    const found = await detectFormat(formats, root, io);
    assert.equal(found.format.id, 'class-folders', found.detection.reason);
    const r = await classFolders.read({ path: root, source: 'ground_truth', io, lookup: emptyLookup });
    assert.equal(r.annotations.length, 4);
    assert.deepEqual(
      r.problems.map((p) => p.record),
      ['test/unlabelled.JPEG'],
      'the unlabelled image is named, not dropped silently',
    );
  });

  it("Assay's own Label Studio export folder is Label Studio, read from its JSON", async () => {
    assert.ok(labelStudio.write);
    const dataset = conformanceDataset(labelStudio, ['a.jpg', 'b.png', 'c.jpg']);
    for (const [i, s] of dataset.samples.entries())
      await renderImage(`${dir}/ls-src/${s.key}`, s.width ?? 32, s.height ?? 32, i);
    await labelStudio.write({ dataset, imagesRoot: `${dir}/ls-src`, outDir: `${dir}/ls-out`, io });
    const found = await detectFormat(formats, `${dir}/ls-out`, io);
    assert.equal(found.format.id, 'label-studio', found.detection.reason);
    assert.equal(found.detection.path, `${dir}/ls-out/label-studio.json`);
    const r = await labelStudio.read({
      path: found.detection.path,
      source: 'ground_truth',
      io,
      lookup: emptyLookup,
    });
    assert.equal(r.samples.length, 3);
  });

  it('a Roboflow COCO split folder (_annotations.coco.json beside the images): auto and `import coco`', async () => {
    const split = `${dir}/roboflow/train`;
    await renderImage(`${split}/p.jpg`, 50, 40);
    const json = {
      images: [{ id: 0, file_name: 'p.jpg', width: 50, height: 40 }],
      categories: [
        { id: 0, name: 'things', supercategory: 'none' },
        { id: 1, name: 'cat', supercategory: 'things' },
      ],
      annotations: [
        { id: 0, image_id: 0, category_id: 1, bbox: [1, 2, 10, 20], area: 200, iscrowd: 0, segmentation: [] },
      ],
    };
    await writeFile(`${split}/_annotations.coco.json`, JSON.stringify(json));
    await writeFile(`${dir}/roboflow/README.roboflow.txt`, 'exported from roboflow\n');
    const found = await detectFormat(formats, split, io);
    assert.equal(found.format.id, 'coco', found.detection.reason);
    const r = await coco.read({ path: split, source: 'ground_truth', io, lookup: emptyLookup });
    assert.equal(r.annotations.length, 1);
    assert.equal(r.imagesRoot, split, 'images beside the JSON');
    assert.equal(r.samples[0]?.key, 'p.jpg');
  });

  it('the Roboflow export root (one COCO file per split folder) is COCO, read with each folder split', async () => {
    const root = `${dir}/roboflow`;
    await mkdir(`${root}/valid`, { recursive: true });
    await renderImage(`${root}/valid/q.jpg`, 50, 40);
    const json = {
      images: [{ id: 0, file_name: 'q.jpg', width: 50, height: 40 }],
      categories: [{ id: 1, name: 'cat' }],
      annotations: [],
    };
    await writeFile(`${root}/valid/_annotations.coco.json`, JSON.stringify(json));
    const found = await detectFormat(formats, root, io);
    assert.equal(found.format.id, 'coco', found.detection.reason);
    const r = await coco.read({ path: root, source: 'ground_truth', io, lookup: emptyLookup });
    assert.equal(r.imagesRoot, root);
    assert.deepEqual(
      r.samples.map((s) => [s.key, s.split]),
      [
        ['train/p.jpg', 'train'],
        ['valid/q.jpg', 'val'],
      ],
    );
    assert.equal(r.annotations.length, 1);
  });
});
