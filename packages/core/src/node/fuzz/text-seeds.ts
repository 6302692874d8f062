/**
 * Text seeds of the fuzz suite the conformance dataset (images) cannot give: a brat document with
 * relations, events on events, a discontinuous entity and notes (brat's "Standoff format"
 * documentation), its .ann file what the fuzzer mutates; a spaCy DocBin (.spacy) with entities and cats.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { spacyStringId } from '../../formats/text-jsonl/spacy-strings.js';
import { BRAT_LINKED_ANN, BRAT_LINKED_TEXT } from '../../test-kit/brat-linked-document.js';
import { docBinBytes } from '../../test-kit/spacy-docbin-file.js';
import type { FuzzSeed } from './fuzz-seeds.js';

export async function textSeeds(root: string): Promise<FuzzSeed[]> {
  const dir = join(root, 'text-brat');
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'doc.txt'), BRAT_LINKED_TEXT);
  await writeFile(join(dir, 'doc.ann'), BRAT_LINKED_ANN);
  const spacy = join(root, 'text-spacy');
  await mkdir(spacy, { recursive: true });
  const words = ['Apple', 'buys', 'U.K.', 'startup'];
  const types = ['ORG', '', 'GPE', 'Company'];
  const rows = words.map((w, i) => [w, types[i]!].map(spacyStringId).concat(types[i] ? 3n : 2n));
  // attrs ORTH (65), ENT_TYPE (78), ENT_IOB (77): unsorted on purpose, read by id
  await writeFile(
    join(spacy, 'train.spacy'),
    docBinBytes(
      [65, 78, 77],
      [{ rows, spaces: [true, true, true, false], cats: { BUSINESS: 1 } }],
      [...words, 'ORG', 'GPE', 'Company'],
    ),
  );
  return [
    { name: 'brat relations and events', format: 'brat', dir, path: '.', mutable: ['doc.ann'] },
    { name: 'spaCy DocBin', format: 'text-jsonl', dir: spacy, path: 'train.spacy', mutable: ['train.spacy'] },
  ];
}
