import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
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
