import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AssayError } from '../../errors.js';
import { createNodeFormatIO } from '../../node/fs-format-io.js';
import { fixture as fixturePath } from '../../test-kit/fixtures.js';
import { emptyLookup } from '../conformance.js';
import type { ReadResult } from '../dataset.js';
import type { ProjectLookup } from '../define-format.js';
import type { FormatIO } from '../format-io.js';
import { toPosix } from '../paths.js';
import { lookupFromDataset } from './_test-lookup.js';
import { readCoco } from './read.js';

const fixture = (path: string): string => toPosix(fixturePath(path));

const nodeIO = createNodeFormatIO();
let chunkReads = 0;
/** Counts streamed reads and refuses whole-file reads, to prove which path ran. */
const streamIO: FormatIO = {
  ...nodeIO,
  readText: () => Promise.reject(new Error('the streaming path must not read the whole file')),
  readChunks: (path, size) => {
    chunkReads++;
    return nodeIO.readChunks(path, size);
  },
};

const whole = (path: string, lookup: ProjectLookup = emptyLookup, source = 'ground_truth') =>
  readCoco({ path, source, io: nodeIO, lookup });
/** Threshold 0: every non-empty file is streamed; small odd chunks split records and characters. */
const streamed = (
  path: string,
  lookup: ProjectLookup = emptyLookup,
  source = 'ground_truth',
  chunkSize = 4093,
) => readCoco({ path, source, io: streamIO, lookup }, { streamAbove: 0, chunkSize });

async function sameBothWays(path: string, lookup?: ProjectLookup, source?: string): Promise<ReadResult> {
  const before = chunkReads;
  const expected = await whole(path, lookup, source);
  const actual = await streamed(path, lookup, source);
  assert.equal(chunkReads, before + 1, 'the streaming path ran');
  assert.deepEqual(actual, expected);
  return actual;
}

describe('coco stream: same ReadResult as the whole-file path on fixtures', () => {
  it('val2014 100-image ground truth, and its bbox and segm results', async () => {
    const gtFile = fixture('coco-val2014-100/instances_val2014_100.json');
    const gt = await sameBothWays(gtFile);
    // Counts from fixtures/coco-val2014-100/README.md: 100 images, 80 categories, 839 annotations.
    assert.deepEqual([gt.samples.length, gt.classes.length, gt.annotations.length], [100, 80, 839]);
    const lookup = lookupFromDataset(gt);
    const bbox = await sameBothWays(
      fixture('coco-val2014-100/instances_val2014_fakebbox100_results.json'),
      lookup,
      'prediction:fake',
    );
    assert.equal(bbox.annotations.length, 734, 'README: 734 bbox detections');
    await sameBothWays(
      fixture('coco-val2014-100/instances_val2014_fakesegm100_results.json'),
      lookup,
      'prediction:fake',
    );
  });

  it('synthetic det500 ground truth and detections', async () => {
    const gt = await sameBothWays(fixture('synthetic-det500/det500/gt.json'));
    assert.equal(gt.samples.length, 500, 'det500/meta.json: 500 images');
    await sameBothWays(
      fixture('synthetic-det500/det500/dt_bbox.json'),
      lookupFromDataset(gt),
      'prediction:det',
    );
  });

  it('keypoints 139099 ground truth', async () => {
    await sameBothWays(fixture('coco-keypoints-139099/gt.json'));
  });

  it('one-byte chunks give the same result', async () => {
    const path = fixture('coco-keypoints-139099/gt.json');
    assert.deepEqual(await streamed(path, emptyLookup, 'ground_truth', 1), await whole(path));
  });
});

const image = (id: unknown, file_name: unknown) => ({ id, file_name, width: 64, height: 48 });
const box = (id: unknown, image_id: unknown, bbox: unknown, category_id: unknown = 7) => ({
  id,
  image_id,
  category_id,
  bbox,
});
/** Records with problems of every kind, and multi-byte file names and labels. */
const PARTS: Record<string, unknown> = {
  info: { description: 'héllo {"[' },
  images: [
    image(1, 'ok 猫.jpg'),
    image(2, '../escape.jpg'),
    image(1, 'dup.jpg'),
    image(3, 'émoji 😀.jpg'),
    { file_name: 'noid.jpg' },
  ],
  annotations: [
    box(10, 1, [1, 2, 3, 4]),
    box(11, 2, [1, 2, 3, 4]),
    box(12, 1, [1, 2, 3, 4], 99),
    box(13, 1, [1, 2, -3, 4]),
    { ...box(14, 3, [1, 2, 3, 4], 8), area: -5 },
    { ...box(true, 3, [1, 2, 3, 4]), score: 'high' },
    { id: 15, image_id: 3, caption: 'a cat "on" [a] mat' },
    { ...box(16, 9, 'bad') },
    'not an object',
  ],
  licenses: [{ id: 1, name: 'CC' }],
  categories: [{ id: 7, name: 'chat 猫' }, { id: 'x' }, { id: 8, name: 'dog' }, { id: 9, name: 'dog' }],
};

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
  );
}

