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

  const read = (path: string) => voc.read({ path, source: 'ground_truth', io, lookup: emptyLookup });

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
