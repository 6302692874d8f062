/**
 * Issue 11, COCO: one instances file per split and reading them back (defect 12); licence entries
 * with id 0 and the warning's grammar, duplicate annotation ids (defect 14). Files are written here in
 * COCO's shape.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createNodeFormatIO } from '../../node/fs-format-io.js';
import { emptyLookup } from '../conformance.js';
import type { Dataset } from '../dataset.js';
import { toPosix } from '../paths.js';
import { coco } from './coco-format.js';

const io = createNodeFormatIO();
const read = (path: string) => coco.read({ path, source: 'ground_truth', io, lookup: emptyLookup });

const dataset: Dataset = {
  classes: [{ name: 'cat' }, { name: 'dog' }],
  samples: [
    { key: 'a.jpg', width: 10, height: 10, split: 'train' },
    { key: 'b.jpg', width: 10, height: 10, split: 'val' },
    { key: 'c.jpg', width: 10, height: 10 },
  ],
  annotations: [
    { sample: 'a.jpg', source: 'ground_truth', kind: 'bbox', label: 'cat', bbox: [1, 1, 2, 2] },
    { sample: 'b.jpg', source: 'ground_truth', kind: 'bbox', label: 'dog', bbox: [2, 2, 3, 3] },
    { sample: 'c.jpg', source: 'ground_truth', kind: 'bbox', label: 'dog', bbox: [3, 3, 4, 4] },
  ],
};

describe('issue 11: COCO export per split', () => {
  let dir = '';
  before(async () => {
    dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-coco-splits-')));
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  it('writes annotations/instances_<split>.json, samples without a split in instances_default.json', async () => {
    const out = `${dir}/split`;
    const w = await coco.write?.({ dataset, imagesRoot: dir, outDir: out, io, images: 'none' });
    assert.equal(w?.annotations, 3);
    assert.deepEqual((await readdir(`${out}/annotations`)).sort(), [
      'instances_default.json',
      'instances_train.json',
      'instances_val.json',
    ]);
    const train = JSON.parse(await readFile(`${out}/annotations/instances_train.json`, 'utf8'));
    assert.deepEqual(
      train.images.map((i: { file_name: string }) => i.file_name),
      ['a.jpg'],
    );
    assert.equal(train.categories.length, 2, 'every file has the whole category list');
    // Ids are unique across the files, so results files refer to them all.
    const ids = [];
    for (const name of ['default', 'train', 'val']) {
      const file = JSON.parse(await readFile(`${out}/annotations/instances_${name}.json`, 'utf8'));
      ids.push(...file.images.map((i: { id: number }) => i.id));
    }
    assert.equal(new Set(ids).size, 3);
    const back = await read(out);
    assert.deepEqual(back.samples.map((s) => [s.key, s.split]).sort(), [
      ['a.jpg', 'train'],
      ['b.jpg', 'val'],
      ['c.jpg', undefined],
    ]);
    assert.equal(back.annotations.length, 3);
    assert.deepEqual(back.problems, []);
  });

  it('singleFile writes one annotations.json holding every split', async () => {
    const out = `${dir}/single`;
    await coco.write?.({ dataset, imagesRoot: dir, outDir: out, io, images: 'none', singleFile: true });
    assert.deepEqual(await readdir(out), ['annotations.json']);
    assert.equal((await read(out)).annotations.length, 3);
  });
});

describe('issue 11: COCO licences and annotation ids', () => {
  let dir = '';
  before(async () => {
    dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-coco-ids-')));
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  const file = (licenses: unknown[], ids: number[]) => ({
    licenses,
    images: [{ id: 1, file_name: 'a.jpg', width: 10, height: 10, license: 0 }],
    categories: [{ id: 1, name: 'cat' }],
    annotations: ids.map((id) => ({
      id,
      image_id: 1,
      category_id: 1,
      bbox: [1, 1, 2, 2],
      area: 4,
      iscrowd: 0,
    })),
  });

  it('a licence with id 0 is kept; a placeholder is no problem; entries without an id are counted in good grammar', async () => {
    const path = `${dir}/licences.json`;
    const licenses = [
      { id: 0, name: 'CC0', url: 'https://creativecommons.org/publicdomain/zero/1.0/' },
      { id: 3, name: '', url: '' },
      { name: 'no id' },
      { name: 'no id either' },
    ];
    await writeFile(path, JSON.stringify(file(licenses, [1])));
    const r = await read(path);
    assert.deepEqual(r.licences, [
      { id: '0', name: 'CC0', url: 'https://creativecommons.org/publicdomain/zero/1.0/' },
    ]);
    assert.deepEqual(
      r.problems.map((p) => [p.record, p.reason]),
      [['licenses[2]', '2 licence entries have no id; they were not kept']],
    );
    await writeFile(path, JSON.stringify(file([{ url: 'x' }], [1])));
    assert.equal((await read(path)).problems[0]?.reason, '1 licence entry has no id; it was not kept');
  });

  it('duplicate annotation ids: all kept, one warning naming them (pycocotools would keep the last)', async () => {
    const path = `${dir}/dupes.json`;
    await writeFile(path, JSON.stringify(file([], [5, 6, 5, 7, 6])));
    const r = await read(path);
    assert.equal(r.annotations.length, 5);
    assert.deepEqual(
      r.problems.map((p) => [p.severity, p.record]),
      [['warning', 'annotations[2]']],
    );
    assert.match(
      r.problems[0]?.reason ?? '',
      /^2 annotations have the id of an earlier one \(id 5 at annotations\[0\] and \[2\]; id 6 at annotations\[1\] and \[4\]\); .*pycocotools keeps only the last/,
    );
    // Export renumbers them, so the written file is one pycocotools indexes whole.
    const w = await coco.write?.({
      dataset: r,
      imagesRoot: dir,
      outDir: `${dir}/renumbered`,
      io,
      images: 'none',
    });
    assert.equal(w?.annotations, 5);
    const back = JSON.parse(await readFile(`${dir}/renumbered/annotations.json`, 'utf8'));
    assert.equal(new Set(back.annotations.map((a: { id: number }) => a.id)).size, 5);
  });
});

describe('issue 11: COCO splits whose images lie in one folder per split', () => {
  let dir = '';
  before(async () => {
    dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-coco-split-roots-')));
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  const instances = (name: string, label: string) => ({
    images: [{ id: 1, file_name: name, width: 10, height: 10 }],
    categories: [{ id: 1, name: label }],
    annotations: [{ id: 1, image_id: 1, category_id: 1, bbox: [1, 1, 2, 2], area: 4, iscrowd: 0 }],
  });
  const put = async (path: string, value: unknown) => {
    await mkdir(path.slice(0, path.lastIndexOf('/')), { recursive: true });
    await writeFile(path, typeof value === 'string' ? value : JSON.stringify(value));
  };

  it('official layout (annotations/instances_<split>.json, images/<split>/): keys lead to each split folder', async () => {
    const root = `${dir}/official`;
    // Both splits hold an `x.jpg`: two images, not one listed twice.
    await put(`${root}/annotations/instances_train.json`, instances('x.jpg', 'cat'));
    await put(`${root}/annotations/instances_val.json`, instances('x.jpg', 'dog'));
    await put(`${root}/images/train/x.jpg`, 'jpeg bytes are not read here');
    await put(`${root}/images/val/x.jpg`, 'jpeg bytes are not read here');
    const r = await read(root);
    assert.equal(r.imagesRoot, `${root}/images`);
    assert.deepEqual(
      r.samples.map((s) => [s.key, s.split]),
      [
        ['train/x.jpg', 'train'],
        ['val/x.jpg', 'val'],
      ],
    );
    assert.deepEqual(
      r.annotations.map((a) => [a.sample, a.label]),
      [
        ['train/x.jpg', 'cat'],
        ['val/x.jpg', 'dog'],
      ],
    );
    assert.deepEqual(r.problems, []);
  });

  it("Roboflow's root (train/ valid/ test/, each with _annotations.coco.json beside its images) reads in one go", async () => {
    const root = `${dir}/roboflow`;
    await put(`${root}/train/_annotations.coco.json`, instances('a.jpg', 'cat'));
    await put(`${root}/valid/_annotations.coco.json`, instances('b.jpg', 'cat'));
    await put(`${root}/test/_annotations.coco.json`, instances('c.jpg', 'dog'));
    await put(`${root}/README.roboflow.txt`, 'exported from roboflow');
    const detected = await coco.detect(root, io);
    assert.ok((detected?.confidence ?? 0) >= 0.9, JSON.stringify(detected));
    const r = await read(root);
    assert.equal(r.imagesRoot, root);
    assert.deepEqual(
      r.samples.map((s) => [s.key, s.split]),
      [
        ['train/a.jpg', 'train'],
        ['valid/b.jpg', 'val'],
        ['test/c.jpg', 'test'],
      ],
    );
    assert.equal(r.annotations.length, 3);
    assert.deepEqual(
      r.classes.map((c) => c.name),
      ['cat', 'dog'],
    );
    assert.ok(
      r.notes?.some((n) => n.startsWith('valid/_annotations.coco.json (split val)')),
      String(r.notes),
    );
  });
});
