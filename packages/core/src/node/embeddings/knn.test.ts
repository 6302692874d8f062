import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { knnScores } from '../../embeddings/knn-scores.js';
import { mulberry32 } from '../../random/mulberry32.js';
import { buildVectorIndex, type KnnGraph, knnGraph, researchFarRows } from './knn.js';
import type { VectorRows } from './vector-rows.js';

function randomRows(n: number, dim: number, seed: number): VectorRows {
  const random = mulberry32(seed);
  return {
    sampleIds: Int32Array.from({ length: n }, (_, i) => i + 1),
    dim,
    data: Float32Array.from({ length: n * dim }, () => random() - 0.5),
  };
}

/** Brute-force k nearest other rows by cosine distance (the reference). */
function bruteForce(rows: VectorRows, k: number): number[][] {
  const n = rows.sampleIds.length;
  const { dim, data } = rows;
  const norm = (i: number) => Math.sqrt(data.subarray(i * dim, (i + 1) * dim).reduce((s, v) => s + v * v, 0));
  const norms = Array.from({ length: n }, (_, i) => norm(i));
  return Array.from({ length: n }, (_, i) => {
    const d: [number, number][] = [];
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      let dot = 0;
      for (let x = 0; x < dim; x++) dot += (data[i * dim + x] as number) * (data[j * dim + x] as number);
      d.push([j, 1 - dot / ((norms[i] as number) * (norms[j] as number))]);
    }
    return d
      .sort((a, b) => a[1] - b[1])
      .slice(0, k)
      .map(([j]) => j);
  });
}

describe('k-NN graph (usearch)', () => {
  it('equals brute force when exact, past the 2,048-query chunk (views into the matrix are copied)', () => {
    const rows = randomRows(2100, 8, 1);
    const graph = knnGraph(rows, 5);
    const truth = bruteForce(rows, 5);
    let same = 0;
    for (let i = 0; i < 2100; i++) {
      const got = Array.from(graph.rows.subarray(i * 5, i * 5 + 5));
      same += got.filter((r) => truth[i]?.includes(r)).length;
    }
    // exact search: only ties in float32 distances could differ
    assert.ok(same / (2100 * 5) > 0.999, `${same}`);
  });

  it('keeps recall@10 ≥ 0.95 with the HNSW index', () => {
    const rows = randomRows(3000, 16, 2);
    const graph = knnGraph(rows, 10, { exactBelow: 0 });
    const truth = bruteForce(rows, 10);
    let hit = 0;
    for (let i = 0; i < 3000; i++)
      hit += Array.from(graph.rows.subarray(i * 10, i * 10 + 10)).filter((r) => truth[i]?.includes(r)).length;
    assert.ok(hit / 30000 >= 0.95, `recall@10 ${hit / 30000}`);
  });
});

