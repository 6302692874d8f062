/**
 * Issue 10 (text sets nobody here made): CSV as spreadsheets and pandas write it. `;` separators, a
 * Latin-1 file (refused with the conversion, not stored with U+FFFD in place of its letters), lists in a
 * label cell (JSON, Python), one-hot label columns (Jigsaw, GoEmotions), and a CSV whose text column has
 * another name, named among the weak guesses with the options to give; int labels named by the
 * `dataset_info.json` Hugging Face writes beside a saved dataset.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createNodeFormatIO } from '../../node/fs-format-io.js';
import { emptyLookup } from '../conformance.js';
import { detectFormat } from '../detect-format.js';
import { formats } from '../index.js';
import { toPosix } from '../paths.js';
import { textCsv } from './text-csv-format.js';

const io = createNodeFormatIO();
const read = (path: string, labels?: string[], text?: string) =>
  textCsv.read({
    path,
    source: 'ground_truth',
    io,
    lookup: emptyLookup,
    ...(labels || text ? { textFields: { ...(labels ? { labels } : {}), ...(text ? { text } : {}) } } : {}),
  });
const labelled = (r: Awaited<ReturnType<typeof read>>) =>
  r.samples.map((s) => [s.text, r.annotations.filter((a) => a.sample === s.key).map((a) => a.label)]);

describe('issue 10: text CSV files from the wild', () => {
  let dir = '';
  before(async () => {
    dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-wild-csv-')));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('a `;`-separated .csv (a spreadsheet where the comma is the decimal mark)', async () => {
    const path = `${dir}/semi.csv`;
    await writeFile(path, 'text;label\n"Hello; world, 3,5 %";pos\n"two\nlines";neg\n');
    assert.equal((await detectFormat(formats, path, io)).format.id, 'text-csv');
    assert.deepEqual(labelled(await read(path)), [
      ['Hello; world, 3,5 %', ['pos']],
      ['two\nlines', ['neg']],
    ]);
  });

  it('a Latin-1 file is refused naming the line and the conversion; a U+FFFD written as UTF-8 is kept', async () => {
    const path = `${dir}/latin1.csv`;
    await writeFile(path, Buffer.from('text,label\ncaf\xe9 cr\xe8me,pos\n', 'latin1'));
    await assert.rejects(read(path), (e: Error & { hint?: string }) => {
      assert.match(e.message, /latin1\.csv is not UTF-8 text: line 2 holds bytes that are not UTF-8/);
      assert.match(e.hint ?? '', /iconv -f windows-1252 -t utf-8 .*latin1\.csv > utf8-latin1\.csv/);
      return true;
    });
    const utf8 = `${dir}/replacement.csv`;
    await writeFile(utf8, 'text,label\ngame \u2764\uFFFD,pos\n');
    assert.deepEqual(labelled(await read(utf8)), [['game \u2764\uFFFD', ['pos']]]);
  });

  it('lists in a label cell are several labels (JSON, and Python as pandas writes them)', async () => {
    const path = `${dir}/multi.csv`;
    await writeFile(path, 'text,labels\nfoo,"[""a"", ""c""]"\nbar,"[\'b\', \'a\']"\nbaz,[1]\n');
    assert.deepEqual(labelled(await read(path)), [
      ['foo', ['a', 'c']],
      ['bar', ['b', 'a']],
      ['baz', ['1']],
    ]);
  });

  it('one-hot label columns named with --label-column: each text gets the names of the columns set to 1', async () => {
    const path = `${dir}/jigsaw.csv`;
    await writeFile(path, 'id,comment_text,toxic,obscene,insult\n1,you suck,1,0,1\n2,nice,0,0,0\n');
    await assert.rejects(detectFormat(formats, path, io), (e: Error & { hint?: string }) => {
      assert.match(
        e.hint ?? '',
        /text-csv \(30%: a CSV with the columns id, comment_text, toxic, obscene, insult and none named as the text .*--text-column <column> --label-column <column\(s\)>\)/,
      );
      return true;
    });
    const got = await read(path, ['toxic', 'obscene', 'insult'], 'comment_text');
    assert.deepEqual(labelled(got), [
      ['you suck', ['toxic', 'insult']],
      ['nice', []],
    ]);
    assert.match(got.notes?.join('\n') ?? '', /hold 0\/1 flags/);
  });

  it('int labels (Hugging Face to_csv) named by the dataset_info.json beside the file; -1 is no label', async () => {
    await mkdir(`${dir}/sst2`);
    const names = { names: ['negative', 'positive'], _type: 'ClassLabel' };
    await writeFile(`${dir}/sst2/dataset_info.json`, JSON.stringify({ features: { label: names } }));
    const path = `${dir}/sst2/test.csv`;
    await writeFile(path, 'sentence,label\nit is fine,1\ndull,0\nhidden,-1\n');
    const got = await read(path);
    assert.deepEqual(labelled(got), [
      ['it is fine', ['positive']],
      ['dull', ['negative']],
      ['hidden', []],
    ]);
    assert.deepEqual(got.notes, ['class names of label from the Hugging Face features (ClassLabel)']);
  });
});
