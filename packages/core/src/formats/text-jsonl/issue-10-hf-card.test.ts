/**
 * Issue 10 (Hugging Face dataset repositories as cloned from the Hub): the class names of an int label
 * live in the dataset card, README.md's YAML front matter (`dataset_info: features: - name: label dtype:
 * class_label: names: '0': neg`), or in a legacy `dataset_infos.json` (features per config), not beside the
 * CSV/JSONL/Parquet splits in data/. On main the classes came out as "0" and "1". Cards written here from
 * the Hub's dataset card specification (huggingface_hub's DatasetCardData, `datasets`' YAML features).
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { createNodeFormatIO } from '../../node/fs-format-io.js';
import { emptyLookup } from '../conformance.js';
import type { ReadResult } from '../dataset.js';
import { formatById } from '../index.js';
import { toPosix } from '../paths.js';

const io = createNodeFormatIO();
const read = (format: string, path: string) =>
  formatById(format)!.read({ path, source: 'ground_truth', io, lookup: emptyLookup });
const labels = (r: ReadResult) => r.annotations.map((a) => `${a.sample} ${a.label}`);

const CARD = `---
language:
- en
dataset_info:
  config_name: plain_text
  features:
  - name: text
    dtype: string
  - name: label
    dtype:
      class_label:
        names:
          '0': neg
          '1': pos
  splits:
  - name: train
    num_examples: 2
configs:
- config_name: plain_text
  data_files:
  - split: train
    path: data/train-*
---

# Dataset Card for "reviews"
`;

/** Two configs, each with its own classes; fine's `labels` a sequence of ClassLabel (multi-label). */
const CONFIGS = `---
dataset_info:
- config_name: coarse
  features:
  - name: text
    dtype: string
  - name: label
    dtype:
      class_label:
        names:
          '0': news
          '1': sport
- config_name: fine
  features:
  - name: text
    dtype: string
  - name: labels
    sequence:
      class_label:
        names:
          '0': football
          '1': tennis
          '2': politics
configs:
- config_name: coarse
  data_files: texts/coarse-*.jsonl
---
`;

describe('issue 10: class names from a Hugging Face dataset card', () => {
  let dir = '';
  before(async () => {
    dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-hf-card-')));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("CSV splits in data/: int labels named by README.md's dataset_info", async () => {
    const repo = `${dir}/reviews`;
    await mkdir(`${repo}/data`, { recursive: true });
    await writeFile(`${repo}/README.md`, CARD);
    await writeFile(`${repo}/data/train.csv`, 'text,label\n"loved it, great",1\ndull,0\n');
    await writeFile(`${repo}/data/test.csv`, 'text,label\nfine,1\n');
    const got = await read('text-csv', repo);
    assert.deepEqual(labels(got), ['test#1 pos', 'train#1 pos', 'train#2 neg']);
    assert.ok(got.notes?.some((n) => /class names of label from the Hugging Face features/.test(n)));
    // One file named alone finds the card a folder up too.
    assert.deepEqual(labels(await read('text-csv', `${repo}/data/test.csv`)), ['test#1 pos']);
  });

  it("JSON Lines in a config's folder: that config's classes; a sequence of class_label is multi-label", async () => {
    const repo = `${dir}/news`;
    await mkdir(`${repo}/fine`, { recursive: true });
    await writeFile(`${repo}/README.md`, CONFIGS);
    await writeFile(
      `${repo}/fine/train.jsonl`,
      `${JSON.stringify({ text: 'Wimbledon opens', labels: [1] })}\n${JSON.stringify({ text: 'Vote on football', labels: [2, 0] })}\n`,
    );
    const got = await read('text-jsonl', `${repo}/fine/train.jsonl`);
    assert.deepEqual(labels(got), ['train#1 tennis', 'train#2 politics', 'train#2 football']);
    // A card above a folder it does not place (not data/, no config's name, no data_files pattern) is not taken.
    await mkdir(`${repo}/notes`, { recursive: true });
    await writeFile(`${repo}/notes/more.jsonl`, `${JSON.stringify({ text: 'x', labels: [1] })}\n`);
    assert.deepEqual(labels(await read('text-jsonl', `${repo}/notes/more.jsonl`)), ['more#1 1']);
    // A data_files pattern places a file: the coarse config's classes.
    await mkdir(`${repo}/texts`, { recursive: true });
    await writeFile(`${repo}/texts/coarse-train.jsonl`, `${JSON.stringify({ text: 'x', label: 1 })}\n`);
    assert.deepEqual(labels(await read('text-jsonl', `${repo}/texts/coarse-train.jsonl`)), [
      'coarse-train#1 sport',
    ]);
  });

  it('a legacy dataset_infos.json beside Parquet written without Hugging Face metadata', async () => {
    const repo = `${dir}/legacy`;
    await mkdir(repo, { recursive: true });
    await writeFile(
      `${repo}/dataset_infos.json`,
      JSON.stringify({
        default: {
          features: {
            sentence: { dtype: 'string', _type: 'Value' },
            label: { names: ['unacceptable', 'acceptable'], _type: 'ClassLabel' },
          },
        },
      }),
    );
    const instance = await DuckDBInstance.create(':memory:');
    const db = await instance.connect();
    await db.run(
      `COPY (SELECT * FROM (VALUES ('The book was read.', 1), ('Book the read.', 0)) t(sentence, label)) TO '${repo}/train.parquet' (FORMAT parquet)`,
    );
    db.closeSync();
    instance.closeSync();
    const got = await read('text-jsonl', `${repo}/train.parquet`);
    assert.deepEqual(
      got.annotations.map((a) => a.label),
      ['acceptable', 'unacceptable'],
    );
  });
});
