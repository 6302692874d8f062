/**
 * Issue 10 (text sets nobody here made): JSON as people download and export it. A JSON array of records
 * (Hugging Face's `to_json(lines=False)`, `json.dump(list, indent=2)`), which a Label Studio JSON-MIN
 * export (the same, with an annotator) still wins; Prodigy's `db-out` JSONL, whose rejected and ignored
 * records carry labels that are not labels, and whose choice interface keeps the chosen options in `accept`;
 * a Hugging Face dataset as the Hub serves it (Parquet, its ClassLabel names in the `huggingface` key-value
 * metadata; -1 for "no label" as GLUE's test splits have it; a Sequence of ClassLabel for multi-label),
 * and JSON Lines with the `dataset_info.json` that `save_to_disk` writes beside them; token classification
 * sets (conll2003, wnut_17: `tokens` and `ner_tags`, ints named by ClassLabel or BIO strings).
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { createNodeFormatIO } from '../../node/fs-format-io.js';
import { emptyLookup } from '../conformance.js';
import { detectFormat } from '../detect-format.js';
import { formats } from '../index.js';
import { toPosix } from '../paths.js';
import { textJsonl } from './text-jsonl-format.js';

const io = createNodeFormatIO();
const read = (path: string) => textJsonl.read({ path, source: 'ground_truth', io, lookup: emptyLookup });
const labelled = (r: Awaited<ReturnType<typeof read>>) =>
  r.samples.map((s) => [
    s.key,
    s.text,
    r.annotations
      .filter((a) => a.sample === s.key)
      .map((a) => (a.span ? `${a.label}@${a.span.start}-${a.span.end}` : a.label)),
  ]);

describe('issue 10: text JSON files from the wild', () => {
  let dir = '';
  before(async () => {
    dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-wild-json-')));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('a JSON array of records, pretty-printed with a BOM, is detected and read record by record', async () => {
    const path = `${dir}/train.json`;
    const records = [
      { text: 'great movie', label: 1 },
      { text: 'awful plot', label: 0 },
      { id: 'x7', text: 'Apple buys', entities: [[0, 5, 'ORG']] },
      { label: 1 },
    ];
    await writeFile(path, `\uFEFF${JSON.stringify(records, null, 2)}\r\n`);
    const found = await detectFormat(formats, path, io);
    assert.equal(found.format.id, 'text-jsonl');
    const got = await read(path);
    assert.deepEqual(labelled(got), [
      ['train#1', 'great movie', ['1']],
      ['train#2', 'awful plot', ['0']],
      ['x7', 'Apple buys', ['ORG@0-5']],
    ]);
    assert.deepEqual(
      got.problems.map((p) => [p.record, p.severity]),
      [['record 4', 'error']],
    );
    assert.deepEqual(got.notes, ['a JSON array of 4 records']);
  });

  it('a Label Studio JSON-MIN export (an array of rows with an annotator) is still Label Studio', async () => {
    const path = `${dir}/min.json`;
    await writeFile(path, JSON.stringify([{ id: 1, text: 'a b', sentiment: 'pos', annotator: 1 }]));
    assert.equal((await detectFormat(formats, path, io)).format.id, 'label-studio-text');
  });

  it('Prodigy: records answered reject or ignore are left out and counted; choices read from accept', async () => {
    const path = `${dir}/prodigy.jsonl`;
    const hashes = { _input_hash: 1, _task_hash: 2 };
    const lines = [
      {
        text: 'Apple buys',
        spans: [{ start: 0, end: 5, token_start: 0, token_end: 0, label: 'ORG' }],
        answer: 'accept',
      },
      { text: 'Google sells', spans: [{ start: 0, end: 6, label: 'PERSON' }], answer: 'reject' },
      { text: 'I hate it', label: 'POSITIVE', answer: 'reject' },
      { text: 'skip me', label: 'POSITIVE', answer: 'ignore' },
      { text: 'meh', options: [{ id: 'POS' }, { id: 'NEG' }], accept: ['NEG'], answer: 'accept' },
    ].map((o) => JSON.stringify({ ...o, ...hashes }));
    await writeFile(path, `${lines.join('\n')}\n`);
    const got = await read(path);
    assert.deepEqual(labelled(got), [
      ['prodigy#1', 'Apple buys', ['ORG@0-5']],
      ['prodigy#5', 'meh', ['NEG']],
    ]);
    assert.deepEqual(got.notes, [
      '2 Prodigy records answered "reject" left out (not labels)',
      '1 Prodigy record answered "ignore" left out (not labels)',
    ]);
  });

  const features = {
    text: { dtype: 'string', _type: 'Value' },
    label: { names: ['negative', 'positive'], _type: 'ClassLabel' },
    topics: { feature: { names: ['sports', 'politics', 'tech'], _type: 'ClassLabel' }, _type: 'Sequence' },
  };

  it('a Hugging Face Parquet file: detected; int labels named from its ClassLabel metadata, -1 is no label', async () => {
    const path = `${dir}/train-00000-of-00001.parquet`;
    const instance = await DuckDBInstance.create(':memory:');
    const db = await instance.connect();
    const meta = JSON.stringify({ info: { features } }).replaceAll("'", "''");
    await db.run(
      `COPY (SELECT * FROM (VALUES ('great match', 1::BIGINT, [0]), ('new chip law', 0::BIGINT, [1, 2]),
         ('unlabelled', -1::BIGINT, []::BIGINT[])) t(text, label, topics))
       TO '${path}' (FORMAT parquet, KV_METADATA {huggingface: '${meta}'})`,
    );
    db.closeSync();
    instance.closeSync();
    assert.equal((await detectFormat(formats, path, io)).format.id, 'text-jsonl');
    const got = await textJsonl.read({
      path,
      source: 'ground_truth',
      io,
      lookup: emptyLookup,
      textFields: { labels: ['label', 'topics'] },
    });
    assert.deepEqual(labelled(got), [
      ['train-00000-of-00001#1', 'great match', ['positive', 'sports']],
      ['train-00000-of-00001#2', 'new chip law', ['negative', 'politics', 'tech']],
      ['train-00000-of-00001#3', 'unlabelled', []],
    ]);
    assert.deepEqual(got.notes, [
      'a Parquet table of 3 records',
      'class names of label, topics from the Hugging Face features (ClassLabel)',
    ]);
  });

  it('JSON Lines with int labels and the dataset_info.json beside them: the labels are named', async () => {
    await mkdir(`${dir}/saved`);
    await writeFile(`${dir}/saved/dataset_info.json`, JSON.stringify({ features }));
    const path = `${dir}/saved/test.jsonl`;
    await writeFile(path, '{"text": "fine", "label": 1}\n{"text": "bad", "label": 0}\n');
    assert.deepEqual(labelled(await read(path)), [
      ['test#1', 'fine', ['positive']],
      ['test#2', 'bad', ['negative']],
    ]);
  });

  it('token classification records (tokens + ner_tags): the tokens as text, the tags as spans', async () => {
    await mkdir(`${dir}/conll2003`);
    const names = ['O', 'B-PER', 'I-PER', 'B-ORG', 'I-ORG', 'B-LOC', 'I-LOC', 'B-MISC', 'I-MISC'];
    await writeFile(
      `${dir}/conll2003/dataset_info.json`,
      JSON.stringify({
        features: {
          tokens: { feature: { dtype: 'string', _type: 'Value' }, _type: 'Sequence' },
          ner_tags: { feature: { names, _type: 'ClassLabel' }, _type: 'Sequence' },
        },
      }),
    );
    const path = `${dir}/conll2003/train.jsonl`;
    const rows = [
      {
        id: '0',
        tokens: ['EU', 'rejects', 'German', 'call'],
        pos_tags: [22, 42, 16, 21],
        ner_tags: [3, 0, 7, 0],
      },
      { id: '1', tokens: ['Peter', 'Blackburn'], pos_tags: [22, 22], ner_tags: [1, 2] },
      // Tags as BIO strings (a set saved without ClassLabel names).
      { id: '2', tokens: ['New', 'York'], ner_tags: ['B-LOC', 'I-LOC'] },
    ];
    await writeFile(path, `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`);
    const found = await detectFormat(formats, path, io);
    assert.equal(found.format.id, 'text-jsonl');
    assert.match(found.detection.reason, /"tokens" and "ner_tags"/);
    const got = await read(path);
    assert.deepEqual(labelled(got), [
      ['0', 'EU rejects German call', ['ORG@0-2', 'MISC@11-17']],
      ['1', 'Peter Blackburn', ['PER@0-15']],
      ['2', 'New York', ['LOC@0-8']],
    ]);
    const per = got.annotations.find((a) => a.label === 'PER');
    assert.deepEqual([per?.span?.tokenStart, per?.span?.tokenEnd], [0, 2]);
  });
});
