import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AssayError } from '../../errors.js';
import { createNodeFormatIO } from '../../node/fs-format-io.js';
import { sharedFixture } from '../../test-kit/fixtures.js';
import { emptyLookup } from '../conformance.js';
import { toPosix } from '../paths.js';
import { coco } from './coco-format.js';

const io = createNodeFormatIO();
let dir = '';

async function readText(name: string, text: string) {
  const path = toPosix(join(dir, name));
  await writeFile(path, text);
  return coco.read({ path, source: 'ground_truth', io, lookup: emptyLookup });
}

async function rejectsWith(promise: Promise<unknown>, code: string, message: RegExp): Promise<AssayError> {
  let caught: unknown;
  await promise.catch((e: unknown) => {
    caught = e;
  });
  assert.ok(caught instanceof AssayError, `an AssayError, got ${String(caught)}`);
  assert.equal(caught.code, code);
  assert.match(caught.message, message);
  assert.ok(caught.hint, 'has a hint');
  return caught;
}

const image = (id: unknown, file_name: unknown, width: unknown = 64, height: unknown = 48) => ({
  id,
  file_name,
  width,
  height,
});
const box = (id: number, image_id: unknown, bbox: unknown, category_id: unknown = 1) => ({
  id,
  image_id,
  category_id,
  bbox,
});

describe('coco: files that cannot be read at all', () => {
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-coco-bad-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('a truncated file is a PARSE_ERROR naming the file and the position', async () => {
    const url = sharedFixture('coco-val2014-100/instances_val2014_100.json');
    const text = readFileSync(url, 'utf8');
    const cut = text.slice(0, 5000);
    const error = await rejectsWith(readText('truncated.json', cut), 'PARSE_ERROR', /truncated\.json/);
    assert.match(error.message, /offset 5000/);
    assert.match(error.hint ?? '', /truncated/);
  });

  it('a syntax error mid-file names line and column', async () => {
    const text = '{\n  "images": [\n    {"id": 1, "file_name": "a.jpg",}\n  ]\n}';
    const error = await rejectsWith(readText('syntax.json', text), 'PARSE_ERROR', /line 3, column 36/);
    assert.equal(error.details?.line, 3);
  });

  it('JSON of another shape is INVALID_INPUT with a hint on the COCO shape', async () => {
    await rejectsWith(
      readText('other.json', '{"foo": 1}'),
      'INVALID_INPUT',
      /no "images" list \(keys: foo\)/,
    );
    await rejectsWith(readText('list.json', '[1, 2]'), 'INVALID_INPUT', /first item has no "image_id"/);
    await rejectsWith(readText('string.json', '"x"'), 'INVALID_INPUT', /top level is string/);
  });
});

