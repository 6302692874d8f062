import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createNodeFormatIO } from '../../node/fs-format-io.js';
import { sharedFixture } from '../../test-kit/fixtures.js';
import { TEXT_FORMAT_SKIPS } from '../_text-conformance-kit.js';
import { describeConformance, emptyLookup } from '../conformance.js';
import { toPosix } from '../paths.js';
import { textCsv } from './text-csv-format.js';

describeConformance(textCsv, { skip: TEXT_FORMAT_SKIPS });

const io = createNodeFormatIO();

describe('text-csv', () => {
  let dir = '';
  before(async () => {
    dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-text-csv-')));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads banking77: 10,003 train and 3,080 test rows, 77 labels, quoted line breaks kept', async () => {
    // Counts from ../shared/fixtures/banking77/README.md (train 10,003 rows, test 3,080; 77 labels).
    const train = await textCsv.read({
      path: sharedFixture('banking77/train.csv'),
      source: 'ground_truth',
      io,
      lookup: emptyLookup,
    });
    const test = await textCsv.read({
      path: sharedFixture('banking77/test.csv'),
      source: 'ground_truth',
      io,
      lookup: emptyLookup,
    });
    assert.equal(train.samples.length, 10003);
    assert.equal(test.samples.length, 3080);
    assert.equal(train.problems.length, 0);
    assert.equal(train.classes.length, 77);
    assert.equal(train.annotations.length, 10003);
    assert.ok(train.samples.every((s) => s.kind === 'text' && typeof s.text === 'string'));
    assert.ok(
      train.samples.some((s) => s.text?.includes('\n')),
      'a text with a line break inside quotes',
    );
    assert.equal(train.samples[0]?.key, 'train#1');
    assert.equal(train.samples[0]?.text, 'I am still waiting on my card?');
    assert.equal(train.annotations[0]?.label, 'card_arrival');
  });

  it('tricky CSV: BOM, CRLF, quotes, line breaks, chosen columns, multi-label, empty labels', async () => {
    const path = `${dir}/tricky.csv`;
    await writeFile(
      path,
      '\uFEFFuid,body,topic,topic2\r\n' +
        'a1,"Hello, ""world""\r\nsecond line",greeting,\r\n' +
        'a2,plain,news,sports\r\n' +
        'a3,no label,,\r\n' +
        'a4,"broken",x\r\n',
    );
    const got = await textCsv.read({
      path,
      source: 'ground_truth',
      io,
      lookup: emptyLookup,
      textFields: { text: 'body', labels: ['topic', 'topic2'], id: 'uid' },
    });
    assert.deepEqual(
      got.samples.map((s) => [s.key, s.text]),
      [
        ['a1', 'Hello, "world"\r\nsecond line'],
        ['a2', 'plain'],
        ['a3', 'no label'],
      ],
    );
    assert.deepEqual(
      got.annotations.map((a) => `${a.sample}:${a.label}`),
      ['a1:greeting', 'a2:news', 'a2:sports'],
    );
    assert.equal(got.problems.length, 1);
    assert.match(got.problems[0]?.record ?? '', /line 6/); // the header, a1 over two lines, a2, a3, then a4
    // Round trip: written as id,text,label,label_2 and read again by the default column names.
    await textCsv.write?.({ dataset: got, imagesRoot: dir, outDir: `${dir}/out`, io });
    const back = await textCsv.read({
      path: `${dir}/out/text.csv`,
      source: 'ground_truth',
      io,
      lookup: emptyLookup,
    });
    assert.deepEqual(
      back.samples.map((s) => [s.key, s.text]),
      got.samples.map((s) => [s.key, s.text]),
    );
    assert.deepEqual(
      back.annotations.map((a) => `${a.sample}:${a.label}`),
      ['a1:greeting', 'a2:news', 'a2:sports'],
    );
    assert.match(await readFile(`${dir}/out/text.csv`, 'utf8'), /^id,text,label,label_2\n/);
  });

  it('TSV and a missing named column', async () => {
    const path = `${dir}/t.tsv`;
    await writeFile(path, 'sentence\tlabel\nhi there\tpos\n');
    const got = await textCsv.read({ path, source: 'ground_truth', io, lookup: emptyLookup });
    assert.deepEqual(
      got.samples.map((s) => s.text),
      ['hi there'],
    );
    await assert.rejects(
      textCsv.read({ path, source: 'ground_truth', io, lookup: emptyLookup, textFields: { text: 'body' } }),
      /no column "body"/,
    );
  });
});
