/**
 * spaCy DocBin files (`.spacy`: what `spacy convert` writes and `spacy train` reads; issue 10). On main
 * they were only a weak guess naming a Python one-liner. Files written here by test-kit/spacy-docbin-file
 * from spaCy's description of the format; the string ids from spaCy's documented hash
 * (`strings["coffee"] == 3197928453018144401`) and its reserved symbols (ORG, GPE, MONEY, …).
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createNodeFormatIO } from '../../node/fs-format-io.js';
import { type DocBinDoc, docBinBytes, packMsgpack } from '../../test-kit/spacy-docbin-file.js';
import { emptyLookup } from '../conformance.js';
import type { ReadResult } from '../dataset.js';
import { detectFormat } from '../detect-format.js';
import { formats } from '../index.js';
import { decodeMsgpack } from '../msgpack.js';
import { toPosix } from '../paths.js';
import { spacyStringId } from './spacy-strings.js';
import { textJsonl } from './text-jsonl-format.js';

const io = createNodeFormatIO();
const read = (path: string) => textJsonl.read({ path, source: 'ground_truth', io, lookup: emptyLookup });
const spans = (r: ReadResult) =>
  r.annotations
    .filter((a) => a.kind === 'span')
    .map(
      (a) =>
        `${a.label}: ${r.samples.find((s) => s.key === a.sample)?.text?.slice(a.span!.start, a.span!.end)}`,
    );

// attrs as DocBin sorts them: ORTH 65, TAG 75, ENT_IOB 77, ENT_TYPE 78, HEAD 79 (relative, may be negative).
const ATTRS = [65, 75, 77, 78, 79];
const id = spacyStringId;
/** A token row: text, tag, IOB (0 none, 1 I, 2 O, 3 B), entity type, head offset. */
const tok = (text: string, iob = 2, type = '', head = 0): bigint[] => [
  id(text),
  id('NN'),
  BigInt(iob),
  id(type),
  BigInt(head),
];

const DOCS: DocBinDoc[] = [
  {
    // "Apple is buying U.K. number one startup for $1 billion" (ORG, GPE, MONEY symbols; "number" a symbol as a word)
    rows: [
      tok('Apple', 3, 'ORG'),
      tok('is', 2, '', 1),
      tok('buying'),
      tok('U.K.', 3, 'GPE', -1),
      tok('number'),
      tok('one'),
      tok('startup', 3, 'Company'),
      tok('for'),
      tok('$', 3, 'MONEY'),
      tok('1', 1, 'MONEY'),
      tok('billion', 1, 'MONEY'),
    ],
    spaces: [true, true, true, true, true, true, true, true, false, true, false],
    spanGroups: packMsgpack([new Uint8Array([0x83])]),
  },
  {
    // Two entities of one type side by side (B B), an I after O (spaCy reads it as a start), cats.
    rows: [tok('Paris', 3, 'GPE'), tok('Berlin', 3, 'GPE'), tok('and'), tok('Rome', 1, 'GPE'), tok('🙂')],
    spaces: [true, true, true, true, false],
    cats: { POSITIVE: 1.0, NEGATIVE: 0.0 },
  },
  { rows: [tok('no'), tok('spaces')], spaces: [false, false], unknownSpaces: true },
  // A token whose text is not among the strings (a hand-made or damaged file).
  { rows: [[123456789n, 0n, 2n, 0n, 0n]], spaces: [false] },
];
const STRINGS = [
  'Apple',
  'is',
  'buying',
  'U.K.',
  'number',
  'one',
  'startup',
  'for',
  '$',
  '1',
  'billion',
  'Paris',
  'Berlin',
  'and',
  'Rome',
  '🙂',
  'no',
  'spaces',
  'NN',
  'ORG',
  'GPE',
  'MONEY',
  'Company',
  '',
];

describe('spaCy DocBin (.spacy) (issue 10)', () => {
  let dir = '';
  before(async () => {
    dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-docbin-')));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("string ids are spaCy's: the documented hash, and the reserved symbols", () => {
    assert.equal(spacyStringId('coffee'), 3197928453018144401n);
    assert.deepEqual(['', 'ORG', 'GPE', 'MONEY', 'NOUN', 'nsubj'].map(spacyStringId), [
      0n,
      383n,
      384n,
      394n,
      92n,
      429n,
    ]);
  });

  it('found by import auto and read as texts with their entities and cats; a document that cannot be read is skipped, named', async () => {
    const path = `${dir}/train.spacy`;
    await writeFile(path, docBinBytes(ATTRS, DOCS, STRINGS));
    const detected = await detectFormat(formats, path, io);
    assert.equal(detected.format.id, 'text-jsonl');
    assert.equal(detected.detection.confidence, 0.9);
    const got = await read(path);
    assert.deepEqual(
      got.samples.map((s) => s.text),
      ['Apple is buying U.K. number one startup for $1 billion', 'Paris Berlin and Rome 🙂', 'no spaces '],
    );
    assert.deepEqual(spans(got), [
      'ORG: Apple',
      'GPE: U.K.',
      'Company: startup',
      'MONEY: $1 billion',
      'GPE: Paris',
      'GPE: Berlin',
      'GPE: Rome',
    ]);
    assert.deepEqual(
      got.annotations.filter((a) => a.kind === 'classification').map((a) => [a.sample, a.label]),
      [[got.samples[1]!.key, 'POSITIVE']],
    );
    assert.deepEqual(
      got.problems.map((p) => [p.record, p.reason]),
      [['document 4', "token 1's text (id 123456789) is not among the file's strings"]],
    );
    assert.ok(
      got.notes?.includes(
        '1 document with span groups (doc.spans), not read: entities (doc.ents) and cats are',
      ),
    );
    const one = `${dir}/one.spacy`;
    await writeFile(one, docBinBytes(ATTRS, [DOCS[2]!], STRINGS));
    assert.deepEqual((await read(one)).notes, ['a spaCy DocBin of 1 record']);
  });

  it('a truncated or damaged file is INVALID_INPUT naming it', async () => {
    const bytes = docBinBytes(ATTRS, DOCS, STRINGS);
    const path = `${dir}/cut.spacy`;
    await writeFile(path, bytes.subarray(0, bytes.length - 9));
    await assert.rejects(
      read(path),
      (e: Error & { code?: string }) => e.code === 'INVALID_INPUT' && e.message.includes('cut.spacy'),
    );
    assert.throws(
      () => decodeMsgpack(Uint8Array.of(0xdd, 0xff, 0xff, 0xff, 0xff), 'x.bin'),
      (e: Error & { code?: string }) =>
        e.code === 'INVALID_INPUT' && /x\.bin cannot be read as MessagePack/.test(e.message),
    );
    let seed = 7;
    for (let k = 0; k < 150; k++) {
      const copy = bytes.slice();
      for (let j = 0; j < 3; j++) {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        copy[seed % copy.length] = seed & 0xff;
      }
      await writeFile(path, copy);
      try {
        const r = await read(path);
        for (const a of r.annotations) if (a.span) assert.ok(a.span.start <= a.span.end);
      } catch (error) {
        assert.equal((error as { code?: string }).code, 'INVALID_INPUT', String(error));
      }
    }
  });
});
