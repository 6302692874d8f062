import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AssayError } from '../../errors.js';
import { initProject, openProject, type Project } from '../project.js';
import { storeDb } from '../store/duckdb-store.js';
import { loadEmbeddingMatrix } from './embedding-store.js';
import { importEmbeddings } from './import-embeddings.js';

describe('importEmbeddings from Parquet (written here by DuckDB)', () => {
  let dir: string;
  let project: Project;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-import-emb-'));
    await initProject(dir);
    project = await openProject(dir);
    await project.store.upsertSamples('.', [{ key: 'a.jpg' }, { key: 'b.jpg' }]);
  });
  after(async () => {
    await project.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('reads a key column and a list column, listing rows that name no sample or hold a null', async () => {
    const file = join(dir, 'v.parquet');
    await storeDb(project.store).run(
      `COPY (SELECT * FROM (VALUES ('a.jpg', [1.0, 2.0]), ('ghost.jpg', [1.0, 1.0]), ('b.jpg', [3.0, NULL]))
        AS t(path, embedding)) TO '${file}' (FORMAT parquet)`,
    );
    const summary = await importEmbeddings(project, { file, model: 'pq' });
    assert.deepEqual([summary.imported, summary.dim, summary.rows], [1, 2, 2]);
    assert.deepEqual(summary.problems.map((p) => `${p.record}: ${p.reason}`).sort(), [
      'row 1: no sample is named "ghost.jpg"',
      'row 2: a value is null or not finite',
    ]);
    const m = await loadEmbeddingMatrix(project, 'pq');
    assert.deepEqual([...m.data], [1, 2]);
    const bad = join(dir, 'bad.parquet');
    await storeDb(project.store).run(`COPY (SELECT 'a.jpg' AS path, 1.0 AS x) TO '${bad}' (FORMAT parquet)`);
    await assert.rejects(
      importEmbeddings(project, { file: bad }),
      (e: unknown) => e instanceof AssayError && /needs a key column .* and a list column/.test(e.message),
    );
  });
});

/** A float32 C-order .npy of `rows`, written by hand from the format's description. */
function npyBytes(rows: number[][]): Buffer {
  let dict = `{'descr': '<f4', 'fortran_order': False, 'shape': (${rows.length}, ${rows[0]?.length ?? 0}), }`;
  dict += `${' '.repeat((64 - ((10 + dict.length + 1) % 64)) % 64)}\n`;
  const head = Buffer.alloc(10);
  head.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  head.writeUInt16LE(dict.length, 8);
  return Buffer.concat([
    head,
    Buffer.from(dict, 'latin1'),
    Buffer.from(Float32Array.from(rows.flat()).buffer),
  ]);
}

describe('importEmbeddings from a .npy a part at a time', () => {
  let dir: string;
  let project: Project;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-import-npy-'));
    await initProject(dir);
    project = await openProject(dir);
    await project.store.upsertSamples(
      '.',
      ['a', 'b', 'c', 'd'].map((k) => ({ key: `${k}.jpg` })),
    );
  });
  after(async () => {
    await project.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('stores the same vectors and problems as a whole read, reporting each part', async () => {
    const file = join(dir, 'v.npy');
    const keys = join(dir, 'keys.txt');
    // row 1 holds NaN (so row 3, naming the same sample, is kept), row 2 names no sample, row 5 repeats a.jpg
    await writeFile(
      file,
      npyBytes([
        [1, 0],
        [Number.NaN, 1],
        [0, 1],
        [0.5, 0.5],
        [2, 2],
        [3, 3],
      ]),
    );
    await writeFile(keys, 'a.jpg\nb.jpg\nghost.jpg\nb.jpg\nc.jpg\na.jpg\n');
    const parts: string[] = [];
    const summary = await importEmbeddings(project, {
      file,
      keys,
      model: 'np',
      rowsPerChunk: 4,
      onProgress: (done, total) => parts.push(`${done}/${total}`),
    });
    assert.deepEqual(parts, ['4/6', '6/6']);
    assert.deepEqual([summary.imported, summary.dim, summary.rows], [3, 2, 5]);
    assert.deepEqual(
      summary.problems.map((p) => `${p.record?.split(' ')[1]}: ${p.reason}`),
      [
        '1: value 1 is NaN',
        '2: no sample is named "ghost.jpg"',
        '5: sample "a.jpg" has a vector already (row 0 (' + keys + ' line 1)); this one is skipped',
      ],
    );
    const m = await loadEmbeddingMatrix(project, 'np');
    assert.deepEqual([...m.data], [1, 0, 0.5, 0.5, 2, 2]);
    // --replace with a file that matches nothing is refused and keeps the stored vectors
    await writeFile(keys, 'x\ny\nz\nw\nv\nu\n');
    await assert.rejects(
      importEmbeddings(project, { file, keys, model: 'np', replace: true, rowsPerChunk: 4 }),
      (e: unknown) => e instanceof AssayError && /none of its 5 rows matches/.test(e.message),
    );
    assert.deepEqual([...(await loadEmbeddingMatrix(project, 'np')).data], [1, 0, 0.5, 0.5, 2, 2]);
  });
});