describe('coco: bad records are skipped with a problem, the rest is read', () => {
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-coco-bad-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('wrong types, unsafe paths, duplicate ids, unknown ids, negative sizes', async () => {
    const file = {
      images: [
        image(1, 'ok.jpg'),
        image(2, '../escape.jpg'),
        image(3, '/abs/path.jpg'),
        image(4, 'http://host/x.jpg'),
        image(1, 'dup.jpg'),
        image(5, 42),
        image(6, 'sizeless.jpg', '640', -1),
        { file_name: 'noid.jpg' },
      ],
      categories: [{ id: 7, name: 'cat' }, { id: 'x' }],
      annotations: [
        box(10, 1, [1, 2, 3, 4], 7),
        box(11, 2, [1, 2, 3, 4], 7),
        box(12, 1, [1, 2, 3, 4], 99),
        box(13, 1, [1, 2, -3, 4], 7),
        box(14, 1, ['1', 2, 3, 4], 7),
        { ...box(15, 1, undefined, 7), segmentation: 'poly' },
        { ...box(16, 1, [1, 2, 3, 4], 7), keypoints: [1, 2] },
        { ...box(17, 6, [1, 2, 3, 4], 7), area: -5 },
        'not an object',
      ],
    };
    const r = await readText('records.json', JSON.stringify(file));
    // An absolute path outside the images folder and a URL are read as their file names (issue 10).
    assert.deepEqual(
      r.samples.map((s) => s.key),
      ['ok.jpg', 'path.jpg', 'x.jpg', 'sizeless.jpg'],
    );
    assert.equal(r.samples[3]?.width, undefined, 'a bad size is dropped, the sample kept');
    // Areas are derived from the boxes (3 × 4) where the file states none or a negative one.
    assert.deepEqual(
      r.annotations.map((a) => [a.originalId, a.area]),
      [
        [10, 12],
        [17, 12],
      ],
    );
    const line = (p: { record?: string; reason: string; severity: string }) =>
      `${p.severity} ${p.record}: ${p.reason}`;
    const problems = r.problems.map(line);
    const expect = [
      /^error images\[1\] \(id 2\): .*leaves the images folder/,
      /^error images\[4\] \(id 1\): image id 1 appears twice/,
      /^error images\[5\] \(id 5\): file_name must be a string/,
      /^warning images\[6\] \(id 6\): width\/height must be positive numbers/,
      /^error images\[7\]: an image needs an id/,
      /^warning images: 2 file_names are an absolute path outside the images folder or a URL/,
      /^error categories\[1\]: a category needs an integer id and a non-empty name/,
      /^error annotations\[1\] \(id 11\): image_id 2 is not in images/,
      /^error annotations\[2\] \(id 12\): category_id 99 is not in categories/,
      /^error annotations\[3\] \(id 13\): bbox has a negative width or height/,
      /^error annotations\[4\] \(id 14\): bbox must be 4 finite numbers/,
      /^error annotations\[5\] \(id 15\): segmentation must be a list of polygons or an RLE/,
      /^error annotations\[6\] \(id 16\): keypoints must be a list of \[x, y, v\] number triplets/,
      /^warning annotations\[7\]: area must be a non-negative number/,
      /^error annotations\[8\]: an annotation must be an object/,
    ];
    assert.equal(problems.length, expect.length, problems.join('\n'));
    expect.forEach((re, i) => {
      assert.match(problems[i] ?? '', re);
    });
    for (const p of r.problems) assert.ok(p.file.endsWith('records.json'));
  });

  it('NaN and Infinity written by Python are read as missing values and reported', async () => {
    const text =
      '{"images": [{"id": 1, "file_name": "a.jpg", "width": NaN, "height": 48}],' +
      ' "categories": [{"id": 1, "name": "cat"}],' +
      ' "annotations": [{"id": 1, "image_id": 1, "category_id": 1, "bbox": [1, 2, NaN, -Infinity]},' +
      ' {"id": 2, "image_id": 1, "category_id": 1, "bbox": [1, 2, 3, 4]}]}';
    const r = await readText('nan.json', text);
    assert.equal(r.samples.length, 1);
    assert.equal(r.samples[0]?.width, undefined);
    assert.deepEqual(
      r.annotations.map((a) => a.originalId),
      [2],
    );
    const reasons = r.problems.map((p) => p.reason);
    assert.match(reasons[0] ?? '', /3 NaN\/Infinity values/);
    assert.match(reasons.join('\n'), /bbox must be 4 finite numbers.*NaN or Infinity in the file/);
  });

  it('an RLE whose counts do not cover the image is skipped', async () => {
    const file = {
      images: [image(1, 'a.jpg')],
      categories: [{ id: 1, name: 'cat' }],
      annotations: [{ id: 1, image_id: 1, category_id: 1, segmentation: { size: [4, 3], counts: [5, 2] } }],
    };
    const r = await readText('rle.json', JSON.stringify(file));
    assert.equal(r.annotations.length, 0);
    assert.match(r.problems[0]?.reason ?? '', /RLE counts add up to 7, not height × width = 12/);
  });
});
