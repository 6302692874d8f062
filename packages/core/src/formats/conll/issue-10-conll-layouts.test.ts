/**
 * Issue 10 (NER files nobody here made), written from the formats' descriptions: IO tags, bare entity
 * types and O (Few-NERD's supervised files, GUM's per-document files: "Could not tell which format"), the
 * tag before the token (the MIT Movie and Restaurant corpora: not detected, read as tokens "O"), and
 * OntoNotes' brackets. CoNLL-U treebanks (entities in MISC, or none) are issue-10-conllu-misc.test.ts's.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createNodeFormatIO } from '../../node/fs-format-io.js';
import { emptyLookup } from '../conformance.js';
import type { ReadResult } from '../dataset.js';
import { toPosix } from '../paths.js';
import { conll } from './conll-format.js';

const io = createNodeFormatIO();
const read = (path: string) => conll.read({ path, source: 'ground_truth', io, lookup: emptyLookup });
const spans = (r: ReadResult) =>
  r.annotations.map((a) => {
    const text = r.samples.find((s) => s.key === a.sample)?.text ?? '';
    return `${a.label}: ${text.slice(a.span!.start, a.span!.end)}`;
  });

describe('issue 10: CoNLL layouts from the wild', () => {
  let dir = '';
  before(async () => {
    dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-conll-layouts-')));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function writeBack(path: string, out: string): Promise<string> {
    const got = await read(path);
    await conll.write?.({ dataset: got, imagesRoot: out, outDir: out, io });
    return readFile(`${out}/data.conll`, 'utf8');
  }

  it('IO tags (Few-NERD): a run of one type is one entity; detected less surely; written back as read', async () => {
    const path = `${dir}/supervised-dev.txt`;
    const text =
      'London\tlocation-GPE\nwelcomed\tO\nBarack\tperson-politician\nObama\tperson-politician\n.\tO\n\n' +
      'The\tO\nTimes\tart-writtenart\nsaid\tO\nso\tO\n\n';
    await writeFile(path, text);
    const detection = await conll.detect(path, io);
    assert.equal(detection?.confidence, 0.6);
    assert.match(detection?.reason ?? '', /IO tags/);
    const got = await read(path);
    assert.deepEqual(spans(got), [
      'location-GPE: London',
      'person-politician: Barack Obama',
      'art-writtenart: Times',
    ]);
    assert.deepEqual(got.problems, []);
    assert.deepEqual(got.notes, ['2 sentences, tags read as IO']);
    assert.equal(await writeBack(path, `${dir}/io-out`), text);
  });

  it('the tag before the token (MIT Movie): detected, read, written back in its own column order', async () => {
    const path = `${dir}/engtest.bio`;
    const text =
      'O\twhat\nO\tmovies\nB-ACTOR\tbruce\nI-ACTOR\twillis\nO\tstarred\n\nB-TITLE\talien\nO\tplot\n\n';
    await writeFile(path, text);
    assert.match((await conll.detect(path, io))?.reason ?? '', /the tag first/);
    const got = await read(path);
    assert.deepEqual(spans(got), ['ACTOR: bruce willis', 'TITLE: alien']);
    assert.equal(got.samples[0]?.text, 'what movies bruce willis starred');
    assert.equal(await writeBack(path, `${dir}/mit-out`), text);
  });

  it("OntoNotes' CoNLL-2012 (NE brackets in column 11): detected, read, written back with its brackets", async () => {
    const path = `${dir}/cctv_0001.gold_conll`;
    const row = (n: number, word: string, ne: string, coref = '-') =>
      `bc/cctv/00/cctv_0001   0   ${n}   ${word}   NN   *   -   -   -   Speaker#1   ${ne}   *   ${coref}`;
    const body = [
      row(0, 'In', '*'),
      row(1, 'the', '(DATE*'),
      row(2, 'summer', '*'),
      row(3, 'of', '*'),
      row(4, '2005', '*)'),
      row(5, 'Hong', '(GPE*', '(1'),
      row(6, 'Kong', '*)', '1)'),
      '',
      row(0, 'Wang', '(PERSON)'),
      row(1, 'spoke', '*'),
      '',
    ].join('\n');
    const text = `#begin document (bc/cctv/00/cctv_0001); part 000\n${body}\n`;
    await writeFile(path, `${text}#end document\n`);
    assert.match(
      (await conll.detect(path, io))?.reason ?? '',
      /OntoNotes CoNLL-2012 lines .*bracketed entities/,
    );
    const got = await read(path);
    assert.deepEqual(spans(got), ['DATE: the summer of 2005', 'GPE: Hong Kong', 'PERSON: Wang']);
    assert.deepEqual(got.notes, ["2 sentences, tags read as OntoNotes' brackets"]);
    // Written back with the brackets, its columns one space apart (the file aligned them with several).
    const cells = (t: string) => t.split('\n').map((l) => l.trim().split(/ +/).join(' '));
    const back = cells(await writeBack(path, `${dir}/onto-out`));
    assert.deepEqual(back.slice(0, cells(text).length - 1), cells(text).slice(0, -1));
  });
});
