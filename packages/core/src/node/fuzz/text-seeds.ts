/**
 * Text seeds of the fuzz suite the conformance dataset (images) cannot give: a brat document with
 * relations, events on events, a discontinuous entity and notes (brat's "Standoff format"
 * documentation), its .ann file what the fuzzer mutates.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
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
  return [{ name: 'brat relations and events', format: 'brat', dir, path: '.', mutable: ['doc.ann'] }];
}
