/**
 * Issue 10 (formats in the wild): VOC files whose images are not where VOC keeps them. Without
 * --images the samples were keyed under the annotation folder and every file was "missing" at scan:
 *  - LabelImg's layout, `annotations/*.xml` beside `images/*.jpg` (the folder itself was not detected);
 *  - WIDER FACE's VOC files (mmdetection's tests/data/WIDERFace): WIDER_train/Annotations/*.xml with
 *    `<folder>0--Parade</folder>`, the image in WIDER_train/0--Parade/.
 * Now the images folder is looked for beside the annotations; when it is nowhere a note says so.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createNodeFormatIO } from '../../node/fs-format-io.js';
import { emptyLookup, renderImage } from '../conformance.js';
import { toPosix } from '../paths.js';
import { voc } from './voc-format.js';

const io = createNodeFormatIO();
const read = (path: string) => voc.read({ path, source: 'ground_truth', io, lookup: emptyLookup });

function xml(folder: string, filename: string): string {
  return (
    `<annotation><folder>${folder}</folder><filename>${filename}</filename>` +
    `<path>C:\\Users\\me\\Desktop\\dataset\\${folder}\\${filename}</path>` +
    '<size><width>40</width><height>30</height><depth>3</depth></size><segmented>0</segmented>' +
    '<object><name>face</name><pose>Unspecified</pose><truncated>0</truncated><difficult>0</difficult>' +
    '<bndbox><xmin>4.5</xmin><ymin>5</ymin><xmax>14</xmax><ymax>25</ymax></bndbox></object></annotation>'
  );
}

describe('issue 10: VOC images beside the annotation folder', () => {
  let dir = '';
  before(async () => {
    dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-voc-elsewhere-')));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it("LabelImg's annotations/ and images/: detected from the folder, images found", async () => {
    const root = `${dir}/labelimg`;
    await mkdir(`${root}/annotations`, { recursive: true });
    await writeFile(`${root}/annotations/a.xml`, xml('images', 'a.jpg'));
    await renderImage(`${root}/images/a.jpg`, 40, 30);
    const detection = await voc.detect(root, io);
    assert.equal(detection?.reason, 'annotations/a.xml is a Pascal VOC annotation');
    for (const path of [root, `${root}/annotations`]) {
      const r = await read(path);
      assert.equal(r.imagesRoot, `${root}/images`, path);
      assert.deepEqual(
        r.samples.map((s) => s.key),
        ['a.jpg'],
      );
      assert.deepEqual(r.problems, []);
    }
  });

  it("WIDER FACE's <folder>: the key is <folder>/<filename> under the annotation folder's parent", async () => {
    const root = `${dir}/WIDER_train`;
    await mkdir(`${root}/Annotations`, { recursive: true });
    await writeFile(`${root}/Annotations/0_Parade_1.xml`, xml('0--Parade', '0_Parade_1.jpg'));
    await renderImage(`${root}/0--Parade/0_Parade_1.jpg`, 40, 30);
    const r = await read(root);
    assert.equal(r.imagesRoot, root);
    assert.deepEqual(
      r.samples.map((s) => s.key),
      ['0--Parade/0_Parade_1.jpg'],
    );
    assert.deepEqual(
      r.annotations.map((a) => [a.sample, a.bbox]),
      [['0--Parade/0_Parade_1.jpg', [4.5, 5, 9.5, 20]]],
    );
  });

  it('images nowhere: the samples are kept and a note says where Assay looked', async () => {
    const root = `${dir}/bare`;
    await mkdir(`${root}/Annotations`, { recursive: true });
    await writeFile(`${root}/Annotations/b.xml`, xml('VOC2007', 'b.jpg'));
    const r = await read(root);
    assert.deepEqual(
      r.samples.map((s) => s.key),
      ['b.jpg'],
    );
    assert.ok(
      r.notes?.some((n) => n.startsWith(`images not found (e.g. b.jpg) in ${root}/JPEGImages`)),
      String(r.notes),
    );
  });
});

/**
 * Roboflow's VOC export of segmentation (supervision's pascal_voc.py writes it): each <object> has its
 * <bndbox> and a <polygon> of numbered corners <x1>, <y1>, <x2>, … The <polygon> made import auto take
 * the file for LabelMe ("Could not tell which format"), and `import voc` dropped the polygon silently.
 */
