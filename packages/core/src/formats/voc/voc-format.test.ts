import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AssayError } from '../../errors.js';
import { createNodeFormatIO } from '../../node/fs-format-io.js';
import { sharedFixture } from '../../test-kit/fixtures.js';
import { describeConformance, emptyLookup } from '../conformance.js';
import { toPosix } from '../paths.js';
import { voc } from './voc-format.js';

describeConformance(voc);

const io = createNodeFormatIO();
const fixture = (rel: string): string => toPosix(sharedFixture(`format-samples/${rel}`));
const read = (path: string) => voc.read({ path, source: 'ground_truth', io, lookup: emptyLookup });

describe('voc: fixtures', () => {
  it('a real VOC2007 annotation (voc-real/000001.xml)', async () => {
    const r = await read(fixture('voc-real/000001.xml'));
    assert.deepEqual(r.problems, []);
    // <filename>000002.jpg</filename>, <size> 335 x 500 x 3, <folder>VOC2007</folder>
    assert.deepEqual(r.samples, [
      {
        key: '000002.jpg',
        kind: 'image',
        originalId: '000001',
        width: 335,
        height: 500,
        metadata: { folder: 'VOC2007', depth: 3 },
      },
    ]);
    assert.equal(r.imagesRoot, fixture('voc-real'));
    // <object> train: xmin 139, ymin 200, xmax 207, ymax 301 → [139, 200, 68, 101]
    assert.deepEqual(r.annotations, [
      {
        sample: '000002.jpg',
        source: 'ground_truth',
        kind: 'bbox',
        label: 'train',
        bbox: [139, 200, 68, 101],
        area: 68 * 101,
        originalId: 1,
        attributes: { difficult: false, truncated: false, pose: 'Unspecified' },
      },
    ]);
    assert.deepEqual(r.classes, [{ name: 'train' }]);
  });

  it('datumaro voc_dataset1: flags, actions, a person-layout part, splits from ImageSets/Main', async () => {
    const r = await read(fixture('datumaro/voc_dataset/voc_dataset1'));
    // SegmentationObject's instance 1 is a bicycle in SegmentationClass, <object> 1 a cat: apart (issue 10).
    assert.deepEqual(
      r.problems.map((p) => [p.record, p.reason]),
      [['instance 1', "its class bicycle is not <object> 1's cat: read as a mask of its own"]],
    );
    assert.equal(r.imagesRoot, fixture('datumaro/voc_dataset/voc_dataset1/JPEGImages'));
    // train.txt: 2007_000001 (annotated, 20 x 10); test.txt: 2007_000002 (image only, no annotation file)
    assert.deepEqual(
      r.samples.map((s) => [s.key, s.split, s.width, s.height]),
      [
        ['2007_000001.jpg', 'train', 20, 10],
        ['2007_000002.jpg', 'test', undefined, undefined],
      ],
    );
    const [cat, person, head, bicycle] = r.annotations;
    assert.deepEqual(
      [bicycle?.kind, bicycle?.label, bicycle?.attributes],
      ['mask', 'bicycle', { instance: 1 }],
    );
    // cat: 1,2 → 3,4; truncated 1, difficult 0, pose Unspecified
    assert.deepEqual(cat?.bbox, [1, 2, 2, 2]);
    assert.deepEqual(cat?.attributes, { difficult: false, truncated: true, pose: 'Unspecified' });
    // person: 4,5 → 6,7 with <actions> other 1, jumping 0, phoning 1 ...
    assert.equal(person?.label, 'person');
    assert.deepEqual(person?.bbox, [4, 5, 2, 2]);
    assert.equal(person?.attributes?.['action:phoning'], true);
    assert.equal(person?.attributes?.['action:jumping'], false);
    assert.equal(Object.keys(person?.attributes ?? {}).length, 11, '11 actions');
    // <part> head: 5.5,6 → 7.5,8
    assert.equal(head?.label, 'head');
    assert.deepEqual(head?.bbox, [5.5, 6, 2, 2]);
    assert.deepEqual(head?.attributes, { parent: 2 });
    assert.deepEqual(
      r.classes.map((c) => c.name),
      ['cat', 'person', 'head', 'bicycle'],
    );
  });

  it('detect: VOC folder and annotation file → 0.9, a YOLO folder → nothing', async () => {
    assert.equal((await voc.detect(fixture('datumaro/voc_dataset/voc_dataset1'), io))?.confidence, 0.9);
    assert.equal((await voc.detect(fixture('voc-real/000001.xml'), io))?.confidence, 0.9);
    assert.equal(await voc.detect(fixture('datumaro/yolo_dataset/labels'), io), undefined);
  });
});

