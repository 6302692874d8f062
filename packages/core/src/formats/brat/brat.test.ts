/**
 * brat standoff (issue 10: biomedical and other NER corpora as brat, BioNLP and n2c2 ship them). On main a
 * folder of .txt + .ann files, or one .ann, was "Could not tell which format". Files written here from
 * brat's "Standoff format" documentation: T (text-bound), A/M (attributes), # (notes), R/E/N/* lines;
 * offsets in code points.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createNodeFormatIO } from '../../node/fs-format-io.js';
import { TEXT_FORMAT_SKIPS } from '../_text-conformance-kit.js';
import { describeConformance, emptyLookup } from '../conformance.js';
import type { ReadResult } from '../dataset.js';
import { detectFormat } from '../detect-format.js';
import { formats } from '../index.js';
import { toPosix } from '../paths.js';
import { brat } from './brat-format.js';

describeConformance(brat, { skip: TEXT_FORMAT_SKIPS });

const io = createNodeFormatIO();
const read = (path: string) => brat.read({ path, source: 'ground_truth', io, lookup: emptyLookup });
const spans = (r: ReadResult) =>
  r.annotations.map((a) => {
    const text = r.samples.find((s) => s.key === a.sample)?.text ?? '';
    return `${a.sample} ${a.label}: ${text.slice(a.span!.start, a.span!.end)}`;
  });

// An emoji before the entities: brat's offsets count it as one character, JavaScript's as two.
const DOC1 = 'Peter 🙂 Blackburn visited Brussels,\nthe capital, on Monday.\n';
const ANN1 = [
  'T1\tPerson 0 17\tPeter 🙂 Blackburn',
  'T2\tLocation 26 34\tBrussels',
  'T3\tLocation 26 34;40 47\tBrussels capital',
  'A1\tNegated T2',
  'A2\tConfidence T1 High',
  '#1\tAnnotatorNotes T2\tcheck the spelling',
  'R1\tLocated Arg1:T1 Arg2:T2',
  'E1\tVisit:T1 Theme:T2',
  'N1\tReference T2 Wikipedia:3708\tBrussels',
  '',
].join('\n');

describe('brat standoff', () => {
  let dir = '';
  before(async () => {
    dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-brat-')));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('a corpus with train/ and test/ folders: found by import auto, spans at the right characters, the rest counted', async () => {
    const corpus = `${dir}/corpus`;
    await mkdir(`${corpus}/train`, { recursive: true });
    await mkdir(`${corpus}/test`, { recursive: true });
    await writeFile(`${corpus}/train/doc1.txt`, DOC1);
    await writeFile(`${corpus}/train/doc1.ann`, ANN1);
    await writeFile(`${corpus}/test/doc2.txt`, 'EU rejects German call.\n');
    await writeFile(
      `${corpus}/test/doc2.ann`,
      'T1\tOrganization 0 2\tEU\nT2\tMisc 11 17\tGerman\nR1\tIn Arg1:T2 Arg2:T1\nE1\tCall:T2\nX9 what\n',
    );
    await writeFile(`${corpus}/test/empty.txt`, 'Nothing here.\n');
    await writeFile(`${corpus}/test/empty.ann`, '');
    await writeFile(`${corpus}/annotation.conf`, '[entities]\nPerson\n');
    assert.equal((await detectFormat(formats, corpus, io)).format.id, 'brat');
    const got = await read(corpus);
    assert.deepEqual(spans(got), [
      'train/doc1 Person: Peter 🙂 Blackburn',
      'train/doc1 Location: Brussels',
      'train/doc1 Location: Brussels,\nthe capital',
      'test/doc2 Organization: EU',
      'test/doc2 Misc: German',
    ]);
    assert.deepEqual(
      got.samples.map((s) => [s.key, s.split]),
      [
        ['train/doc1', 'train'],
        ['test/doc2', 'test'],
        ['test/empty', 'test'],
      ],
    );
    const brussels = got.annotations.find((a) => a.attributes?.brat_id === 'T2');
    assert.deepEqual(brussels?.attributes, {
      Negated: true,
      note: 'check the spelling',
      brat_id: 'T2',
      brat_lines: 'N1\tReference T2 Wikipedia:3708\tBrussels',
    });
    assert.deepEqual(got.notes, [
      '3 documents, 5 entities (brat standoff)',
      '1 discontinuous entity read as the span from their first fragment to their last (the fragments kept in brat_fragments for the brat export)',
      'kept verbatim on the entity they name (attribute brat_lines), written back by the brat export: 2 relations, 2 events, 1 normalization',
    ]);
    assert.deepEqual(
      got.problems.map((p) => [p.file, p.record, p.reason]),
      [['test/doc2.ann', 'line 5', '"X9 what" is not a brat annotation line; left out']],
    );
  });

  it('written back as .txt + .ann (code point offsets, attributes, notes) and read again the same', async () => {
    const one = `${dir}/one`;
    await mkdir(one);
    await writeFile(`${one}/doc1.txt`, DOC1);
    await writeFile(`${one}/doc1.ann`, ANN1);
    assert.equal((await brat.detect(`${one}/doc1.ann`, io))?.confidence, 0.85);
    const got = await read(`${one}/doc1.ann`);
    const out = `${dir}/out`;
    await brat.write?.({ dataset: got, imagesRoot: out, outDir: out, io });
    assert.equal(await readFile(`${out}/doc1.txt`, 'utf8'), DOC1);
    assert.equal(
      await readFile(`${out}/doc1.ann`, 'utf8'),
      'T1\tPerson 0 17\tPeter 🙂 Blackburn\nT2\tLocation 26 34\tBrussels\nT3\tLocation 26 34;40 47\tBrussels capital\n' +
        'A1\tConfidence T1 High\nA2\tNegated T2\n#1\tAnnotatorNotes T2\tcheck the spelling\n' +
        'E1\tVisit:T1 Theme:T2\nR1\tLocated Arg1:T1 Arg2:T2\nN1\tReference T2 Wikipedia:3708\tBrussels\n',
    );
    assert.deepEqual(spans(await read(out)), spans(got));
  });

  it('sample keys never climb out of the output folder', async () => {
    const out = `${dir}/keys`;
    const dataset: ReadResult = {
      classes: [{ name: 'X' }],
      samples: [
        { key: '../../escape', kind: 'text', text: 'a' },
        { key: '/abs/olute', kind: 'text', text: 'b' },
        { key: 'a b?c', kind: 'text', text: 'c' },
        { key: 'a_b_c', kind: 'text', text: 'd' },
      ],
      annotations: [],
      imagesRoot: out,
      problems: [],
    };
    const written = await brat.write?.({ dataset, imagesRoot: out, outDir: out, io });
    assert.deepEqual(
      written?.files.filter((f) => f.endsWith('.txt')).map((f) => f.slice(out.length + 1)),
      ['escape.txt', 'abs/olute.txt', 'a_b_c.txt', 'a_b_c_2.txt'],
    );
  });

  it('seeded mutations of an .ann file read, or are refused as INVALID_INPUT', async () => {
    const path = `${dir}/fuzz`;
    await mkdir(path);
    await writeFile(`${path}/d.txt`, DOC1);
    const alphabet = ['\t', ' ', ';', '9', '0', 'T', 'A', '#', '\n', '-', '99999', ''];
    let seed = 3;
    const next = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed;
    };
    for (let k = 0; k < 200; k++) {
      let text = ANN1;
      for (let j = 0; j < 1 + (next() % 5); j++) {
        const at = next() % text.length;
        text = text.slice(0, at) + alphabet[next() % alphabet.length] + text.slice(at + (next() % 3));
      }
      await writeFile(`${path}/d.ann`, text);
      try {
        await brat.detect(path, io);
        const got = await read(path);
        for (const a of got.annotations)
          assert.ok(a.span!.end <= DOC1.length && a.span!.start <= a.span!.end);
      } catch (error) {
        assert.equal((error as { code?: string }).code, 'INVALID_INPUT', String(error));
      }
    }
  });
});
