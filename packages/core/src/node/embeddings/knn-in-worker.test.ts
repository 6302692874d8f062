import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mulberry32 } from '../../random/mulberry32.js';
import { knnGraph } from './knn.js';
import { knnGraphInWorker } from './knn-in-worker.js';
import type { VectorRows } from './vector-rows.js';

function randomRows(n: number, dim: number, seed: number): VectorRows {
  const random = mulberry32(seed);
  return {
    sampleIds: Int32Array.from({ length: n }, (_, i) => i + 1),
    dim,
    data: Float32Array.from({ length: n * dim }, () => random() - 0.5),
  };
}

describe('k-NN graph on a worker thread', () => {
  it('equals the in-process graph (exact and HNSW) while the event loop keeps turning', async () => {
    for (const [n, exactBelow] of [
      [1200, 4000],
      [3000, 1000],
    ] as const) {
      const rows = randomRows(n, 24, n);
      // one usearch thread: HNSW insertion is then deterministic, so both graphs must be equal
      const here = knnGraph(rows, 6, { exactBelow, threads: 1 });
      let ticks = 0;
      const timer = setInterval(() => ticks++, 1);
      const progress: string[] = [];
      const there = await knnGraphInWorker(rows, 6, {
        exactBelow,
        threads: 1,
        onProgress: (stage, done, total) => progress.push(`${stage} ${done}/${total}`),
      });
      clearInterval(timer);
      assert.deepEqual([...there.rows], [...here.rows], `rows, n=${n}`);
      assert.deepEqual([...there.distances], [...here.distances], `distances, n=${n}`);
      assert.ok(ticks > 0, 'the calling thread ran timers while the worker searched');
      assert.equal(progress.at(-1), `search ${n}/${n}`);
      if (n >= exactBelow) assert.ok(progress.includes(`index ${n}/${n}`), progress.join(', '));
    }
  });

  it('stops when aborted and rejects with INTERRUPTED', async () => {
    const controller = new AbortController();
    const pending = knnGraphInWorker(randomRows(8000, 32, 3), 10, {
      exactBelow: 0,
      threads: 1,
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 50);
    await assert.rejects(pending, (e: { code?: string }) => e.code === 'INTERRUPTED');
  });
});
