import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { knnScores } from '../../embeddings/knn-scores.js';
import { mulberry32 } from '../../random/mulberry32.js';
import { classKnnScores } from './class-neighbours.js';
import { knnGraph } from './knn.js';
import { subset, type VectorRows } from './vector-rows.js';

/** Three classes of 150 rows around three directions in 8-d, 12 rows of each labelled as the next class. */
function classRows(): { rows: VectorRows; classes: number[][]; classOf: Int32Array } {
  const random = mulberry32(9);
  const n = 450;
  const dim = 8;
  const data = new Float32Array(n * dim);
  const classOf = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const near = i % 3;
    for (let j = 0; j < dim; j++) data[i * dim + j] = (j === near ? 1 : 0) + (random() - 0.5) * 0.4;
    classOf[i] = i % 25 === 0 ? (near + 1) % 3 : near;
  }
  const classes: number[][] = [[], [], []];
  classOf.forEach((c, i) => {
    classes[c]!.push(i);
  });
  return {
    rows: { sampleIds: Int32Array.from({ length: n }, (_, i) => i + 1), dim, data },
    classes,
    classOf,
  };
}

describe('class k-NN scores from the global search', () => {
  it('equal the scores of a k-NN graph per class when the global graph is exact, short rows searched again', async () => {
    const { rows, classes, classOf } = classRows();
    const k = 5;
    const graph = knnGraph(rows, 15, { groups: { of: classOf, k } });
    const { scores, report } = await classKnnScores(rows, classes, graph, k);
    // the mislabelled rows find no same-class row among their 64 nearest: searched within the class
    assert.equal(report.exactShort, 3);
    assert.ok(report.exactRows >= 18, `${report.exactRows}`);
    assert.equal(report.ownGraph, 0);
    classes.forEach((c, i) => {
      const own = knnScores(knnGraph(subset(rows, c), k).distances, k);
      assert.deepEqual(scores[i], own, `class ${i}`);
    });
    // the global graph is the one a search without classes finds
    assert.deepEqual(graph.distances, knnGraph(rows, 15).distances);
  });

  it('gives a class with many short rows its own graph, and keeps recall with an HNSW global graph', async () => {
    const { rows, classes, classOf } = classRows();
    const k = 5;
    const graph = knnGraph(rows, 15, { groups: { of: classOf, k, search: 8 }, exactBelow: 0 });
    const { scores, report } = await classKnnScores(rows, classes, graph, k, {
      exactShortRows: 0,
      exactClassBelow: 0,
    });
    assert.equal(report.ownGraph, 3);
    classes.forEach((c, i) => {
      const own = knnScores(knnGraph(subset(rows, c), k).distances, k);
      let close = 0;
      own.knnDistance.forEach((d, r) => {
        if (Math.abs(d - (scores[i]!.knnDistance[r] as number)) < 1e-3) close++;
      });
      assert.ok(close / c.length > 0.95, `class ${i}: ${close} of ${c.length}`);
    });
  });
});
