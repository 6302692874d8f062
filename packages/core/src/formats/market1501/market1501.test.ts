/**
 * Issue 10: Market-1501 person re-ID folders (Zheng et al., "Scalable Person Re-identification: A
 * Benchmark", 2015; its readme: bounding_box_train/, bounding_box_test/ (the gallery), query/, gt_bbox/;
 * "0001_c1s1_001051_00.jpg": identity 0001, camera 1, sequence 1, frame 001051, box 00; identity -1:
 * junk images, 0000: distractors). DukeMTMC-reID names its images 0001_c2_f0046182.jpg. The images are
 * rendered here. Before: claimed as class folders (bounding_box_train, bounding_box_test and query
 * read as the classes).
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AssayError } from '../../errors.js';
import { createNodeFormatIO } from '../../node/fs-format-io.js';
import { describeConformance, emptyLookup, renderImage } from '../conformance.js';
import { detectFormat } from '../detect-format.js';
import { formats } from '../index.js';
import { toPosix } from '../paths.js';
import { market1501 } from './market1501-format.js';

// Read only: the suite's cases all write first, so each is skipped with that reason.
describeConformance(market1501);

const io = createNodeFormatIO();
const read = (path: string) => market1501.read({ path, source: 'ground_truth', io, lookup: emptyLookup });

describe('issue 10: Market-1501 re-ID folders', () => {
  let dir = '';
  before(async () => {
    dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-market-')));
    for (const f of [
      'bounding_box_train/0002_c1s1_000451_03.jpg',
      'bounding_box_train/0007_c2s3_070952_01.jpg',
      'bounding_box_test/0000_c1s1_000151_01.jpg',
      'bounding_box_test/-1_c3s2_000401_02.jpg',
      'bounding_box_test/0001_c1s1_001051_00.jpg',
      'query/0001_c2s3_000111_00.jpg',
      'duke/bounding_box_train/0005_c2_f0046182.jpg',
      'cats/train/tabby/0001_c1s1_000001_00.jpg',
      'cats/train/siamese/a.jpg',
    ])
      await renderImage(`${dir}/${f}`, 8, 16);
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('identities as classes, cameras as attributes, junk and distractors without a class', async () => {
    const found = await detectFormat(formats, dir, io);
    assert.equal(found.format.id, 'market1501');
    const r = await read(dir);
    assert.equal(r.imagesRoot, dir);
    assert.deepEqual(
      r.classes.map((c) => c.name),
      ['0001', '0002', '0007'],
    );
    assert.deepEqual(
      r.samples.map((s) => [s.key, s.split, s.tags?.join(' ')]),
      [
        ['bounding_box_train/0002_c1s1_000451_03.jpg', 'train', 'train'],
        ['bounding_box_train/0007_c2s3_070952_01.jpg', 'train', 'train'],
        ['bounding_box_test/-1_c3s2_000401_02.jpg', 'test', 'gallery junk'],
        ['bounding_box_test/0000_c1s1_000151_01.jpg', 'test', 'gallery distractor'],
        ['bounding_box_test/0001_c1s1_001051_00.jpg', 'test', 'gallery'],
        ['query/0001_c2s3_000111_00.jpg', 'test', 'query'],
      ],
    );
    assert.deepEqual(r.samples[0]?.metadata, {
      identity: '0002',
      camera: 1,
      sequence: 1,
      frame: 451,
      box: 3,
    });
    assert.deepEqual(
      r.annotations.map((a) => [a.sample.split('/')[0], a.kind, a.label, a.attributes?.camera]),
      [
        ['bounding_box_train', 'classification', '0002', 1],
        ['bounding_box_train', 'classification', '0007', 2],
        ['bounding_box_test', 'classification', '0001', 1],
        ['query', 'classification', '0001', 2],
      ],
    );
    assert.ok(
      r.notes?.includes(
        '1 junk image (identity -1) and 1 distractor (identity 0000) read without a class, tagged junk and distractor',
      ),
    );
  });

  it('DukeMTMC-reID names and one named folder; class folders stay class folders', async () => {
    const duke = await read(`${dir}/duke`);
    assert.deepEqual(duke.samples[0]?.metadata, { identity: '0005', camera: 2, frame: 46182 });
    const one = await read(`${dir}/query`);
    assert.equal(one.imagesRoot, dir);
    assert.deepEqual(
      one.samples.map((s) => s.key),
      ['query/0001_c2s3_000111_00.jpg'],
    );
    assert.equal((await detectFormat(formats, `${dir}/cats`, io)).format.id, 'class-folders');
    await assert.rejects(read(`${dir}/cats`), (e: unknown) => {
      assert.ok(e instanceof AssayError);
      assert.match(e.message, /is not a Market-1501 layout/);
      return true;
    });
  });
});
