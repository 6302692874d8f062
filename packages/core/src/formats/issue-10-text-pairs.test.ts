/**
 * Issue 10 (sentence-pair sets: GLUE's QNLI, RTE, MNLI, SNLI, CLUE's text_a/text_b), written from their
 * descriptions. QNLI's TSV (`index, question, sentence, label`) was read with the sentence alone as the
 * text, the question dropped without a word; MNLI/SNLI JSON Lines (`premise`/`hypothesis`,
 * `sentence1`/`sentence2`, SNLI's `gold_label`) were not detected ("no text field"). Now both texts of a
 * pair are the sample's text, joined by a line break, and a note says so.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createNodeFormatIO } from '../node/fs-format-io.js';
import { emptyLookup } from './conformance.js';
import type { ReadResult } from './dataset.js';
import { detectFormat } from './detect-format.js';
import { formatById, formats } from './index.js';
import { toPosix } from './paths.js';

const io = createNodeFormatIO();
const read = (id: string, path: string) =>
  formatById(id)!.read({ path, source: 'ground_truth', io, lookup: emptyLookup });
const rows = (r: ReadResult) =>
  r.samples.map((s) => [s.text, r.annotations.filter((a) => a.sample === s.key).map((a) => a.label)]);

describe('issue 10: sentence pairs', () => {
  let dir = '';
  before(async () => {
    dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-pairs-')));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("QNLI's TSV: the question and the sentence are the text (the question was dropped)", async () => {
    const path = `${dir}/qnli-dev.tsv`;
    await writeFile(
      path,
      'index\tquestion\tsentence\tlabel\n0\tWhat came into force after the new constitution was herald?\tAs of that day, the new constitution heralding the Second Republic came into force.\tentailment\n',
    );
    assert.equal((await detectFormat(formats, path, io)).format.id, 'text-csv');
    const got = await read('text-csv', path);
    assert.deepEqual(rows(got), [
      [
        'What came into force after the new constitution was herald?\nAs of that day, the new constitution heralding the Second Republic came into force.',
        ['entailment'],
      ],
    ]);
    assert.deepEqual(got.notes, ['text pairs: "question" and "sentence" joined with a line break']);
  });

  it('MNLI and SNLI JSON Lines (premise/hypothesis; sentence1/sentence2 with gold_label): detected and read', async () => {
    const mnli = `${dir}/mnli.jsonl`;
    await writeFile(
      mnli,
      `${JSON.stringify({ premise: 'A man eats.', hypothesis: 'Someone eats.', label: 'entailment', idx: 0 })}\n`,
    );
    assert.equal((await detectFormat(formats, mnli, io)).format.id, 'text-jsonl');
    assert.deepEqual(rows(await read('text-jsonl', mnli)), [['A man eats.\nSomeone eats.', ['entailment']]]);
    const snli = `${dir}/snli_1.0_dev.jsonl`;
    await writeFile(
      snli,
      `${JSON.stringify({ annotator_labels: ['neutral'], gold_label: 'neutral', pairID: '1', sentence1: 'Two women hug.', sentence2: 'They are sisters.' })}\n${JSON.stringify({ gold_label: 'contradiction', sentence1: 'A dog runs.' })}\n`,
    );
    const got = await read('text-jsonl', snli);
    assert.deepEqual(rows(got), [['Two women hug.\nThey are sisters.', ['neutral']]]);
    assert.match(got.problems[0]?.reason ?? '', /has no text fields "sentence1" and "sentence2"/);
    assert.equal(got.notes?.[0], 'text pairs: "sentence1" and "sentence2" joined with a line break');
  });
});
