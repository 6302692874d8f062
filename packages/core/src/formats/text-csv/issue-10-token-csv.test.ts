/**
 * Issue 10 (text sets nobody here made): NER as one token a CSV row, as Kaggle's "Annotated Corpus for
 * Named Entity Recognition" (GMB) ships it (`ner_dataset.csv`: `Sentence #,Word,POS,Tag`, the sentence
 * named on its first row only, IOB2 tags such as B-geo) and as pandas writes a token table (a sentence id
 * on every row). Built here from the dataset's description; before, a weak guess whose columns made one
 * sample per token.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createNodeFormatIO } from '../../node/fs-format-io.js';
import { emptyLookup } from '../conformance.js';
import { detectFormat } from '../detect-format.js';
import { formats } from '../index.js';
import { toPosix } from '../paths.js';

const io = createNodeFormatIO();
async function imported(path: string) {
  const { format } = await detectFormat(formats, path, io);
  const got = await format.read({ path, source: 'ground_truth', io, lookup: emptyLookup });
  return {
    format: format.id,
    problems: got.problems.map((p) => `${p.record}: ${p.reason}`),
    samples: got.samples.map((s) => [
      s.key,
      s.text,
      ...got.annotations
        .filter((a) => a.sample === s.key)
        .map((a) => `${a.label}:${s.text?.slice(a.span!.start, a.span!.end)}`),
    ]),
  };
}

describe('issue 10: token-per-row NER CSV', () => {
  let dir = '';
  before(async () => {
    dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-token-csv-')));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('Kaggle ner_dataset.csv: sentences from "Sentence: n" rows, IOB2 entities as spans, POS left', async () => {
    const path = `${dir}/ner_dataset.csv`;
    await writeFile(
      path,
      [
        'Sentence #,Word,POS,Tag',
        'Sentence: 1,Thousands,NNS,O',
        ',of,IN,O',
        ',demonstrators,NNS,O',
        ',marched,VBN,O',
        ',through,IN,O',
        ',London,NNP,B-geo',
        ',.,.,O',
        'Sentence: 2,Iranian,JJ,B-gpe',
        ',officials,NNS,O',
        ',met,VBD,O',
        ',in,IN,O',
        ',New,NNP,B-geo',
        ',York,NNP,I-geo',
        ',",",",",O',
        ',on,IN,O',
        ',Monday,NNP,B-tim',
        '',
      ].join('\n'),
    );
    assert.deepEqual(await imported(path), {
      format: 'text-csv',
      problems: [],
      samples: [
        ['Sentence: 1', 'Thousands of demonstrators marched through London .', 'geo:London'],
        [
          'Sentence: 2',
          'Iranian officials met in New York , on Monday',
          'gpe:Iranian',
          'geo:New York',
          'tim:Monday',
        ],
      ],
    });
  });

  it('a sentence id on every row; a tag that is not BIO is said and read as O', async () => {
    const path = `${dir}/tokens.csv`;
    const rows = ['sentence_id,token,ner'];
    for (let i = 0; i < 40; i++) rows.push(`${i},Obama,B-PER`, `${i},spoke,O`);
    rows.push('40,Paris,B-LOC', '40,calls,0');
    await writeFile(path, `${rows.join('\n')}\n`);
    const got = await imported(path);
    assert.equal(got.format, 'text-csv');
    assert.equal(got.samples.length, 41);
    assert.deepEqual(got.samples[40], ['40', 'Paris calls', 'LOC:Paris']);
    assert.deepEqual(got.problems, ['line 83: "0" is not a BIO tag; read as O']);
  });
});
