/**
 * Issue 10 (CoNLL-U from the wild), files written here from the CoNLL-U description (universaldependencies.org
 * format.html: ten tab-separated columns, `# sent_id`/`# text` comments, multiword tokens `1-2`, empty
 * nodes `1.1`, SpaceAfter=No in MISC) and CorefUD's Entity attribute: entities as `NER=B-per` in MISC (the
 * Slovenian SSJ treebank, CLASSLA/Stanza output), as CorefUD brackets (`Entity=(3-person-…`, `3)`: GUM), or
 * none (a treebank). On main all three were "Could not tell which format" (a 30% guess saying to add a
 * column of tags); named as conll, refused.
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
const line = (id: string, form: string, misc = '_') =>
  [id, form, form.toLowerCase(), 'X', '_', '_', '0', 'dep', '_', misc].join('\t');

/** SSJ-like: NER in MISC beside SpaceAfter=No; a multiword token (its SpaceAfter on the range) and an empty node. */
const SSJ = [
  '# newdoc id = ssj1',
  '# sent_id = ssj1.1',
  '# text = France Prešeren je bil v Ljubljani, dem Haus.',
  line('1', 'France', 'NER=B-per'),
  line('2', 'Prešeren', 'NER=I-per'),
  line('3', 'je', 'NER=O'),
  line('3.1', 'bil'),
  line('4', 'v', 'NER=O'),
  line('5', 'Ljubljani', 'NER=B-loc|SpaceAfter=No'),
  line('6', ',', 'NER=O'),
  line('7-8', 'dem', 'SpaceAfter=No'),
  line('7', 'de', 'NER=O'),
  line('8', 'm', 'NER=O'),
  line('9', 'Haus', 'NER=B-loc|SpaceAfter=No'),
  line('10', '.', 'NER=O'),
  '',
  '# sent_id = ssj1.2',
  line('1', 'Janez', 'NER=B-per'),
  line('2', 'spi', 'NER=O'),
  '',
].join('\n');

/** GUM-like: CorefUD mentions, nested, one closing two at once. */
const GUM = [
  '# sent_id = GUM_academic_art-1',
  line('1', 'The', 'Entity=(1-abstract-new-cf1-2-sgl'),
  line('2', 'prevalence'),
  line('3', 'of'),
  line('4', 'racial', 'Entity=(2-person-new-cf3-2-sgl|MSeg=rac-ial'),
  line('5', 'groups', 'Entity=2)'),
  line('6', 'in'),
  line('7', 'America', 'Entity=(3-place-new-cf2-1-sgl)1)|SpaceAfter=No'),
  line('8', ':'),
  '',
].join('\n');

