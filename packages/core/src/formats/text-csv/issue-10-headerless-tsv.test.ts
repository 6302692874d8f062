/**
 * Issue 10 (text sets as distributed): TSV files without a header row, as GLUE's CoLA (`source, label,
 * original mark, sentence`) and many `label<TAB>text` sentiment files are. They were refused ("Could not
 * tell which format"; the hint named data values as columns), and `--text-column 2` found no column "2"
 * when named. Now the first row is read as data, columns by number, text and label guessed from the rows
 * (said in a note) or named by number.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createNodeFormatIO } from '../../node/fs-format-io.js';
import { emptyLookup } from '../conformance.js';
import type { ReadResult } from '../dataset.js';
import type { TextFields } from '../define-format.js';
import { toPosix } from '../paths.js';
import { textCsv } from './text-csv-format.js';

const io = createNodeFormatIO();
const read = (path: string, textFields?: TextFields) =>
  textCsv.read({
    path,
    source: 'ground_truth',
    io,
    lookup: emptyLookup,
    ...(textFields ? { textFields } : {}),
  });
const rows = (r: ReadResult) =>
  r.samples.map((s) => [s.key, s.text, r.annotations.filter((a) => a.sample === s.key).map((a) => a.label)]);

describe('issue 10: text TSV files without a header row', () => {
  let dir = '';
  before(async () => {
    dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-headerless-')));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("GLUE's CoLA (no header): detected, every row read, the sentence and the 0/1 column chosen", async () => {
    const path = `${dir}/in_domain_dev.tsv`;
    await writeFile(
      path,
      "gj04\t1\t\tOur friends won't buy this analysis.\ngj04\t0\t*\tThey drank the pub.\nbc01\t1\t\tThe more we study verbs, the crazier they get.\n",
    );
    const found = await textCsv.detect(path, io);
    assert.equal(found?.confidence, 0.6);
    assert.match(found?.reason ?? '', /without a header row: column 4 holds sentences, column 2/);
    const got = await read(path);
    assert.deepEqual(rows(got), [
      ['in_domain_dev#1', "Our friends won't buy this analysis.", ['1']],
      ['in_domain_dev#2', 'They drank the pub.', ['0']],
      ['in_domain_dev#3', 'The more we study verbs, the crazier they get.', ['1']],
    ]);
    assert.deepEqual(got.notes, [
      'no header row: column 4 read as the text, column 2 as the label (choose others with --text-column N --label-column N)',
    ]);
  });

  it('AG News as distributed (headerless quoted CSV, labels 1-4, classes.txt): labels named by its lines', async () => {
    const ag = `${dir}/ag_news_csv`;
    await mkdir(ag);
    await writeFile(`${ag}/classes.txt`, 'World\nSports\nBusiness\nSci/Tech\n');
    await writeFile(
      `${ag}/test.csv`,
      '"3","Fears for T N pension after talks","Unions representing workers at Turner Newall say they are disappointed after talks."\n' +
        '"4","The Race is On","SPACE.com - TORONTO, Canada -- A second team of rocketeers competing for the prize."\n',
    );
    const got = await read(`${ag}/test.csv`);
    assert.deepEqual(
      got.annotations.map((a) => a.label),
      ['Business', 'Sci/Tech'],
    );
    assert.deepEqual(got.notes, [
      'no header row: column 3 read as the text, column 1 as the label (choose others with --text-column N --label-column N)',
      'class names from classes.txt beside the file (label 1 is its first line)',
    ]);
  });

  it('label<TAB>text without a header, columns named by number: the first row is a record too (a header stays one)', async () => {
    const path = `${dir}/sentiment.tsv`;
    await writeFile(path, '1\tthis film is great\n0\tawful acting\n');
    const got = await read(path, { text: '2', labels: ['1'] });
    assert.deepEqual(rows(got), [
      ['sentiment#1', 'this film is great', ['1']],
      ['sentiment#2', 'awful acting', ['0']],
    ]);
    // A first row naming its columns is still the header.
    const headed = `${dir}/headed.tsv`;
    await writeFile(headed, 'review\tstars\ngreat film, would watch again\t5\n');
    assert.deepEqual(rows(await read(headed, { text: 'review', labels: ['stars'] })), [
      ['headed#1', 'great film, would watch again', ['5']],
    ]);
  });
});
