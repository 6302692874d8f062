import assert from 'node:assert/strict';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse as parseYaml } from 'yaml';
import type { Annotation } from '../../model/annotation.js';
import { createNodeFormatIO } from '../../node/fs-format-io.js';
import { sharedFixture } from '../../test-kit/fixtures.js';
import { emptyLookup, renderImage } from '../conformance.js';
import type { ReadResult } from '../dataset.js';
import { baseName, isImagePath, joinPath, toPosix } from '../paths.js';
import { splitRelativeCandidates, yoloExportPaths } from './yolo-export-paths.js';
import { yolo } from './yolo-format.js';
import { labelPathFromImage } from './yolo-layout.js';

const io = createNodeFormatIO();
const fixture = (rel: string): string => toPosix(sharedFixture(`format-samples/${rel}`));
const read = (path: string) => yolo.read({ path, source: 'ground_truth', io, lookup: emptyLookup });

async function exportTo(r: ReadResult, outDir: string): Promise<string[]> {
  assert.ok(yolo.write);
  const dataset = { classes: r.classes, samples: r.samples, annotations: r.annotations };
  const result = await yolo.write({ dataset, imagesRoot: r.imagesRoot, outDir, io });
  return result.notes;
}

/**
 * What Ultralytics does with an exported folder (ultralytics/data/utils.py check_det_dataset and
 * img2label_paths; data/base.py get_img_files): each split of data.yaml is a folder under `path`, its
 * images are every image below it, and each image's label is found by the last-/images/ rule.
 */
async function ultralyticsView(
  outDir: string,
): Promise<{ images: string[]; found: string[]; missing: string[] }> {
  const doc = parseYaml(await readFile(join(outDir, 'data.yaml'), 'utf8')) as Record<string, unknown>;
  assert.equal(doc.path, outDir, 'data.yaml `path` is the export folder');
  assert.ok(doc.names !== null && typeof doc.names === 'object', 'names is a mapping or a list');
  const images: string[] = [];
  for (const split of ['train', 'val', 'test']) {
    const rel = doc[split];
    if (typeof rel !== 'string') continue;
    const dir = join(String(doc.path), rel);
    const files = (await readdir(dir, { recursive: true })).map(String).filter(isImagePath);
    images.push(...files.map((f) => toPosix(join(dir, f))));
  }
  const found: string[] = [];
  const missing: string[] = [];
  for (const image of images) {
    const label = labelPathFromImage(image);
    if (label && (await io.exists(label))) found.push(label);
    else missing.push(image);
  }
  return { images, found, missing };
}

async function labelFiles(outDir: string): Promise<string[]> {
  const all = (await readdir(join(outDir, 'labels'), { recursive: true })).map(String);
  return all.filter((f) => f.endsWith('.txt')).map((f) => toPosix(join(outDir, 'labels', f)));
}

/** Per image file name, the class and box of each annotation, sorted: what a round trip must keep. */
function geometry(annotations: Annotation[]): string[] {
  return annotations
    .map((a) => `${baseName(a.sample)}|${a.label}|${a.kind}|${a.bbox?.map((v) => v.toFixed(2)).join(',')}`)
    .sort();
}

async function assertLoadsEverywhere(source: ReadResult, outDir: string): Promise<void> {
  await exportTo(source, outDir);
  const view = await ultralyticsView(outDir);
  assert.deepEqual(view.missing, [], 'every exported image has its label where Ultralytics looks');
  assert.equal(view.images.length, source.samples.length);
  assert.deepEqual(
    view.found.sort(),
    (await labelFiles(outDir)).sort(),
    'no label file that no image maps to',
  );
  const back = await read(outDir);
  assert.deepEqual(back.problems, []);
  assert.equal(back.samples.length, source.samples.length, 'samples after re-import');
  assert.equal(back.annotations.length, source.annotations.length, 'annotations after re-import');
  assert.deepEqual(geometry(back.annotations), geometry(source.annotations));
  assert.deepEqual(
    back.samples.map((s) => s.split).sort(),
    source.samples.map((s) => s.split ?? 'train').sort(),
  );
}

