import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createNodeFormatIO } from '../../node/fs-format-io.js';
import { emptyLookup, renderImage } from '../conformance.js';
import type { Dataset } from '../dataset.js';
import { toPosix } from '../paths.js';
import { voc } from './voc-format.js';

const io = createNodeFormatIO();

describe('issue 11: VOC export in whole pixels inside the image, in the devkit layout', () => {
  let dir = '';
  before(async () => {
    dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-voc-11-')));
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  it('boxes past the edge are clipped, fractions rounded; Assay reads the file back without errors', async () => {
    await renderImage(`${dir}/src/a.jpg`, 40, 30);
    await renderImage(`${dir}/src/b.jpg`, 40, 30);
    const ann = (sample: string, bbox: [number, number, number, number]) =>
      ({ sample, source: 'ground_truth', kind: 'bbox', label: 'cat', bbox }) as const;
    const dataset: Dataset = {
      classes: [{ name: 'cat' }],
      samples: [
        { key: 'a.jpg', width: 40, height: 30, split: 'train' },
        { key: 'b.jpg', width: 40, height: 30, split: 'val' },
      ],
      annotations: [
        ann('a.jpg', [-5, 10, 30, 25]), // left of and below the image: 0..25 × 10..30
        ann('a.jpg', [10.4, 2.6, 5.2, 4.8]), // 10.4..15.6 × 2.6..7.4 → 10..16 × 3..7
        ann('b.jpg', [1, 2, 3, 4]), // whole pixels inside: written as they are
      ],
    };
    assert.ok(voc.write);
    const result = await voc.write({ dataset, imagesRoot: `${dir}/src`, outDir: `${dir}/out`, io });
    assert.deepEqual(result.notes, [
      'boxes reaching outside the image clipped to its edges (VOC coordinates lie inside the image)',
      'boxes with fractional coordinates rounded to whole pixels (VOC devkit files hold integers)',
    ]);
    const xml = await readFile(`${dir}/out/Annotations/a.xml`, 'utf8');
    const values = [...xml.matchAll(/<(xmin|ymin|xmax|ymax)>([^<]*)</g)].map((m) => m[2]);
    assert.deepEqual(values, ['0', '10', '25', '30', '10', '3', '16', '7']);
    const back = await voc.read({ path: `${dir}/out`, source: 'ground_truth', io, lookup: emptyLookup });
    assert.deepEqual(back.problems, []);
    assert.deepEqual(
      back.annotations.map((a) => a.bbox),
      [
        [0, 10, 25, 20],
        [10, 3, 6, 4],
        [1, 2, 3, 4],
      ],
    );
  });

  it('what the devkit layout cannot hold (sub-folders, PNG) is said', async () => {
    await renderImage(`${dir}/src2/sub/x.png`, 20, 20);
    const dataset: Dataset = { classes: [{ name: 'cat' }], samples: [{ key: 'sub/x.png' }], annotations: [] };
    assert.ok(voc.write);
    const result = await voc.write({ dataset, imagesRoot: `${dir}/src2`, outDir: `${dir}/out2`, io });
    assert.ok(
      result.notes.some((n) => /sub-folders kept as JPEGImages\/<folders>\/<file>/.test(n)),
      String(result.notes),
    );
    assert.ok(
      result.notes.some((n) => /not JPEG copied as they are/.test(n)),
      String(result.notes),
    );
    // Without images (--no-images) nothing is copied, and the note does not say so.
    const bare = await voc.write({
      dataset,
      imagesRoot: `${dir}/src2`,
      outDir: `${dir}/out3`,
      io,
      images: 'none',
    });
    assert.ok(!bare.notes.some((n) => /copied/.test(n)), String(bare.notes));
    assert.ok(
      bare.notes.some((n) => /not JPEG named as they are in <filename>/.test(n)),
      String(bare.notes),
    );
  });

  it('devkit layout: every id of ImageSets/Main/<split>.txt has Annotations/<id>.xml and JPEGImages/<id>.jpg', async () => {
    for (const split of ['train', 'val']) {
      const ids = (await readFile(`${dir}/out/ImageSets/Main/${split}.txt`, 'utf8')).trim().split('\n');
      assert.equal(ids.length, 1, split);
      for (const id of ids) {
        assert.ok(await io.exists(`${dir}/out/Annotations/${id}.xml`), `${id}.xml`);
        assert.ok(await io.exists(`${dir}/out/JPEGImages/${id}.jpg`), `${id}.jpg`);
      }
    }
  });
});
