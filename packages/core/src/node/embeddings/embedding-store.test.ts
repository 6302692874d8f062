import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AssayError } from '../../errors.js';
import { initProject, openProject, type Project } from '../project.js';
import { storeDb } from '../store/duckdb-store.js';
import {
  deleteEmbeddingModel,
  listEmbeddingModels,
  loadEmbeddingMatrix,
  loadPackedEmbeddings,
  loadProjection,
  samplesWithoutEmbeddings,
  storeEmbeddings,
  storeProjection,
} from './embedding-store.js';
import { readRows, subset } from './vector-rows.js';

describe('embedding store (migration 7)', () => {
  let dir: string;
  let project: Project;
  let ids: number[];
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-emb-'));
    await initProject(dir);
    project = await openProject(dir);
    const map = await project.store.upsertSamples(
      '.',
      ['a.jpg', 'b.jpg', 'c.jpg'].map((key) => ({ key })),
    );
    ids = [...map.values()].sort((x, y) => x - y);
  });
  after(async () => {
    await project.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('stores float16 and int8 vectors and loads them back row-major by sample id', async () => {
    const data = Float32Array.from([1, -2, 0.5, 3, 0, 0, 100, 1e-3, -7]);
    await storeEmbeddings(project, { model: 'm16', dim: 3 }, [ids[2], ids[0], ids[1]] as number[], data);
    await storeEmbeddings(project.store, { model: 'm8', dim: 3, encoding: 'int8' }, ids, data);
    const m16 = await loadEmbeddingMatrix(project, 'm16');
    assert.deepEqual([...m16.sampleIds], ids);
    // sample ids[0] got the second row
    const expect16 = [3, 0, 0, 100, 1e-3, -7, 1, -2, 0.5];
    // float16 of value / scale: error at most scale · 2^-11 (scale = the row's largest magnitude)
    for (let i = 0; i < 9; i++) {
      const row = Math.floor(i / 3);
      const scale = Math.max(...expect16.slice(row * 3, row * 3 + 3).map(Math.abs));
      assert.ok(Math.abs((m16.data[i] as number) - (expect16[i] as number)) <= scale * 2 ** -11, `${i}`);
    }
    const m8 = await loadEmbeddingMatrix(project, 'm8');
    // int8: error at most scale / 254 per value
    for (let i = 0; i < 9; i++) {
      const row = Math.floor(i / 3);
      const scale = Math.max(...[...data.subarray(row * 3, row * 3 + 3)].map(Math.abs));
      assert.ok(Math.abs((m8.data[i] as number) - (data[i] as number)) <= scale / 254 + 1e-6, `${i}`);
    }
    // kept as stored and decoded where read: the same float32 values, whole, by rows and as a subset
    for (const [name, whole] of [
      ['m16', m16],
      ['m8', m8],
    ] as const) {
      const packed = await loadPackedEmbeddings(project, name);
      assert.deepEqual([...packed.sampleIds], ids);
      assert.equal(packed.bytes.length, name === 'm16' ? 18 : 9);
      assert.deepEqual([...readRows(packed, 0, 3)], [...whole.data]);
      assert.deepEqual([...readRows(packed, 1, 2)], [...whole.data.subarray(3, 6)]);
      assert.deepEqual(
        [...subset(packed, [2, 0]).data],
        [...whole.data.subarray(6, 9), ...whole.data.subarray(0, 3)],
      );
    }
    const models = await listEmbeddingModels(project);
    assert.deepEqual(
      models.map((m) => [m.name, m.dim, m.encoding, m.count]),
      [
        ['m16', 3, 'float16', 3],
        ['m8', 3, 'int8', 3],
      ],
    );
  });

  it('replaces vectors of the same samples, finds samples without vectors, refuses another dim', async () => {
    await storeEmbeddings(project, { model: 'inc', dim: 2 }, [ids[0] as number], Float32Array.from([1, 2]));
    assert.deepEqual(await samplesWithoutEmbeddings(project, 'inc'), ids.slice(1));
    await storeEmbeddings(project, { model: 'inc', dim: 2 }, [ids[0] as number], Float32Array.from([4, 8]));
    const m = await loadEmbeddingMatrix(project, 'inc');
    assert.deepEqual([...m.data], [4, 8]);
    await assert.rejects(
      storeEmbeddings(project, { model: 'inc', dim: 3 }, [ids[1] as number], Float32Array.from([1, 2, 3])),
      (e: unknown) => e instanceof AssayError && e.code === 'INVALID_INPUT' && /2 values/.test(e.message),
    );
    await assert.rejects(
      storeEmbeddings(
        project,
        { model: 'inc', dim: 2 },
        [ids[1] as number],
        Float32Array.from([1, Number.NaN]),
      ),
      (e: unknown) => e instanceof AssayError && e.code === 'INVALID_INPUT',
    );
    await assert.rejects(
      loadEmbeddingMatrix(project, 'nope'),
      (e: unknown) =>
        e instanceof AssayError && e.code === 'NOT_FOUND' && /Known models: inc/.test(e.hint ?? ''),
    );
    await deleteEmbeddingModel(project, 'inc');
    assert.ok(!(await listEmbeddingModels(project)).some((x) => x.name === 'inc'));
  });

  it('reads vectors larger than the DuckDB memory limit (no sort of the vectors), in sample-id order', async () => {
    // 2,000 vectors of 1,024 float16 values (4 MB) stored in reverse id order, read under a 12 MB limit:
    // an ORDER BY of the vectors themselves failed there with OUT_OF_MEMORY (up to 16 MB; 1M × 512 did
    // under 256 MiB); the read that sorts only the ids passes down to 6 MB
    const big = await mkdtemp(join(tmpdir(), 'assay-emb-big-'));
    await initProject(big);
    const p = await openProject(big);
    try {
      const n = 2000;
      const dim = 1024;
      const map = await p.store.upsertSamples(
        '.',
        Array.from({ length: n }, (_, i) => ({ key: `${i}.jpg` })),
      );
      const sorted = [...map.values()].sort((x, y) => x - y);
      const data = new Float32Array(n * dim);
      for (let r = 0; r < n; r++) for (let j = 0; j < dim; j++) data[r * dim + j] = ((r * 7 + j) % 5) - 2;
      await storeEmbeddings(p, { model: 'big', dim }, [...sorted].reverse(), data);
      await storeDb(p.store).run("SET memory_limit = '12MB'");
      const m = await loadEmbeddingMatrix(p, 'big');
      assert.deepEqual([...m.sampleIds], sorted);
      // sample sorted[i] got row n - 1 - i; these values (-2 to 2, scale 2) are exact in float16
      for (const i of [0, 1, 999, 1999]) {
        const row = n - 1 - i;
        assert.deepEqual(
          [...m.data.subarray(i * dim, (i + 1) * dim)],
          [...data.subarray(row * dim, (row + 1) * dim)],
        );
      }
    } finally {
      await p.close();
      await rm(big, { recursive: true, force: true });
    }
  });

  it('stores and loads a 2D projection', async () => {
    assert.equal(await loadProjection(project, 'm16'), undefined);
    const xy = Float32Array.from([0, 1, 2, 3, 4, 5]);
    await storeProjection(project, { model: 'm16', method: 'umap', sampleIds: Int32Array.from(ids), xy });
    const p = await loadProjection(project, 'm16');
    assert.deepEqual([...(p?.xy ?? [])], [...xy]);
    assert.deepEqual([...(p?.sampleIds ?? [])], ids);
  });
});
