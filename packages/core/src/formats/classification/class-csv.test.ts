import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AssayError } from '../../errors.js';
import { createNodeFormatIO } from '../../node/fs-format-io.js';
import { sharedFixture } from '../../test-kit/fixtures.js';
import { describeConformance, emptyLookup } from '../conformance.js';
import { toPosix } from '../paths.js';
import { classCsv } from './class-csv-format.js';

describeConformance(classCsv, {
  locate: (outDir) => ({ path: `${outDir}/labels.csv` }),
  skip: {
    missing_image:
      'm2.png carries no classification in the conformance dataset, so the CSV has no row for it',
    coordinate_conventions: 'classification only: the case has boxes, which a path,label CSV cannot hold',
  },
});

const io = createNodeFormatIO();
const read = (path: string, images?: string) =>
  classCsv.read({
    path,
    source: 'prediction:resnet',
    io,
    lookup: emptyLookup,
    ...(images ? { images } : {}),
  });

describe('class-csv', () => {
  let dir = '';
  before(async () => {
    dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-csv-')));
  });
  after(async () => rm(dir, { recursive: true, force: true }));
  const csv = async (name: string, text: string): Promise<string> => {
    await writeFile(`${dir}/${name}`, text);
    return `${dir}/${name}`;
  };

  it('no header: path,label; quoted paths with commas', async () => {
    const r = await read(await csv('plain.csv', 'a.jpg,cat\n"b, copy.jpg",dog\nsub/c.png,cat\n'));
    assert.deepEqual(
      r.annotations.map((a) => [a.sample, a.label]),
      [
        ['a.jpg', 'cat'],
        ['b, copy.jpg', 'dog'],
        ['sub/c.png', 'cat'],
      ],
    );
    assert.deepEqual(
      r.classes.map((c) => c.name),
      ['cat', 'dog'],
    );
    assert.equal(r.imagesRoot, dir);
  });

  it('header with split and score columns in any order', async () => {
    const r = await read(
      await csv('split.csv', 'split,filename,confidence,class\ntrain,a.jpg,0.9,cat\nval,b.jpg,0.25,dog\n'),
    );
    assert.deepEqual(
      r.samples.map((s) => [s.key, s.split]),
      [
        ['a.jpg', 'train'],
        ['b.jpg', 'val'],
      ],
    );
    assert.deepEqual(
      r.annotations.map((a) => [a.label, a.score, a.source]),
      [
        ['cat', 0.9, 'prediction:resnet'],
        ['dog', 0.25, 'prediction:resnet'],
      ],
    );
  });

  it('one probability column per class → probs in class-map order, label = argmax', async () => {
    await writeFile(`${dir}/classes.txt`, 'dog\ncat\n');
    const r = await read(await csv('probs.csv', 'path,cat,dog\na.jpg,0.8,0.2\nb.jpg,0.1,0.9\n'));
    assert.deepEqual(
      r.classes.map((c) => c.name),
      ['dog', 'cat'],
    );
    assert.deepEqual(
      r.annotations.map((a) => [a.sample, a.label, a.score, a.probs]),
      [
        ['a.jpg', 'cat', 0.8, [0.2, 0.8]],
        ['b.jpg', 'dog', 0.9, [0.9, 0.1]],
      ],
    );
    await rm(`${dir}/classes.txt`);
  });

  it('bad rows are per-line problems; the rest is imported', async () => {
    const text = [
      'path,label',
      'ok.jpg,cat',
      'extra.jpg,cat,oops',
      'empty.jpg,',
      '../escape.jpg,dog',
      '/etc/passwd.jpg,dog',
      `${dir}/inside/abs.jpg,dog`,
    ].join('\n');
    const r = await read(await csv('bad.csv', text));
    assert.deepEqual(
      r.annotations.map((a) => a.sample),
      ['ok.jpg', 'inside/abs.jpg'],
    );
    assert.deepEqual(
      r.problems.map((p) => [p.record, p.severity]),
      [
        ['line 3', 'error'],
        ['line 4', 'error'],
        ['line 5', 'error'],
        ['line 6', 'error'],
      ],
    );
    assert.match(r.problems[0]?.reason ?? '', /expected 2 columns, found 3/);
    assert.match(r.problems[1]?.reason ?? '', /label is empty/);
    assert.match(r.problems[2]?.reason ?? '', /leaves the images folder/);
    assert.match(r.problems[3]?.reason ?? '', /absolute/);
  });

  it('a truncated CSV (open quote) is a PARSE_ERROR', async () => {
    const path = await csv('cut.csv', 'path,label\na.jpg,cat\n"b.jpg,do');
    await assert.rejects(
      read(path),
      (e: unknown) => e instanceof AssayError && e.code === 'PARSE_ERROR' && /cut\.csv/.test(e.message),
    );
  });

  it('paths resolve against ReadInput.images when given', async () => {
    const r = await read(await csv('rel.csv', 'x/a.jpg,cat\n'), `${dir}/images-root`);
    assert.equal(r.imagesRoot, `${dir}/images-root`);
    assert.equal(r.samples[0]?.key, 'x/a.jpg');
  });

  it("detect: path + label CSV → 0.8; Label Studio's CSV export is not one", async () => {
    assert.equal(
      (await classCsv.detect(await csv('d.csv', 'image,label\na.jpg,cat\n'), io))?.confidence,
      0.8,
    );
    assert.equal((await classCsv.detect(await csv('d2.csv', 'a.jpg,cat\n'), io))?.confidence, 0.8);
    const ls = toPosix(sharedFixture('format-samples/label-studio/test_export_csv/csv_test2_result.csv'));
    assert.equal(await classCsv.detect(ls, io), undefined);
  });

  it('write keeps split, score and probs columns', async () => {
    const out = `${dir}/out`;
    const dataset = {
      classes: [{ name: 'cat' }, { name: 'dog' }],
      samples: [{ key: 'a.jpg', split: 'val' }],
      annotations: [
        {
          sample: 'a.jpg',
          source: 'prediction:m',
          kind: 'classification' as const,
          label: 'dog',
          score: 0.7,
          probs: [0.3, 0.7],
        },
      ],
    };
    await classCsv.write?.({ dataset, imagesRoot: dir, outDir: out, io, images: 'none' });
    const back = await read(`${out}/labels.csv`);
    assert.deepEqual(back.annotations[0]?.probs, [0.3, 0.7]);
    assert.equal(back.annotations[0]?.score, 0.7);
    assert.equal(back.annotations[0]?.label, 'dog');
    assert.equal(back.samples[0]?.split, 'val');
  });
});
