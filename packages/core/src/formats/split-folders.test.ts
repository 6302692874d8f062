/**
 * withSplitFolders on the CSV classification format: Roboflow's multi-label classification export is
 * one `_classes.csv` per split folder (train/, valid/), images beside it, nothing at the top.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createNodeFormatIO } from '../node/fs-format-io.js';
import { emptyLookup, renderImage } from './conformance.js';
import { detectFormat } from './detect-format.js';
import { formatById, formats } from './index.js';
import { toPosix } from './paths.js';

const io = createNodeFormatIO();

describe('split folders: a class CSV per split folder (Roboflow multi-label export)', () => {
  let dir = '';
  before(async () => {
    dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-split-folders-')));
    await renderImage(`${dir}/train/a.jpg`, 20, 20, 1);
    await renderImage(`${dir}/train/b.jpg`, 20, 20, 2);
    await renderImage(`${dir}/valid/c.jpg`, 20, 20, 3);
    await writeFile(`${dir}/train/_classes.csv`, 'filename, cat, dog\na.jpg, 1, 0\nb.jpg, 1, 1\n');
    await writeFile(`${dir}/valid/_classes.csv`, 'filename, cat, dog\nc.jpg, 0, 1\n');
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  it('import auto names class-csv from its split folders', async () => {
    const best = await detectFormat(formats, dir, io);
    assert.equal(best.format.id, 'class-csv');
    assert.match(best.detection.reason, /split folders train\/, valid\/ each hold/);
  });

  it('reads both splits with keys under the export folder; --images turns the split reading off', async () => {
    const csv = formatById('class-csv')!;
    const r = await csv.read({ path: dir, source: 'ground_truth', io, lookup: emptyLookup });
    assert.equal(r.imagesRoot, dir);
    assert.deepEqual(
      r.samples.map((s) => [s.key, s.split]),
      [
        ['train/a.jpg', 'train'],
        ['train/b.jpg', 'train'],
        ['valid/c.jpg', 'val'],
      ],
    );
    assert.deepEqual(
      r.annotations.map((a) => [a.sample, a.label]),
      [
        ['train/a.jpg', 'cat'],
        ['train/b.jpg', 'cat'],
        ['train/b.jpg', 'dog'],
        ['valid/c.jpg', 'dog'],
      ],
    );
    await assert.rejects(
      csv.read({ path: dir, images: dir, source: 'ground_truth', io, lookup: emptyLookup }),
    );
  });
});

describe('split folders: class probabilities in a different column order per split', () => {
  let dir = '';
  before(async () => {
    dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-split-probs-')));
    await renderImage(`${dir}/train/a.jpg`, 20, 20, 1);
    await renderImage(`${dir}/valid/c.jpg`, 20, 20, 3);
    // The same model's scores, written by two runs that ordered the class columns differently.
    await writeFile(`${dir}/train/_classes.csv`, 'filename,dog,cat\na.jpg,0.8,0.2\n');
    await writeFile(`${dir}/valid/_classes.csv`, 'filename,cat,dog\nc.jpg,0.9,0.1\n');
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  it("each split's probabilities are in the merged class order", async () => {
    const csv = formatById('class-csv')!;
    const r = await csv.read({ path: dir, source: 'prediction', io, lookup: emptyLookup });
    assert.deepEqual(r.probsOrder, ['dog', 'cat']);
    assert.deepEqual(
      r.annotations.map((a) => [a.sample, a.label, a.probs]),
      [
        ['train/a.jpg', 'dog', [0.8, 0.2]],
        ['valid/c.jpg', 'cat', [0.1, 0.9]],
      ],
    );
  });
});