describe('issue 10: a VOC object with a numbered <polygon>', () => {
  let dir = '';
  before(async () => {
    dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-voc-polygon-')));
    const corners = (xs: number[]) =>
      xs
        .map(
          (v, i) =>
            `<${i % 2 === 0 ? 'x' : 'y'}${Math.floor(i / 2) + 1}>${v}</${i % 2 === 0 ? 'x' : 'y'}${Math.floor(i / 2) + 1}>`,
        )
        .join('');
    await writeFile(
      `${dir}/a.xml`,
      '<annotation><folder>VOC</folder><filename>a.jpg</filename><source><database>roboflow.ai</database></source>' +
        '<size><width>40</width><height>30</height><depth>3</depth></size><segmented>0</segmented>' +
        `<object><name>dog</name><bndbox><xmin>11</xmin><ymin>5</ymin><xmax>31</xmax><ymax>25</ymax></bndbox><polygon>${corners([11, 5, 31, 5, 31, 25])}</polygon></object>` +
        `<object><name>cat</name><bndbox><xmin>1</xmin><ymin>1</ymin><xmax>9</xmax><ymax>9</ymax></bndbox><polygon>${corners([1, 1, 9])}</polygon></object>` +
        '</annotation>',
    );
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('is detected as VOC and read as a polygon with its box; a broken polygon falls back to the box', async () => {
    const detection = await voc.detect(`${dir}/a.xml`, io);
    assert.ok((detection?.confidence ?? 0) >= 0.5, JSON.stringify(detection));
    const r = await read(dir);
    assert.deepEqual(
      r.annotations.map((a) => [a.label, a.kind, a.bbox, a.points, a.area]),
      [
        ['dog', 'polygon', [11, 5, 20, 20], [[11, 5, 31, 5, 31, 25]], 200],
        ['cat', 'bbox', [1, 1, 8, 8], undefined, 64],
      ],
    );
    assert.equal(r.problems.length, 1);
    assert.match(
      r.problems[0]?.reason ?? '',
      /<polygon> corner 2 is not a number pair .*; the object is read as its box/,
    );
  });
});

/**
 * CVAT's Pascal VOC export (through Datumaro) of a task without subsets lists its images in
 * ImageSets/Main/default.txt beside a labelmap.txt; they became a split named "default" (COCO's
 * instances_default.json was already read as no split).
 */
describe('issue 10: VOC ImageSets/Main/default.txt', () => {
  it('is no split', async () => {
    const root = toPosix(await mkdtemp(join(tmpdir(), 'assay-voc-default-')));
    try {
      await mkdir(`${root}/Annotations`, { recursive: true });
      await mkdir(`${root}/ImageSets/Main`, { recursive: true });
      await writeFile(`${root}/Annotations/a.xml`, xml('VOC', 'a.jpg'));
      await renderImage(`${root}/JPEGImages/a.jpg`, 40, 30);
      await renderImage(`${root}/JPEGImages/b.jpg`, 40, 30);
      await writeFile(`${root}/ImageSets/Main/default.txt`, 'a\nb\n');
      await writeFile(
        `${root}/labelmap.txt`,
        '# label:color_rgb:parts:actions\nbackground:0,0,0::\nface:250,50,83::\n',
      );
      const r = await read(root);
      assert.deepEqual(
        r.samples.map((s) => [s.key, s.split]),
        [
          ['a.jpg', undefined],
          ['b.jpg', undefined],
        ],
      );
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
