import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createNodeFormatIO } from '../../node/fs-format-io.js';
import { emptyLookup, renderImage } from '../conformance.js';
import { detectFormat } from '../detect-format.js';
import { formats } from '../index.js';
import { toPosix } from '../paths.js';
import { classCsv } from './class-csv-format.js';

const io = createNodeFormatIO();
const read = (path: string) => classCsv.read({ path, source: 'ground_truth', io, lookup: emptyLookup });

describe('issue 11: Roboflow multi-label CSV (_classes.csv with one 0/1 column per class)', () => {
  let dir = '';
  before(async () => {
    dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-multilabel-')));
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  it('multi-hot columns are several labels per image, not probabilities; a row of 0s has none', async () => {
    // Roboflow's multi-label classification export: a split folder with the images and _classes.csv
    // whose header has a space after each comma.
    const split = `${dir}/train`;
    for (const [i, name] of ['a.jpg', 'b.jpg', 'c.jpg'].entries())
      await renderImage(`${split}/${name}`, 16, 16, i);
    await writeFile(
      `${split}/_classes.csv`,
      'filename, cat, dog, person\na.jpg, 1, 0, 1\nb.jpg, 0, 1, 0\nc.jpg, 0, 0, 0\n',
    );
    const found = await detectFormat(formats, split, io);
    assert.equal(found.format.id, 'class-csv', found.detection.reason);
    const r = await read(split);
    assert.deepEqual(r.problems, []);
    assert.deepEqual(
      r.classes.map((c) => c.name),
      ['cat', 'dog', 'person'],
    );
    assert.deepEqual(
      r.samples.map((s) => s.key),
      ['a.jpg', 'b.jpg', 'c.jpg'],
    );
    assert.deepEqual(
      r.annotations.map((a) => [a.sample, a.label, a.probs, a.score]),
      [
        ['a.jpg', 'cat', undefined, undefined],
        ['a.jpg', 'person', undefined, undefined],
        ['b.jpg', 'dog', undefined, undefined],
      ],
    );
    assert.ok((r.notes ?? []).some((n) => /multi-label \(0\/1\) class columns/.test(n)));
  });

  it('probabilities (floats summing to 1) and one-hot tables still read as one label with probs', async () => {
    await writeFile(`${dir}/probs.csv`, 'path,cat,dog\na.jpg,0.7,0.3\nb.jpg,0.2,0.8\n');
    const probs = await read(`${dir}/probs.csv`);
    assert.deepEqual(
      probs.annotations.map((a) => [a.label, a.probs]),
      [
        ['cat', [0.7, 0.3]],
        ['dog', [0.2, 0.8]],
      ],
    );
    await writeFile(`${dir}/onehot.csv`, 'path,cat,dog\na.jpg,1,0\nb.jpg,0,1\n');
    const onehot = await read(`${dir}/onehot.csv`);
    assert.deepEqual(
      onehot.annotations.map((a) => [a.label, a.probs]),
      [
        ['cat', [1, 0]],
        ['dog', [0, 1]],
      ],
    );
  });
});
