import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  type AnnotationColumns,
  AnnotationColumnsBuffer,
  COLUMN_FIELDS,
} from '../../store/annotation-columns.js';
import { sharedFixture } from '../../test-kit/fixtures.js';
import { importDataset } from '../import-dataset.js';
import { initProject, openProject, type Project } from '../project.js';

// Issue 12: the batched eval reads every batch of both passes into one set of column arrays per
// source (AnnotationColumnsBuffer), without counting the rows first. Each read must give exactly what
// a read into new arrays gives: batches that shrink (a leftover tail of a bigger batch must not show),
// grow past the arrays (rows kept while they grow), and are empty.
const dir = sharedFixture('coco-val2014-100/');

const plain = (c: AnnotationColumns) => ({
  n: c.n,
  ...Object.fromEntries(COLUMN_FIELDS.map((f) => [f, Array.from(c[f])])),
});

describe('AnnotationColumnsBuffer: batch after batch into the same arrays (issue 12)', () => {
  let tmp = '';
  let project: Project;
  before(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'assay-column-buffer-'));
    await initProject(tmp);
    project = await openProject(tmp);
    await importDataset(project, { format: 'coco', path: `${dir}instances_val2014_100.json` });
  });
  after(async () => {
    await project.close();
    await rm(tmp, { recursive: true, force: true });
  });

  it('gives each batch its own rows, as new arrays would', async () => {
    const { store } = project;
    const samples = (await store.listEvaluationSamples()).map((s) => s.id);
    await store.writeEvalImageOrder(Int32Array.from(samples));
    const buffer = new AnnotationColumnsBuffer();
    // Image ranges: all (fills the arrays), a few (shrinks), none, then all again and one image.
    const ranges: [number, number][] = [
      [0, samples.length],
      [10, 13],
      [50, 50],
      [0, samples.length],
      [99, 100],
    ];
    let sizes = 0;
    for (const [from, to] of ranges) {
      const images = { from, to };
      const reused = await store.readAnnotationColumns('ground_truth', { images, reuse: buffer });
      const fresh = await store.readAnnotationColumns('ground_truth', { images });
      assert.deepEqual(plain(reused), plain(fresh), `images [${from}, ${to})`);
      for (const f of COLUMN_FIELDS) assert.equal(reused[f].length, reused.n, f);
      sizes += reused.n;
    }
    // The whole fixture twice: the arrays grew once, then were reused.
    assert.ok(sizes > 2 * 700, `${sizes}`);
    assert.equal(buffer.columns.id.length >= sizes / 2, true);
  });

  it('keeps the rows read so far when the arrays grow mid-read', () => {
    const buffer = new AnnotationColumnsBuffer();
    const first = buffer.ensure(3, 0);
    first.id.set([7, 8, 9]);
    const grown = buffer.ensure(5000, 3);
    assert.deepEqual(Array.from(grown.id.subarray(0, 3)), [7, 8, 9]);
    assert.ok(grown.id.length >= 5000);
    assert.equal(buffer.ensure(10, 10), grown, 'no new arrays while they have room');
    assert.equal(buffer.view(2).id.length, 2);
  });
});
