/**
 * Issue 10: image lists of `<image path> <class index>` lines — mmpretrain's CustomDataset annotation
 * files (data/meta/train.txt naming train/…, classes in meta/classes.txt), Caffe's train.txt, Datumaro's
 * and CVAT's ImageNet-txt (train.txt + synsets.txt, -1 for no class). Written here from those
 * descriptions. Before: "Could not tell which format"; no format read them.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createNodeFormatIO } from '../../node/fs-format-io.js';
import { describeConformance, emptyLookup, renderImage } from '../conformance.js';
import { detectFormat } from '../detect-format.js';
import { formats } from '../index.js';
import { toPosix } from '../paths.js';
import { imageList } from './image-list-format.js';

// Read only: the suite's cases all write first, so each is skipped with that reason.
describeConformance(imageList);

const io = createNodeFormatIO();
const read = (path: string) => imageList.read({ path, source: 'ground_truth', io, lookup: emptyLookup });

describe('issue 10: image lists (<image path> <class index>)', () => {
  let dir = '';
  before(async () => {
    dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-imglist-')));
    // mmpretrain: data/meta/{train,val}.txt, data/meta/classes.txt, images under data/train/, data/val/
    // (each list's paths relative to its split's folder; keys relative to the folder both share).
    await mkdir(`${dir}/mm/meta`, { recursive: true });
    await renderImage(`${dir}/mm/train/cat/1.jpg`, 8, 8);
    await renderImage(`${dir}/mm/val/dog/2.jpg`, 8, 8);
    await writeFile(`${dir}/mm/meta/classes.txt`, 'cat\ndog\n');
    await writeFile(
      `${dir}/mm/meta/train.txt`,
      'cat/1.jpg 0\ncat/my photo.jpg 0\n../../../etc/x.jpg 1\nbad line\n',
    );
    await writeFile(`${dir}/mm/meta/val.txt`, 'dog/2.jpg 1\ndog/3.jpg 7\n');
    // Datumaro's ImageNet-txt: train.txt + synsets.txt beside images/, -1 for no class.
    await mkdir(`${dir}/dm`, { recursive: true });
    await renderImage(`${dir}/dm/images/1.jpg`, 8, 8);
    await writeFile(`${dir}/dm/synsets.txt`, 'n01440764 tench, Tinca tinca\nn01443537 goldfish\n');
    await writeFile(`${dir}/dm/train.txt`, '1.jpg 1\n2.jpg -1\n');
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('mmpretrain’s meta/ lists: classes.txt names, splits, images found under ../<split>/', async () => {
    for (const path of [`${dir}/mm`, `${dir}/mm/meta`, `${dir}/mm/meta/train.txt`])
      assert.equal((await detectFormat(formats, path, io)).format.id, 'image-list', path);
    const r = await read(`${dir}/mm`);
    assert.equal(r.imagesRoot, `${dir}/mm`);
    assert.deepEqual(
      r.classes.map((c) => c.name),
      ['cat', 'dog'],
    );
    assert.deepEqual(
      r.annotations.map((a) => [a.sample, a.label]),
      [
        ['train/cat/1.jpg', 'cat'],
        ['train/cat/my photo.jpg', 'cat'],
        ['val/dog/2.jpg', 'dog'],
      ],
    );
    assert.deepEqual(
      r.samples.map((s) => [s.key, s.split]),
      [
        ['train/cat/1.jpg', 'train'],
        ['train/cat/my photo.jpg', 'train'],
        ['val/dog/2.jpg', 'val'],
      ],
    );
    assert.deepEqual(
      r.problems.map((p) => `${p.record} ${p.reason}`),
      [
        `line 3 image path "../../../etc/x.jpg" leaves ${dir}/mm`,
        'line 4 not "<image path> <class index>": bad line',
        `line 2 class index 7 is past the 2 classes of ${dir}/mm/meta/classes.txt`,
      ],
    );
  });

  it('ImageNet-txt: synset lines named by their words, -1 an image without a class', async () => {
    const r = await read(`${dir}/dm/train.txt`);
    assert.equal(r.imagesRoot, `${dir}/dm/images`);
    assert.deepEqual(
      r.classes.map((c) => c.name),
      ['tench, Tinca tinca', 'goldfish'],
    );
    assert.deepEqual(
      r.samples.map((s) => s.key),
      ['1.jpg', '2.jpg'],
    );
    assert.deepEqual(
      r.annotations.map((a) => [a.sample, a.label]),
      [['1.jpg', 'goldfish']],
    );
  });
});
