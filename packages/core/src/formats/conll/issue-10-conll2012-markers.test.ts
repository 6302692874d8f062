/**
 * CoNLL-2012 (OntoNotes 5.0 `*_conll` files, as allennlp-models' test fixtures hold them): documents between
 * `#begin document (<id>); part <n>` and `#end document` lines, and an `#end document` right after a
 * sentence's last word with no blank line between (issue 10). On main that line was read as a word
 * "#end" (a warning, a token in the text and a token line "#end document O" written back), and the
 * `#end document` closing the file was lost on export. File written here from the format's description.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createNodeFormatIO } from '../../node/fs-format-io.js';
import { emptyLookup } from '../conformance.js';
import { toPosix } from '../paths.js';
import { conll } from './conll-format.js';

const io = createNodeFormatIO();

/** doc id, part, word number, word, POS, parse bit, lemma, frame, sense, speaker, NER, coref. */
const row = (n: number, word: string, ner: string) =>
  ['bn/cnn/01/cnn_0115', '0', String(n), word, 'NN', '*', '-', '-', '-', '-', ner, '-'].join('\t');
const FILE = `${[
  '#begin document (bn/cnn/01/cnn_0115); part 000',
  row(0, 'Mali', '(GPE)'),
  row(1, 'officials', '*'),
  row(2, 'say', '*'),
  '',
  row(0, 'John', '(PERSON*'),
  row(1, 'Smith', '*)'),
  row(2, 'left', '*'),
  '#end document',
  '',
  '#begin document (bn/cnn/01/cnn_0116); part 000',
  row(0, 'Paris', '(GPE)'),
  '',
  '#end document',
].join('\n')}\n`;

describe('CoNLL-2012 document markers (issue 10)', () => {
  let dir = '';
  before(async () => {
    dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-conll2012-')));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('#begin/#end document lines end sentences, are no words, and are written back where they stood', async () => {
    const path = `${dir}/cnn_0115.gold_conll`;
    await writeFile(path, FILE);
    const got = await conll.read({ path, source: 'ground_truth', io, lookup: emptyLookup });
    assert.deepEqual(got.problems, []);
    assert.deepEqual(
      got.samples.map((s) => s.text),
      ['Mali officials say', 'John Smith left', 'Paris'],
    );
    assert.deepEqual(
      got.annotations.map((a) => a.label),
      ['GPE', 'PERSON', 'GPE'],
    );
    const out = `${dir}/out`;
    await conll.write?.({ dataset: got, imagesRoot: out, outDir: out, io });
    assert.equal(await readFile(`${out}/data.conll`, 'utf8'), FILE);
  });
});