describe('voc: write', () => {
  let dir = '';
  before(async () => {
    dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-voc-')));
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  it('round trip of voc_dataset1 keeps parts nested, actions and flags; polygons become boxes', async () => {
    const src = fixture('datumaro/voc_dataset/voc_dataset1');
    const first = await read(src);
    const polygon = {
      sample: '2007_000001.jpg',
      source: 'ground_truth',
      kind: 'polygon' as const,
      label: 'cat',
    };
    const dataset = {
      ...first,
      annotations: [...first.annotations, { ...polygon, points: [[1, 1, 5, 1, 5, 4]] }],
    };
    const out = `${dir}/rt`;
    const result = await voc.write?.({
      dataset,
      imagesRoot: first.imagesRoot,
      outDir: out,
      io,
      images: 'none',
    });
    // The fixture's head part is 5.5..7.5 × 6..8: written as whole pixels (issue 11), 6..8 × 6..8.
    assert.deepEqual(result?.notes, [
      'boxes with fractional coordinates rounded to whole pixels (VOC devkit files hold integers)',
      'mask annotations written as their boxes',
      'polygon annotations written as their boxes',
    ]);
    const back = await read(out);
    // The writer always writes pose/truncated/difficult (VOC's eval code needs <difficult>), so the
    // person and the bicycle mask, which had none, read back with the defaults; everything else is as
    // read the first time.
    const defaults = { difficult: false, truncated: false, pose: 'Unspecified' };
    const whole = ([x = 0, y = 0, w = 0, h = 0]: number[]) => {
      const [x1, y1, x2, y2] = [x, y, x + w, y + h].map(Math.round) as [number, number, number, number];
      return [x1, y1, x2 - x1, y2 - y1];
    };
    const expected = first.annotations.map((a) => [
      a.label,
      whole(a.bbox ?? []),
      a.label === 'person' || a.kind === 'mask' ? { ...defaults, ...a.attributes } : a.attributes,
    ]);
    assert.deepEqual(
      back.annotations.map((a) => [a.label, a.bbox, a.attributes]),
      [...expected, ['cat', [1, 1, 4, 3], defaults]],
    );
    assert.deepEqual(
      back.samples.map((s) => [s.key, s.split]),
      [
        ['2007_000001.jpg', 'train'],
        ['2007_000002.jpg', 'test'],
      ],
    );
  });

  it('keys with folders get flat ids; <filename> restores the key', async () => {
    const out = `${dir}/flat`;
    const dataset = {
      classes: [{ name: 'a & b' }],
      samples: [{ key: 'x/y/z.jpg', width: 10, height: 10, split: 'val' }],
      annotations: [
        {
          sample: 'x/y/z.jpg',
          source: 'ground_truth',
          kind: 'bbox' as const,
          label: 'a & b',
          bbox: [1, 2, 3, 4] as [number, number, number, number],
        },
      ],
    };
    const result = await voc.write?.({ dataset, imagesRoot: dir, outDir: out, io, images: 'none' });
    assert.ok(result?.files.includes(`${out}/Annotations/x__y__z.xml`));
    assert.ok(result?.files.includes(`${out}/ImageSets/Main/val.txt`));
    const back = await read(out);
    assert.deepEqual(
      back.samples.map((s) => [s.key, s.split, s.originalId]),
      [['x/y/z.jpg', 'val', 'x__y__z']],
    );
    assert.deepEqual(back.annotations[0]?.label, 'a & b');
  });
});

describe('voc: bad input', () => {
  let dir = '';
  before(async () => {
    dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-voc-bad-')));
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  const object = (xmin: string, ymin = '1', xmax = '5', ymax = '5') =>
    `<object><name>cat</name><bndbox><xmin>${xmin}</xmin><ymin>${ymin}</ymin><xmax>${xmax}</xmax><ymax>${ymax}</ymax></bndbox></object>`;
  const doc = (filename: string, body: string) =>
    `<annotation><filename>${filename}</filename><size><width>10</width><height>10</height></size>${body}</annotation>`;

  it('malformed XML → PARSE_ERROR naming the file and line', async () => {
    const file = `${dir}/broken.xml`;
    await writeFile(file, '<annotation>\n  <filename>a.jpg</filename>\n  <object>\n</annotation>\n');
    await assert.rejects(read(file), (error: unknown) => {
      assert.ok(error instanceof AssayError);
      assert.equal(error.code, 'PARSE_ERROR');
      assert.match(error.message, /broken\.xml is not well-formed XML \(line 4/);
      assert.ok(error.hint);
      return true;
    });
  });

  it('NaN, negative and inverted boxes are skipped as problems; the good object stays', async () => {
    const file = `${dir}/boxes.xml`;
    await writeFile(
      file,
      doc('a.jpg', object('1') + object('abc') + object('-3') + object('4', '1', '2') + object('')),
    );
    const r = await read(file);
    assert.equal(r.annotations.length, 1);
    assert.deepEqual(
      r.problems.map((p) => [p.record, p.severity]),
      [
        ['<object> 2 (cat)', 'error'],
        ['<object> 3 (cat)', 'error'],
        ['<object> 4 (cat)', 'error'],
        ['<object> 5 (cat)', 'error'],
      ],
    );
    assert.match(r.problems[0]?.reason ?? '', /not all numbers/);
    assert.match(r.problems[1]?.reason ?? '', /negative/);
    assert.match(r.problems[2]?.reason ?? '', /xmax < xmin/);
  });

  it('"../" in <filename> is refused: the file is skipped with a problem', async () => {
    const folder = `${dir}/escape`;
    await mkdir(folder, { recursive: true });
    await writeFile(`${folder}/bad.xml`, doc('../../etc/passwd.jpg', object('1')));
    await writeFile(`${folder}/good.xml`, doc('ok.jpg', object('1')));
    const r = await read(folder);
    assert.deepEqual(
      r.samples.map((s) => s.key),
      ['ok.jpg'],
    );
    assert.equal(r.problems.length, 1);
    assert.equal(r.problems[0]?.file, `${folder}/bad.xml`);
    assert.match(r.problems[0]?.reason ?? '', /leaves the images folder/);
  });

  it('an XML that is not a VOC annotation: error for one file, problem inside a folder', async () => {
    const folder = `${dir}/other`;
    await mkdir(folder, { recursive: true });
    await writeFile(`${folder}/svg.xml`, '<svg><rect/></svg>');
    await writeFile(`${folder}/ok.xml`, doc('ok.jpg', ''));
    await assert.rejects(
      read(`${folder}/svg.xml`),
      (e: unknown) => e instanceof AssayError && e.code === 'INVALID_INPUT',
    );
    const r = await read(folder);
    assert.equal(r.samples.length, 1);
    assert.match(r.problems[0]?.reason ?? '', /not a VOC annotation/);
  });
});