describe('issue 11: Ultralytics path rule (img2label_paths)', () => {
  it('replaces the last /images/ folder and the extension', () => {
    assert.equal(labelPathFromImage('/d/images/train/a.jpg'), '/d/labels/train/a.txt');
    assert.equal(labelPathFromImage('/d/images/train/images/a.b.png'), '/d/images/train/labels/a.b.txt');
    assert.equal(labelPathFromImage('/images/x/images2/a.jpg'), '/labels/x/images2/a.txt');
    assert.equal(labelPathFromImage('/d/Images/a.jpg'), undefined, 'case-sensitive, as in Python');
  });

  it('export folders: images and split folders of the key are dropped, a clash keeps them', () => {
    assert.deepEqual(splitRelativeCandidates('images/train/1.jpg', 'train'), [
      '1.jpg',
      'images_/train/1.jpg',
    ]);
    assert.deepEqual(splitRelativeCandidates('valid/images/x.jpg', 'val'), ['x.jpg', 'valid/images_/x.jpg']);
    assert.deepEqual(splitRelativeCandidates('sub dir/a.jpg', 'train'), ['sub dir/a.jpg']);
  });

  it('issue 12: the plain-key shortcut (a prefix per split) gives the paths the candidates give', () => {
    const keys = [
      'a.jpg',
      'c3/000000123456.jpg',
      'sub dir/a.b.jpg',
      'images/train/1.jpg',
      'Train/x.png',
      'train/x.png',
      'valid/images/x.jpg',
      'validation/y.jpg',
      'test/z.jpg',
      'images.jpg',
      'a/./b.jpg',
      'a/../b.jpg',
      'a//b.jpg',
      '..',
      '.hidden/x.jpg',
      'x/..y.jpg',
      'dir/',
      'w\\x.jpg',
      'noext',
    ];
    for (const out of ['/o/ut', '/o/./ut/']) {
      const prefixes = new Map<string, string>();
      for (const split of ['train', 'val', 'test'])
        for (const key of keys) {
          const taken = new Set([labelPathFromImage(joinPath(out, 'images', split, 'a.jpg'))!]);
          assert.deepEqual(
            yoloExportPaths(out, key, split, taken, prefixes),
            yoloExportPaths(out, key, split, taken),
            `${out} ${split} ${key}`,
          );
        }
    }
  });
});

describe('issue 11: YOLO export of imported layouts loads in Ultralytics and in Assay', () => {
  let dir = '';
  before(async () => {
    dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-yolo-paths-')));
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  it('Label Studio YOLO export (classes.txt, images/, labels/): 7 label files, every one found', async () => {
    // The label files and classes.txt of label-studio-converter's test_import_yolo_data, with
    // images rendered beside them in the layout Label Studio's YOLO export writes.
    const src = `${dir}/ls`;
    const labels = fixture('label-studio/test_import_yolo_data/labels');
    await mkdir(`${src}/labels`, { recursive: true });
    await copyFile(fixture('label-studio/test_import_yolo_data/classes.txt'), `${src}/classes.txt`);
    const names = (await readdir(labels)).filter((f) => f.endsWith('.txt'));
    for (const [i, name] of names.entries()) {
      await copyFile(`${labels}/${name}`, `${src}/labels/${name}`);
      await renderImage(`${src}/images/${name.replace('.txt', '.jpg')}`, 640, 480, i);
    }
    const source = await read(src);
    assert.deepEqual(source.problems, []);
    assert.equal(source.samples.length, 7);
    assert.equal(source.annotations.length, 25, 'the lines of the 7 label files (wc -l: 25)');
    await assertLoadsEverywhere(source, `${dir}/ls-out`);
  });

  it('Datumaro labels layout (images/<split>, labels/<split>, obj.names)', async () => {
    const source = await read(fixture('datumaro/yolo_dataset/labels'));
    assert.equal(source.annotations.length, 4);
    await assertLoadsEverywhere(source, `${dir}/dm-labels-out`);
    const written = (await labelFiles(`${dir}/dm-labels-out`)).map((f) => f.slice(dir.length));
    assert.deepEqual(written.sort(), [
      '/dm-labels-out/labels/train/1.txt',
      '/dm-labels-out/labels/val/1.txt',
    ]);
  });

  it('Datumaro annotations layout (Images/, Annotations/) and strict darknet layout', async () => {
    for (const layout of ['annotations', 'strict']) {
      const source = await read(fixture(`datumaro/yolo_dataset/${layout}`));
      assert.equal(source.annotations.length, 2, layout);
      await assertLoadsEverywhere(source, `${dir}/dm-${layout}-out`);
    }
  });

  it('Roboflow layout (train/images, valid/images) exported and re-imported', async () => {
    const src = `${dir}/rf`;
    for (const [split, seed] of [
      ['train', 1],
      ['valid', 2],
    ] as const) {
      await renderImage(`${src}/${split}/images/p.jpg`, 50, 40, seed);
      await mkdir(`${src}/${split}/labels`, { recursive: true });
      await io.writeText(`${src}/${split}/labels/p.txt`, '0 0.5 0.5 0.2 0.25\n1 0.1 0.1 0.1 0.1\n');
    }
    await io.writeText(`${src}/data.yaml`, 'train: ../train/images\nval: ../valid/images\nnames: [a, b]\n');
    const source = await read(src);
    assert.deepEqual(source.problems, []);
    await assertLoadsEverywhere(source, `${dir}/rf-out`);
  });

  it('a project without classes writes `names: {}`, which reads back', async () => {
    assert.ok(yolo.write);
    await renderImage(`${dir}/none/a.jpg`, 20, 20);
    const dataset = { classes: [], samples: [{ key: 'a.jpg' }], annotations: [] };
    await yolo.write({ dataset, imagesRoot: `${dir}/none`, outDir: `${dir}/none-out`, io });
    const text = await readFile(`${dir}/none-out/data.yaml`, 'utf8');
    assert.match(text, /^names: \{\}$/m);
    const back = await read(joinPath(dir, 'none-out'));
    assert.equal(back.samples.length, 1);
    assert.deepEqual(back.classes, []);
  });
});
