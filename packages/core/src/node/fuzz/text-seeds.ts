/**
 * Text seeds of the fuzz suite the conformance dataset (images) cannot give: a brat document with
 * relations, events on events, a discontinuous entity and notes (brat's "Standoff format"
 * documentation), its .ann file what the fuzzer mutates; a spaCy DocBin (.spacy) with entities and cats.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { spacyStringId } from '../../formats/text-jsonl/spacy-strings.js';
import { docBinBytes } from '../../test-kit/spacy-docbin-file.js';
import type { FuzzSeed } from './fuzz-seeds.js';

const TEXT = '🧬 IL-2 binds the alpha and beta receptor chains; TRAF2 is not phosphorylated.\n';
const ANN = [
  'T7\tProtein 2 6\tIL-2',
  'T2\tProtein 17 22;32 47\talpha receptor chains',
  'T3\tProtein 27 47\tbeta receptor chains',
  'T4\tBinding 7 12\tbinds',
  'T5\tProtein 49 54\tTRAF2',
  'T6\tPhosphorylation 62 76\tphosphorylated',
  'E1\tBinding:T4 Theme:T7 Theme2:T2',
  'E2\tPhosphorylation:T6 Theme:T5 Cause:E1',
  'M1\tNegation E2',
  'R1\tPart-of Arg1:T2 Arg2:T3',
  '#1\tAnnotatorNotes R1\tchecked',
  'A1\tSpeculation T5',
  '*\tEquiv T2 T3',
  'N1\tReference T5 UniProt:Q12933\tTRAF2',
  '',
].join('\n');

export async function textSeeds(root: string): Promise<FuzzSeed[]> {
  const dir = join(root, 'text-brat');
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'doc.txt'), TEXT);
  await writeFile(join(dir, 'doc.ann'), ANN);
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
