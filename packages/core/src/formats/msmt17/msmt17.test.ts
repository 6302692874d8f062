/**
 * Issue 10: MSMT17 person re-ID lists (Wei et al., "Person Transfer GAN to Bridge Domain Gap for Person
 * Re-Identification", CVPR 2018; as torchreid and fast-reid read it): MSMT17_V1/ holds train/ and test/
 * (MSMT17_V2: mask_train_v2/, mask_test_v2/), list_train.txt and list_val.txt naming images of the
 * first, list_query.txt and list_gallery.txt of the second, one `0000/0000_000_01_0303morning_0015_0.jpg 0`
 * per line (identity folder, image; identity), the identities numbered from 0 in each part. The images
 * are rendered here. Before: no format claimed the folder (four image lists, none sure).
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AssayError } from '../../errors.js';
import { createNodeFormatIO } from '../../node/fs-format-io.js';
import { describeConformance, emptyLookup, renderImage } from '../conformance.js';
import { detectFormat } from '../detect-format.js';
import { formats } from '../index.js';
import { toPosix } from '../paths.js';
import { msmt17 } from './msmt17-format.js';

// Read only: the suite's cases all write first, so each is skipped with that reason.
describeConformance(msmt17);

const io = createNodeFormatIO();
const read = (path: string) => msmt17.read({ path, source: 'ground_truth', io, lookup: emptyLookup });

describe('issue 10: MSMT17 re-ID lists', () => {
  let dir = '';
  before(async () => {
    dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-msmt-')));
    for (const f of [
      'v1/train/0000/0000_000_01_0303morning_0015_0.jpg',
      'v1/train/0000/0000_001_01_0303morning_0016_0.jpg',
      'v1/train/0001/0001_000_05_0303morning_0035_1.jpg',
      'v1/test/0000/0000_000_02_0113morning_0010_0.jpg',
      'v1/test/0000/0000_001_07_0113noon_0020_1.jpg',
      'v2/mask_test_v2/0003/0003_000_12_0113afternoon_0100_0.jpg',
    ])
      await renderImage(`${dir}/${f}`, 8, 16);
    const put = (f: string, lines: string[]) => writeFile(`${dir}/${f}`, `${lines.join('\n')}\n`);
    await put('v1/list_train.txt', [
      '0000/0000_000_01_0303morning_0015_0.jpg 0',
      '0001/0001_000_05_0303morning_0035_1.jpg 1',
    ]);
    await put('v1/list_val.txt', ['0000/0000_001_01_0303morning_0016_0.jpg 0', '../../escape.jpg 2']);
    await put('v1/list_query.txt', ['0000/0000_000_02_0113morning_0010_0.jpg 0']);
    await put('v1/list_gallery.txt', ['0000/0000_001_07_0113noon_0020_1.jpg 0']);
    await put('v2/list_gallery.txt', ['0003/0003_000_12_0113afternoon_0100_0.jpg 3']);
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('splits and tags from the lists, identities per part as classes, cameras as attributes', async () => {
    const found = await detectFormat(formats, `${dir}/v1`, io);
    assert.equal(found.format.id, 'msmt17');
    const r = await read(`${dir}/v1`);
    assert.equal(r.imagesRoot, `${dir}/v1`);
    assert.deepEqual(
      r.classes.map((c) => c.name),
      ['test/0000', 'train/0000', 'train/0001'],
    );
    assert.deepEqual(
      r.samples.map((s) => [s.key, s.split, s.tags?.join(' ')]),
      [
        ['train/0000/0000_000_01_0303morning_0015_0.jpg', 'train', 'train'],
        ['train/0001/0001_000_05_0303morning_0035_1.jpg', 'train', 'train'],
        ['train/0000/0000_001_01_0303morning_0016_0.jpg', 'val', 'val'],
        ['test/0000/0000_000_02_0113morning_0010_0.jpg', 'test', 'query'],
        ['test/0000/0000_001_07_0113noon_0020_1.jpg', 'test', 'gallery'],
      ],
    );
    assert.deepEqual(r.samples[1]?.metadata, {
      identity: 'train/0001',
      camera: 5,
      time: '0303morning',
      frame: 35,
    });
    assert.deepEqual(
      r.annotations.map((a) => [a.label, a.attributes?.camera]),
      [
        ['train/0000', 1],
        ['train/0001', 5],
        ['train/0000', 1],
        ['test/0000', 2],
        ['test/0000', 7],
      ],
    );
    assert.deepEqual(
      r.problems.map((p) => [p.file.split('/').pop(), p.record, p.severity]),
      [['list_val.txt', 'line 2', 'error']],
    );
  });

  it("MSMT17_V2's mask_test_v2/, one list named alone; image lists elsewhere stay image lists", async () => {
    const v2 = await read(`${dir}/v2`);
    assert.deepEqual(
      v2.samples.map((s) => [s.key, s.tags?.join(' ')]),
      [['mask_test_v2/0003/0003_000_12_0113afternoon_0100_0.jpg', 'gallery']],
    );
    const one = await read(`${dir}/v1/list_query.txt`);
    assert.deepEqual(
      one.samples.map((s) => s.key),
      ['test/0000/0000_000_02_0113morning_0010_0.jpg'],
    );
    await writeFile(`${dir}/train.txt`, 'a.jpg 0\n');
    assert.equal((await detectFormat(formats, `${dir}/train.txt`, io)).format.id, 'image-list');
    await assert.rejects(read(`${dir}/train.txt`), (e: unknown) => {
      assert.ok(e instanceof AssayError);
      assert.match(e.message, /is not an MSMT17 layout/);
      return true;
    });
  });
});
