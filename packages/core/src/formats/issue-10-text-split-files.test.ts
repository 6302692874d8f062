/**
 * Issue 10 (text sets as people download them): a folder of split files was refused ("Could not tell
 * which format", or "is a folder, not a regular file" when named): CoNLL-2003's train.txt/valid.txt/
 * test.txt (BioNLP sets: devel.tsv), WNUT 2017's train/, dev/, test/ folders, a Hugging Face dataset
 * repository's data/<split>-00000-of-00001.parquet shards. Now one import reads every file of the folder,
 * each with the split its name gives.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { createNodeFormatIO } from '../node/fs-format-io.js';
import { emptyLookup } from './conformance.js';
import type { ReadResult } from './dataset.js';
import { detectFormat } from './detect-format.js';
import { formatById, formats } from './index.js';
import { toPosix } from './paths.js';
import { splitOfName } from './text-split-files.js';

const io = createNodeFormatIO();
const read = (id: string, path: string) =>
  formatById(id)!.read({ path, source: 'ground_truth', io, lookup: emptyLookup });
const rows = (r: ReadResult) =>
  r.samples.map((s) => [
    s.key,
    s.split ?? '-',
    r.annotations.filter((a) => a.sample === s.key).map((a) => a.label),
  ]);

describe('issue 10: a folder of split files of a text format is one dataset', () => {
  let dir = '';
  before(async () => {
    dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-split-files-')));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('split names in file names: CoNLL-2003, BioNLP, Hugging Face shards, WNUT', () => {
    const names = [
      'train.txt',
      'valid.txt',
      'devel.tsv',
      'eng.testa',
      'eng.testb',
      'data/test-00000-of-00002.parquet',
    ];
    assert.deepEqual(names.map(splitOfName), ['train', 'val', 'val', 'val', 'test', 'test']);
    assert.deepEqual(['dev/emerging.dev.conll', 'train/wnut17train.conll', 'notes.txt'].map(splitOfName), [
      'val',
      'train',
      undefined,
    ]);
  });

  it('CoNLL-2003 as distributed (train.txt, valid.txt, test.txt): detected and read with its splits', async () => {
    const conll = `${dir}/conll2003`;
    await mkdir(conll);
    const doc = (words: string) => `-DOCSTART- -X- -X- O\n\n${words}\n`;
    await writeFile(`${conll}/train.txt`, doc('EU NNP B-NP B-ORG\nrejects VBZ B-VP O\n'));
    await writeFile(`${conll}/valid.txt`, doc('Peter NNP B-NP B-PER\nBlackburn NNP I-NP I-PER\n'));
    await writeFile(`${conll}/test.txt`, doc('Japan NNP B-NP B-LOC\nwins VBZ B-VP O\n'));
    await writeFile(`${conll}/README.md`, '# CoNLL-2003\n');
    const found = await detectFormat(formats, conll, io);
    assert.equal(found.format.id, 'conll');
    const got = await read('conll', conll);
    assert.deepEqual(rows(got), [
      ['test#1', 'test', ['LOC']],
      ['train#1', 'train', ['ORG']],
      ['valid#1', 'val', ['PER']],
    ]);
    assert.equal(got.notes?.[0], '3 conll files');
  });

  it("WNUT 2017's train/, dev/ and test/ folders: each file read with its folder's split", async () => {
    const wnut = `${dir}/wnut`;
    for (const [folder, file, line] of [
      ['train', 'wnut17train.conll', '@paul\tB-person'],
      ['dev', 'emerging.dev.conll', 'Lisbon\tB-location'],
      ['test', 'emerging.test.annotated', 'Apple\tB-corporation'],
    ] as const) {
      await mkdir(`${wnut}/${folder}`, { recursive: true });
      await writeFile(`${wnut}/${folder}/${file}`, `${line}\nsays\tO\n\n`);
    }
    assert.equal((await detectFormat(formats, wnut, io)).format.id, 'conll');
    assert.deepEqual(rows(await read('conll', wnut)), [
      ['train/wnut17train#1', 'train', ['person']],
      ['dev/emerging.dev#1', 'val', ['location']],
      ['test/emerging.test#1', 'test', ['corporation']],
    ]);
  });

  it('a Hugging Face repository (data/ shards, ids restarting at 0 in each split): no record lost', async () => {
    const hub = `${dir}/hub`;
    await mkdir(`${hub}/data`, { recursive: true });
    await writeFile(`${hub}/README.md`, '---\nlicense: mit\n---\n');
    const instance = await DuckDBInstance.create(':memory:');
    const db = await instance.connect();
    for (const [split, values] of [
      ['train', "('0', 'great match', 'pos'), ('1', 'dull', 'neg')"],
      ['test', "('0', 'fine', 'pos')"],
    ] as const)
      await db.run(
        `COPY (SELECT * FROM (VALUES ${values}) t(id, text, label)) TO '${hub}/data/${split}-00000-of-00001.parquet' (FORMAT parquet)`,
      );
    db.closeSync();
    instance.closeSync();
    assert.equal((await detectFormat(formats, hub, io)).format.id, 'text-jsonl');
    const got = await read('text-jsonl', hub);
    assert.deepEqual(rows(got), [
      ['test-00000-of-00001/0', 'test', ['pos']],
      ['train-00000-of-00001/0', 'train', ['pos']],
      ['train-00000-of-00001/1', 'train', ['neg']],
    ]);
    assert.match(got.notes?.[1] ?? '', /record ids repeat across the files \("0" in more than one\)/);
  });

  it("a model's probabilities in two files of other class orders are aligned to the merged classes", async () => {
    const preds = `${dir}/preds`;
    await mkdir(preds);
    await writeFile(
      `${preds}/train.jsonl`,
      `${JSON.stringify({ text: 'a', probs: { cat: 0.9, dog: 0.1 } })}\n`,
    );
    await writeFile(
      `${preds}/test.jsonl`,
      `${JSON.stringify({ text: 'b', probs: { dog: 0.7, cat: 0.3 } })}\n`,
    );
    const got = await read('text-jsonl', preds);
    assert.deepEqual(got.probsOrder, ['dog', 'cat']);
    assert.deepEqual(
      got.annotations.map((a) => [a.sample, a.label, a.probs]),
      [
        ['test#1', 'dog', [0.7, 0.3]],
        ['train#1', 'cat', [0.1, 0.9]],
      ],
    );
  });

  it('a file named as a split that the format does not read is said, not left out silently', async () => {
    const cut = `${dir}/cut`;
    await mkdir(cut);
    await writeFile(`${cut}/train.txt`, 'EU\tB-ORG\nrejects\tO\n\n');
    await writeFile(`${cut}/valid.txt`, 'Peter\tB-PER\nspoke\tO\n\n');
    await writeFile(`${cut}/test.txt`, Buffer.from([0, 1, 2, 255, 254, 0, 7]));
    const got = await read('conll', cut);
    assert.deepEqual(rows(got), [
      ['train#1', 'train', ['ORG']],
      ['valid#1', 'val', ['PER']],
    ]);
    assert.deepEqual(
      got.problems.map((p) => [p.file, p.severity, p.reason]),
      [
        [
          `${cut}/test.txt`,
          'warning',
          'its name gives the split test, but it is not read as conll (NER as CoNLL/IOB (token and tag per line)); left out',
        ],
      ],
    );
  });

  it('a folder with no file of the named format: a clear error naming it', async () => {
    const empty = `${dir}/empty`;
    await mkdir(empty);
    await writeFile(`${empty}/notes.md`, 'nothing here\n');
    await assert.rejects(read('text-csv', empty), {
      code: 'INVALID_INPUT',
      message: `${empty} is a folder with no text-csv file in it.`,
    });
  });
});