describe('coco stream: key order, bad records, truncation and junk', () => {
  let dir = '';
  before(async () => {
    dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-coco-stream-')));
  });
  after(() => rm(dir, { recursive: true, force: true }));
  const write = async (name: string, text: string): Promise<string> => {
    await writeFile(join(dir, name), text);
    return `${dir}/${name}`;
  };

  it('every order of the top-level keys gives the result of the whole-file path', async () => {
    const keys = ['images', 'annotations', 'categories', 'info'];
    for (const order of permutations(keys)) {
      const members = [...order, 'licenses'].map(
        (k) => `${JSON.stringify(k)}: ${JSON.stringify(PARTS[k], null, 1)}`,
      );
      const file = await write('order.json', `{${members.join(',\n')}}`);
      const expected = await whole(file);
      assert.equal(expected.problems.length, 12, 'the document has problems to report');
      for (const chunkSize of [3, 64]) {
        const actual = await streamed(file, emptyLookup, 'ground_truth', chunkSize);
        assert.deepEqual(actual, expected, `${order.join(' ')} in chunks of ${chunkSize}`);
      }
    }
  });

  it('NaN written by Python is read as null, with the same warning', async () => {
    const text = JSON.stringify({
      images: [image(1, 'a.jpg')],
      categories: [{ id: 7, name: 'a' }],
      annotations: [{ ...box(1, 1, [1, 2, 3, 4]), score: 0.5 }],
    });
    const path = await write('nan.json', text.replace('0.5', 'NaN'));
    const result = await sameBothWays(path);
    assert.match(result.problems[0]?.reason ?? '', /1 NaN\/Infinity values/);
  });

  it('a truncated file is a PARSE_ERROR naming the file, the byte offset and the element', async () => {
    const text = readFileSync(fixture('coco-val2014-100/instances_val2014_100.json'), 'utf8');
    const path = await write('truncated.json', text.slice(0, 5000));
    const error = await streamed(path).catch((e: unknown) => e);
    assert.ok(error instanceof AssayError, String(error));
    assert.equal(error.code, 'PARSE_ERROR');
    assert.match(error.message, /truncated\.json is not valid JSON at byte offset 5000: the file ends early/);
    // The file starts with "annotations"; its element 9 starts at byte 4182 (`{"segmentation": ...`).
    assert.match(error.message, /inside element 9 of "annotations", which starts at byte offset 4182/);
    assert.equal(error.details?.offset, 5000);
    assert.match(error.hint ?? '', /truncated/);
  });

  it('junk inside a record is a PARSE_ERROR at its byte offset in the file', async () => {
    const text = '{"images": [{"id": 1, "file_name": "é.jpg"}, {"id": 2, "file_name": "b.jpg",}]}';
    const path = await write('junk.json', text);
    const error = await streamed(path).catch((e: unknown) => e);
    assert.ok(error instanceof AssayError, String(error));
    // After the stray comma a key should start: the "}" at character 76 is byte 77 ("é" is two bytes).
    assert.equal(error.details?.offset, 77);
    assert.match(error.message, /junk\.json is not valid JSON at byte offset 77: expected a quoted key/);
  });

  it('JSON of another shape is INVALID_INPUT, as on the whole-file path', async () => {
    for (const [name, text] of [
      ['other.json', '{"foo": 1, "images": {}}'],
      ['list.json', '[1, 2]'],
      ['string.json', '"x"'],
    ]) {
      const path = await write(name as string, text as string);
      const expected = await whole(path).catch((e: unknown) => e);
      const actual = await streamed(path).catch((e: unknown) => e);
      assert.ok(expected instanceof AssayError && actual instanceof AssayError);
      assert.equal(actual.code, 'INVALID_INPUT');
      assert.equal(actual.message, expected.message);
    }
  });

  it('lists that are not lists are reported as on the whole-file path', async () => {
    const path = await write('not-lists.json', '{"images": [], "categories": {}, "annotations": null}');
    const result = await sameBothWays(path);
    assert.deepEqual(
      result.problems.map((p) => p.record),
      ['categories', 'annotations'],
    );
  });
});
