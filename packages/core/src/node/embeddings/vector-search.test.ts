import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mulberry32 } from '../../random/mulberry32.js';
import { addChunkRows, buildVectorIndex, searchRows } from './knn.js';
import type { VectorRows } from './vector-rows.js';
import { VectorSearch } from './vector-search.js';

function randomRows(n: number, dim: number, seed: number): VectorRows {
  const random = mulberry32(seed);
  return {
    sampleIds: Int32Array.from({ length: n }, (_, i) => i + 1),
    dim,
    data: Float32Array.from({ length: n * dim }, () => random() - 0.5),
  };
}

describe('vector search on a worker thread', () => {
  it('answers exactly as an in-process exact search, then from its HNSW index as an in-process one', async () => {
    const rows = randomRows(2500, 16, 9);
    const queries = [0, 17, 2499].map((r) => rows.data.slice(r * 16, (r + 1) * 16));
    const exact = new VectorSearch(rows, { indexAbove: 10_000, threads: 1 });
    try {
      for (const q of queries) {
        const here = searchRows(rows, q, 8, { threads: 1 });
        const there = await exact.search(q, 8);
        assert.deepEqual([...there.keys], [...here.keys]);
        assert.deepEqual([...there.distances], [...here.distances]);
      }
    } finally {
      await exact.close();
    }
    // indexed: wait for the build (progress reaches every row), then compare with the same index built here
    let built!: () => void;
    const done = new Promise<void>((resolve) => {
      built = resolve;
    });
    const indexed = new VectorSearch(rows, {
      indexAbove: 1000,
      threads: 1,
      onIndexProgress: (d, t) => d === t && built(),
    });
    try {
      await done;
      const index = buildVectorIndex(rows, 1);
      for (const q of queries) {
        const here = searchRows(rows, q, 8, { threads: 1, index });
        assert.deepEqual([...(await indexed.search(q, 8)).keys], [...here.keys]);
      }
      assert.deepEqual(indexed.progress, { done: 2500, total: 2500 });
    } finally {
      await indexed.close();
    }
  });

  it('answers a query asked during the index build before the build ends (a chunk per turn)', async () => {
    // a native call cannot be interrupted: each call of the build holds about 2M values at most
    assert.equal(addChunkRows(2048), 1024);
    assert.ok(addChunkRows(1280) * 1280 <= 2_097_152);
    // 2,000 rows in calls of 200: the query sent at once must be answered after at most one or two
    // calls, not after the whole build (before, the build was one loop that no message could enter)
    const rows = randomRows(2000, 16, 3);
    let finished!: () => void;
    const built = new Promise<void>((resolve) => {
      finished = resolve;
    });
    const search = new VectorSearch(rows, {
      indexAbove: 1000,
      threads: 1,
      rowsPerCall: 200,
      onIndexProgress: (d, t) => d === t && finished(),
    });
    try {
      const answer = await search.search(rows.data.slice(7 * 16, 8 * 16), 3);
      const doneWhenAnswered = search.progress.done;
      assert.equal(answer.keys[0], 7n);
      assert.ok(
        doneWhenAnswered < 2000,
        `answered only after ${doneWhenAnswered} of 2,000 rows were indexed`,
      );
      await built;
      assert.deepEqual(search.progress, { done: 2000, total: 2000 });
    } finally {
      await search.close();
    }
  });
});
