import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createNodeFormatIO } from '../../node/fs-format-io.js';
import { describeConformance, emptyLookup, renderImage } from '../conformance.js';
import { toPosix } from '../paths.js';
import { classFolders } from './class-folders-format.js';

const KEYS_CHANGE =
  'sample keys gain the class folder (c.jpg → dog/c.jpg) by design; see the round trip test below';
describeConformance(classFolders, {
  skip: {
    round_trip: KEYS_CHANGE,
    unicode_paths: KEYS_CHANGE,
    class_id_mapping: KEYS_CHANGE,
    missing_image: 'm2.png carries no classification in the conformance dataset, so it has no class folder',
    coordinate_conventions: 'classification only: the case has boxes, which class folders cannot hold',
  },
});

const io = createNodeFormatIO();
const read = (path: string) => classFolders.read({ path, source: 'ground_truth', io, lookup: emptyLookup });

describe('class-folders', () => {
  let dir = '';
  before(async () => {
    dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-folders-')));
    for (const [path, w] of [
      ['split/train/dog/d1.jpg', 20],
      ['split/train/cat/c1.png', 16],
      ['split/val/cat/sub dir/c2.jpg', 12],
      ['flat/zebra/z.jpg', 8],
      ['flat/ant/a.jpg', 8],
      ['flat/stray.jpg', 8],
    ] as const) {
      await renderImage(join(dir, path), w, 10);
    }
    await writeFile(join(dir, 'split/README.md'), 'not an image');
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  it('root/<split>/<class>/<image>: splits, classes sorted, deeper folders kept in the key', async () => {
    const r = await read(`${dir}/split`);
    assert.deepEqual(
      r.classes.map((c) => [c.name, c.originalIds?.['class-folders']]),
      [
        ['cat', 0],
        ['dog', 1],
      ],
    );
    assert.deepEqual(
      r.samples.map((s) => [s.key, s.split]),
      [
        ['train/cat/c1.png', 'train'],
        ['train/dog/d1.jpg', 'train'],
        ['val/cat/sub dir/c2.jpg', 'val'],
      ],
    );
    assert.deepEqual(
      r.annotations.map((a) => [a.sample, a.label, a.kind]),
      [
        ['train/cat/c1.png', 'cat', 'classification'],
        ['train/dog/d1.jpg', 'dog', 'classification'],
        ['val/cat/sub dir/c2.jpg', 'cat', 'classification'],
      ],
    );
    assert.match(r.notes?.join(' ') ?? '', /1 non-image file/);
  });

  it('root/<class>/<image>: an image directly in the root is a problem', async () => {
    const r = await read(`${dir}/flat`);
    assert.deepEqual(
      r.classes.map((c) => c.name),
      ['ant', 'zebra'],
    );
    assert.equal(r.annotations.length, 2);
    assert.equal(r.problems.length, 1);
    assert.equal(r.problems[0]?.record, 'stray.jpg');
    assert.match(r.problems[0]?.reason ?? '', /not inside a class folder/);
  });

  it('detect: two folders of images → 0.7; a file or a folder with labels → not mine', async () => {
    assert.equal((await classFolders.detect(`${dir}/split`, io))?.confidence, 0.7);
    assert.equal((await classFolders.detect(`${dir}/flat`, io))?.confidence, 0.7);
    assert.equal(await classFolders.detect(`${dir}/flat/stray.jpg`, io), undefined);
    // a YOLO-like tree: labels/*.txt beside images/ is not class folders
    await renderImage(join(dir, 'yolo/images/a.jpg'), 8, 8);
    await mkdir(join(dir, 'yolo/labels'));
    await writeFile(join(dir, 'yolo/labels/a.txt'), '0 0.5 0.5 0.2 0.2\n');
    assert.equal(await classFolders.detect(`${dir}/yolo`, io), undefined);
  });

  it('write → read: images land in <split>/<class>/<key>, classes.txt keeps the class map order', async () => {
    const src = await read(`${dir}/split`);
    const out = `${dir}/out`;
    const dataset = {
      classes: [{ name: 'zz last' }, ...src.classes],
      samples: src.samples,
      annotations: src.annotations,
    };
    const result = await classFolders.write?.({
      dataset,
      imagesRoot: src.imagesRoot,
      outDir: out,
      io,
      images: 'copy',
    });
    assert.ok(result?.files.some((f) => f.endsWith('train/dog/train/dog/d1.jpg')));
    const back = await read(out);
    assert.deepEqual(
      back.classes.map((c) => c.name),
      ['zz last', 'cat', 'dog'],
    );
    assert.deepEqual(
      back.annotations.map((a) => [a.sample, a.label]),
      [
        ['train/cat/train/cat/c1.png', 'cat'],
        ['train/dog/train/dog/d1.jpg', 'dog'],
        ['val/cat/val/cat/sub dir/c2.jpg', 'cat'],
      ],
    );
    assert.equal(back.problems.length, 0);
  });
});