describe('issue 10: CoNLL-U with entities in MISC, or none', () => {
  let dir = '';
  before(async () => {
    dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-conllu-')));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function writeBack(got: ReadResult, out: string): Promise<string> {
    await conll.write?.({ dataset: got, imagesRoot: out, outDir: out, io });
    return readFile(`${out}/data.conll`, 'utf8');
  }

  it('NER=B-per in MISC: the words as text (SpaceAfter=No honoured), multiword tokens and empty nodes aside, written back as read', async () => {
    const path = `${dir}/sl_ssj-ud-test.conllu`;
    await writeFile(path, SSJ);
    const detection = await conll.detect(path, io);
    assert.equal(detection?.confidence, 0.85);
    assert.match(detection?.reason ?? '', /CoNLL-U words .*a BIO tag under NER= in MISC/);
    const got = await read(path);
    assert.deepEqual(
      got.samples.map((s) => s.text),
      ['France Prešeren je v Ljubljani, de mHaus.', 'Janez spi'],
    );
    assert.deepEqual(spans(got), ['per: France Prešeren', 'loc: Ljubljani', 'loc: Haus', 'per: Janez']);
    assert.deepEqual(got.problems, []);
    assert.deepEqual(got.notes, [
      '2 sentences, tags read as IOB2 (NER= in MISC)',
      "2 multiword-token or empty-node lines (`1-2`, `1.1`) kept aside: the texts and entities are the words'",
    ]);
    assert.equal(await writeBack(got, `${dir}/ssj-out`), SSJ);
    // A span taken away: its word's NER= becomes O, nothing else changes.
    const dropped = got.annotations.filter((_, i) => i !== 1);
    const edited = await writeBack({ ...got, annotations: dropped }, `${dir}/ssj-edit`);
    assert.equal(edited, SSJ.replace('NER=B-loc|SpaceAfter=No\n6', 'NER=O|SpaceAfter=No\n6'));
  });

  it("CorefUD's Entity brackets (GUM): nested mentions typed by their second field; written back as read, or as brackets", async () => {
    const path = `${dir}/en_gum-ud-test.conllu`;
    await writeFile(path, GUM);
    assert.match((await conll.detect(path, io))?.reason ?? '', /CorefUD's entity brackets under Entity=/);
    const got = await read(path);
    assert.equal(got.samples[0]?.text, 'The prevalence of racial groups in America:');
    assert.deepEqual(spans(got), [
      'abstract: The prevalence of racial groups in America',
      'person: racial groups',
      'place: America',
    ]);
    assert.deepEqual(got.notes, ["1 sentence, tags read as CorefUD's brackets (Entity= in MISC)"]);
    assert.equal(await writeBack(got, `${dir}/gum-out`), GUM);
    const without = got.annotations.filter((a) => a.label !== 'abstract');
    const edited = await writeBack({ ...got, annotations: without }, `${dir}/gum-edit`);
    const miscs = edited.split('\n').map((l) => l.split('\t')[9]);
    assert.deepEqual(miscs.slice(2, 9), [
      '_',
      '_',
      'Entity=(e1-person|MSeg=rac-ial',
      'Entity=e1)',
      '_',
      'Entity=(e2-place)|SpaceAfter=No',
      '_',
    ]);
  });

  it('a treebank without entities: found by import auto and read as sentences without spans, with a note', async () => {
    const path = `${dir}/da_ddt-ud-test.conllu`;
    const text = SSJ.replace(/NER=[^|\n]*\|?/g, '').replace(/\t\n/g, '\t_\n');
    await writeFile(path, text);
    const detection = await conll.detect(path, io);
    assert.equal(detection?.confidence, 0.6);
    const got = await read(path);
    assert.deepEqual(
      got.samples.map((s) => s.text),
      ['France Prešeren je v Ljubljani, de mHaus.', 'Janez spi'],
    );
    assert.deepEqual(got.annotations, []);
    assert.deepEqual(got.problems, []);
    assert.match(got.notes?.[0] ?? '', /^2 sentences of CoNLL-U without entities .*texts without spans$/);
    assert.equal(await writeBack(got, `${dir}/da-out`), text);
  });

  it('seeded mutations of a CoNLL-U file read, or are refused as INVALID_INPUT; what is read writes back', async () => {
    const base = `${SSJ}\n${GUM}`;
    const alphabet = ['\t', '|', '(', ')', '-', '=', '\n', '#', '1', 'B-', 'NER=', 'Entity=(', '_', ''];
    let seed = 11;
    const next = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed;
    };
    for (let k = 0; k < 150; k++) {
      let text = base;
      for (let j = 0; j < 1 + (next() % 5); j++) {
        const at = next() % text.length;
        text = text.slice(0, at) + alphabet[next() % alphabet.length] + text.slice(at + (next() % 3));
      }
      const path = `${dir}/m${k}.conllu`;
      await writeFile(path, text);
      try {
        await conll.detect(path, io);
        const got = await read(path);
        await writeBack(got, `${dir}/m${k}-out`);
      } catch (error) {
        assert.equal((error as { code?: string }).code, 'INVALID_INPUT', String(error));
      }
    }
  });
});