describe('k-NN scores', () => {
  it('ranks an isolated point as the outlier, least typical and most unique', () => {
    // distances to the 3 nearest of 6 rows: row 5 is far from everything
    const d = Float32Array.from([
      0.1, 0.1, 0.2, 0.1, 0.1, 0.2, 0.1, 0.2, 0.2, 0.1, 0.1, 0.2, 0.1, 0.2, 0.2, 0.9, 0.95, 1,
    ]);
    const s = knnScores(d, 3);
    assert.ok(Math.abs((s.knnDistance[5] as number) - 0.95) < 1e-6);
    assert.equal(s.outlier[5], 1);
    assert.equal(s.uniqueness[5], 1);
    assert.equal(Math.min(...s.typicality), s.typicality[5]);
    // mean distances .1333 .1333 .1667 .1333 .1667 .95: median .15, MAD .01667 (× 1.4826 = .02471),
    // so z = (.1333 − .15) / .02471 = −0.6745 for row 0 and (.95 − .15) / .02471 = 32.4 for row 5
    assert.ok(Math.abs((s.robustZ[0] as number) + 0.6745) < 0.01, `${s.robustZ[0]}`);
    assert.ok(Math.abs((s.robustZ[5] as number) - 32.4) < 0.1, `${s.robustZ[5]}`);
  });

  it('reads vectors on a SharedArrayBuffer (as loadEmbeddingMatrix holds them) exactly and through HNSW', () => {
    const rows = randomRows(600, 12, 3);
    const shared = new Float32Array(new SharedArrayBuffer(rows.data.byteLength));
    shared.set(rows.data);
    const onShared = { ...rows, data: shared };
    const truth = bruteForce(rows, 5);
    for (const exactBelow of [4000, 0]) {
      const graph = knnGraph(onShared, 5, { exactBelow, threads: 1 });
      let hit = 0;
      for (let i = 0; i < 600; i++)
        hit += Array.from(graph.rows.subarray(i * 5, i * 5 + 5)).filter((r) => truth[i]?.includes(r)).length;
      assert.ok(
        hit / 3000 >= (exactBelow ? 0.999 : 0.95),
        `exactBelow ${exactBelow}: recall@5 ${hit / 3000}`,
      );
    }
  });

  it('keeps recall@10 ≥ 0.95 with an f32, f16 or i8 index', () => {
    const rows = randomRows(2000, 16, 4);
    const truth = bruteForce(rows, 10);
    for (const quantization of ['f32', 'f16', 'i8'] as const) {
      const graph = knnGraph(rows, 10, { exactBelow: 0, quantization });
      let hit = 0;
      for (let i = 0; i < 2000; i++)
        hit += Array.from(graph.rows.subarray(i * 10, i * 10 + 10)).filter((r) =>
          truth[i]?.includes(r),
        ).length;
      assert.ok(hit / 20000 >= 0.95, `${quantization}: recall@10 ${hit / 20000}`);
    }
  });

  it("searches again, wider, the rows whose neighbours are far above the others' (HNSW left in another cluster)", () => {
    // 40 tight clusters of 50 rows in 32-d, and 3 random outliers
    const random = mulberry32(4);
    const dim = 32;
    const n = 2003;
    const data = new Float32Array(n * dim);
    const centres = Float32Array.from({ length: 40 * dim }, () => random() - 0.5);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < dim; j++)
        data[i * dim + j] =
          i < 2000 ? centres[(i % 40) * dim + j]! + (random() - 0.5) * 0.05 : random() - 0.5;
    const rows = { sampleIds: Int32Array.from({ length: n }, (_, i) => i + 1), dim, data };
    const k = 10;
    const groups = { of: Int32Array.from({ length: n }, (_, i) => i % 2), k: 3 };
    const exact = knnGraph(rows, k, { groups });
    // what HNSW's greedy search leaves on clustered data: 30 rows given another cluster's rows as neighbours
    const graph: KnnGraph = { ...exact, rows: exact.rows.slice(), distances: exact.distances.slice() };
    graph.group = { k: 3, rows: exact.group!.rows.slice(), distances: exact.group!.distances.slice() };
    for (let q = 0; q < 30; q++) {
      for (let j = 0; j < k; j++) {
        graph.rows[q * k + j] = (q + 1 + j * 40) % 2000;
        graph.distances[q * k + j] = 0.9;
      }
      graph.group.rows.fill(-1, q * 3, q * 3 + 3);
    }
    researchFarRows(rows, graph, buildVectorIndex(rows, 1), { groups, threads: 1 });
    for (let q = 0; q < n; q++) {
      const mean = (g: KnnGraph, r: number) =>
        g.distances.subarray(r * k, r * k + k).reduce((a, d) => a + d, 0) / k;
      assert.ok(
        Math.abs(mean(graph, q) - mean(exact, q)) < 0.005,
        `row ${q}: ${mean(graph, q)} vs ${mean(exact, q)}`,
      );
    }
    for (let q = 0; q < 30; q++) assert.ok((graph.group.rows[q * 3 + 2] as number) >= 0, `row ${q}'s group`);
  });

  it('finds the far rows of a cluster the index cannot reach among the far rows themselves', () => {
    // all 50 rows of the island misled: each other's nearest, found by the exact search among far rows
    const { graph, exact, mean } = islandScene(6, 50);
    for (let q = 1950; q < 2000; q++)
      assert.ok(
        Math.abs(mean(graph, q) - mean(exact, q)) < 0.005,
        `row ${q}: ${mean(graph, q)} vs ${mean(exact, q)}`,
      );
  });

  it('routes the far rows of a partly reached cluster to it through the rows the index reached', () => {
    // 45 of the island's rows have their exact neighbours (the rows a search did reach) and 5 are misled:
    // too few to be each other's 10 nearest, so the exact search among the far rows does not find their
    // cluster either
    const { graph, exact, mean, n } = islandScene(7, 5);
    for (let q = 1995; q < 2000; q++)
      assert.ok(
        Math.abs(mean(graph, q) - mean(exact, q)) < 0.005,
        `row ${q}: ${mean(graph, q)} vs ${mean(exact, q)}`,
      );
    // the outliers keep their far neighbours
    for (let q = 2000; q < n; q++)
      assert.ok(Math.abs(mean(graph, q) - mean(exact, q)) < 0.005, `outlier ${q}`);
  });
});

/**
 * 40 tight clusters of 50 rows in 32-d (cluster 39 last, rows 1950–1999) and 3 random outliers; the index
 * holds every row but cluster 39's and the outliers', so to it cluster 39 is an island no search (nor a wider
 * one) reaches. The graph is the exact one but for the island's last `misled` rows, given another cluster's
 * rows as neighbours; researchFarRows then mends it.
 */
function islandScene(seed: number, misled: number) {
  const random = mulberry32(seed);
  const dim = 32;
  const n = 2003;
  const data = new Float32Array(n * dim);
  const centres = Float32Array.from({ length: 40 * dim }, () => random() - 0.5);
  for (let i = 0; i < n; i++) {
    const c = i < 1950 ? i % 39 : 39;
    for (let j = 0; j < dim; j++)
      data[i * dim + j] = i < 2000 ? centres[c * dim + j]! + (random() - 0.5) * 0.05 : random() - 0.5;
  }
  const rows = { sampleIds: Int32Array.from({ length: n }, (_, i) => i + 1), dim, data };
  const reachable = { sampleIds: rows.sampleIds.slice(0, 1950), dim, data: data.slice(0, 1950 * dim) };
  const k = 10;
  const exact = knnGraph(rows, k);
  const graph: KnnGraph = { ...exact, rows: exact.rows.slice(), distances: exact.distances.slice() };
  for (let q = 2000 - misled; q < 2000; q++) {
    for (let j = 0; j < k; j++) {
      graph.rows[q * k + j] = (q + j * 39) % 1950;
      graph.distances[q * k + j] = 0.9;
    }
  }
  researchFarRows(rows, graph, buildVectorIndex(reachable, 1), { threads: 1 });
  const mean = (g: KnnGraph, r: number) =>
    g.distances.subarray(r * k, r * k + k).reduce((a, d) => a + d, 0) / k;
  return { graph, exact, mean, n };
}
