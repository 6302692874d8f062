/**
 * brat relations, events and discontinuous entities through a round trip (issue 10, corpora in the wild:
 * BioNLP shared tasks are events on triggers, dependency corpora relations between tokens). On main they
 * were counted and lost, and a discontinuous entity came back as one extent. Files written here from
 * brat's "Standoff format" documentation.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createNodeFormatIO } from '../../node/fs-format-io.js';
import { BRAT_LINKED_ANN, BRAT_LINKED_TEXT } from '../../test-kit/brat-linked-document.js';
import { emptyLookup } from '../conformance.js';
import { toPosix } from '../paths.js';
import { brat } from './brat-format.js';

const io = createNodeFormatIO();
const read = (path: string) => brat.read({ path, source: 'ground_truth', io, lookup: emptyLookup });

const TEXT = BRAT_LINKED_TEXT;
const ANN = BRAT_LINKED_ANN;

describe('brat relations, events and discontinuous entities (issue 10)', () => {
  let dir = '';
  before(async () => {
    dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-brat-links-')));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('kept on the entities they hang from and written back with the ids of the export, the same again on a second trip', async () => {
    await mkdir(`${dir}/in`);
    await writeFile(`${dir}/in/doc.txt`, TEXT);
    await writeFile(`${dir}/in/doc.ann`, ANN);
    const got = await read(`${dir}/in`);
    assert.deepEqual(got.problems, []);
    const lines = (id: string) =>
      got.annotations.find((a) => a.attributes?.brat_id === id)?.attributes?.brat_lines;
    // An event on its trigger, with what names it; a relation on its first argument.
    assert.equal(lines('T4'), 'E1\tBinding:T4 Theme:T7 Theme2:T2\n#2\tLemma T4\tbind');
    assert.equal(lines('T6'), 'E2\tPhosphorylation:T6 Theme:T5 Cause:E1\nM1\tNegation E2');
    assert.equal(lines('T2'), 'R1\tPart-of Arg1:T2 Arg2:T3\n#1\tAnnotatorNotes R1\tchecked\n*\tEquiv T2 T3');
    assert.equal(
      got.notes?.at(-1),
      'kept verbatim on the entity they name (attribute brat_lines), written back by the brat export: ' +
        '2 events, 1 modifier of an event, 1 relation, 2 notes, 1 equivalence, 1 normalization',
    );
    const out = `${dir}/out`;
    await brat.write?.({ dataset: got, imagesRoot: out, outDir: out, io });
    const written = await readFile(`${out}/doc.ann`, 'utf8');
    assert.equal(
      written,
      [
        'T1\tProtein 2 6\tIL-2',
        'T2\tBinding 7 12\tbinds',
        'T3\tProtein 17 22;32 47\talpha receptor chains',
        'T4\tProtein 27 47\tbeta receptor chains',
        'T5\tProtein 49 54\tTRAF2',
        'T6\tPhosphorylation 62 76\tphosphorylated',
        'A1\tSpeculation T5',
        'E1\tBinding:T2 Theme:T1 Theme2:T3',
        'E2\tPhosphorylation:T6 Theme:T5 Cause:E1',
        'R1\tPart-of Arg1:T3 Arg2:T4',
        '*\tEquiv T3 T4',
        'N1\tReference T5 UniProt:Q12933\tTRAF2',
        'M1\tNegation E2',
        '#1\tAnnotatorNotes R1\tchecked',
        '#2\tLemma T2\tbind',
        '',
      ].join('\n'),
    );
    const again = `${dir}/again`;
    await brat.write?.({ dataset: await read(out), imagesRoot: again, outDir: again, io });
    assert.equal(await readFile(`${again}/doc.ann`, 'utf8'), written);
  });

  it('a discontinuous entity whose span changed is written as its one extent; lines naming an entity not written are dropped, counted', async () => {
    await mkdir(`${dir}/edit`);
    await writeFile(`${dir}/edit/doc.txt`, TEXT);
    await writeFile(`${dir}/edit/doc.ann`, ANN);
    const got = await read(`${dir}/edit`);
    const alpha = got.annotations.find((a) => a.attributes?.brat_id === 'T2')!;
    alpha.span = { start: alpha.span!.start, end: alpha.span!.end - 7 };
    got.annotations = got.annotations.filter((a) => a.attributes?.brat_id !== 'T7');
    const out = `${dir}/edit-out`;
    const result = await brat.write?.({ dataset: got, imagesRoot: out, outDir: out, io });
    const written = (await readFile(`${out}/doc.ann`, 'utf8')).split('\n');
    assert.ok(written.includes('T2\tProtein 17 40\talpha and beta receptor'), written.join('\n'));
    // E1 named T7, E2 named E1, M1 named E2: all three gone; the relation on T2 stays.
    assert.deepEqual(
      written.filter((l) => /^[EMR]/.test(l)),
      ['R1\tPart-of Arg1:T2 Arg2:T3'],
    );
    assert.deepEqual(result?.notes, [
      '3 relation, event or other kept brat lines not written: they name entities not written',
    ]);
  });

  it('a relation or event naming no entity of the file is a problem of its line', async () => {
    await mkdir(`${dir}/bad`);
    await writeFile(`${dir}/bad/doc.txt`, TEXT);
    await writeFile(
      `${dir}/bad/doc.ann`,
      'T1\tProtein 2 6\tIL-2\nR1\tX Arg1:T9 Arg2:T1\nE1\tBinding:T8 Theme:T1\n',
    );
    const got = await read(`${dir}/bad`);
    assert.deepEqual(
      got.problems.map((p) => [p.record, p.reason]),
      [
        ['line 2', 'R1 names T9, T1, not entities of the file (nor events or relations on them); left out'],
        ['line 3', 'E1 names T8, T1, not entities of the file (nor events or relations on them); left out'],
      ],
    );
  });
});
