/**
 * Roboflow's "Pascal VOC" export: one folder per split (train/, valid/, test/), each holding its images
 * and one .xml per image beside them, nothing at the top. `import voc` and `import auto` on the export's
 * folder read every split folder, keys relative to the export (`valid/b.jpg`), `valid` as split `val`.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createNodeFormatIO } from '../../node/fs-format-io.js';
import { emptyLookup, renderImage } from '../conformance.js';
import { detectFormat } from '../detect-format.js';
import { formatById, formats } from '../index.js';
import { toPosix } from '../paths.js';

const io = createNodeFormatIO();
/** VOC as `assay import voc` reads it (formats/index.ts: with split folders). */
const voc = () => formatById('voc')!;

const xml = (file: string, label: string, box: [number, number, number, number]) => `<annotation>
  <folder></folder>
  <filename>${file}</filename>
  <path>${file}</path>
  <source><database>roboflow.ai</database></source>
  <size><width>40</width><height>30</height><depth>3</depth></size>
  <segmented>0</segmented>
  <object>
    <name>${label}</name><pose>Unspecified</pose><truncated>0</truncated><difficult>0</difficult><occluded>0</occluded>
    <bndbox><xmin>${box[0]}</xmin><xmax>${box[2]}</xmax><ymin>${box[1]}</ymin><ymax>${box[3]}</ymax></bndbox>
  </object>
</annotation>
`;

describe('VOC: an export of split folders (Roboflow)', () => {
  let dir = '';
  before(async () => {
    dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-voc-splits-')));
    const files: [string, string, [number, number, number, number]][] = [
      ['train/a_jpg.rf.1.jpg', 'cat', [2, 3, 12, 13]],
      ['train/c_jpg.rf.2.jpg', 'dog', [5, 5, 20, 25]],
      ['valid/b_jpg.rf.3.jpg', 'dog', [1, 1, 9, 9]],
    ];
    for (const [i, [path, label, box]] of files.entries()) {
      await renderImage(`${dir}/${path}`, 40, 30, i + 1);
      const name = path.split('/')[1]!;
      await writeFile(`${dir}/${path.replace(/\.jpg$/, '.xml')}`, xml(name, label, box));
    }
    await writeFile(`${dir}/README.roboflow.txt`, 'exported from roboflow\n');
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  it('is detected as VOC by its split folders (import auto)', async () => {
    const best = await detectFormat(formats, dir, io);
    assert.equal(best.format.id, 'voc');
    assert.match(best.detection.reason, /split folders train\/, valid\/ each hold Pascal VOC/);
  });

  it('reads every split folder: keys under the export, valid → val, boxes as written', async () => {
    const r = await voc().read({ path: dir, source: 'ground_truth', io, lookup: emptyLookup });
    assert.equal(r.imagesRoot, dir);
    assert.deepEqual(r.samples.map((s) => [s.key, s.split]).sort(), [
      ['train/a_jpg.rf.1.jpg', 'train'],
      ['train/c_jpg.rf.2.jpg', 'train'],
      ['valid/b_jpg.rf.3.jpg', 'val'],
    ]);
    assert.deepEqual(r.annotations.map((a) => [a.sample, a.label, a.bbox]).sort(), [
      ['train/a_jpg.rf.1.jpg', 'cat', [2, 3, 10, 10]],
      ['train/c_jpg.rf.2.jpg', 'dog', [5, 5, 15, 20]],
      ['valid/b_jpg.rf.3.jpg', 'dog', [1, 1, 8, 8]],
    ]);
    assert.deepEqual(r.problems, []);
  });

  it('a folder with neither VOC files nor VOC split folders is still refused', async () => {
    await assert.rejects(
      voc().read({ path: `${dir}/nothing-here`, source: 'ground_truth', io, lookup: emptyLookup }),
      /not a Pascal VOC dataset/,
    );
  });
});
