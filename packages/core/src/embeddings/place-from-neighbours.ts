import { mulberry32 } from '../random/mulberry32.js';

/** `count` of `n` rows, seeded, ascending (the landmarks a large projection lays out). */
export function landmarkRows(n: number, count: number, seed: number): number[] {
  const random = mulberry32(seed);
  const order = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(random() * (n - i));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return Array.from(order.subarray(0, count)).sort((a, b) => a - b);
}

/**
 * 2-D positions of all `n` rows when only `landmarks` were laid out (`landmarkXy`, interleaved, in the
 * landmarks' order): every other row goes to the mean of its placed neighbours in the k-NN graph
 * (`neighbours`: row i's k nearest rows at `i*k..`, −1 = none), weighted by 1 / (distance + 0.01).
 * Rows with no placed neighbour wait for a later round, when their neighbours have been placed (ten
 * rounds; what is still unplaced goes to the landmarks' centroid). The same interpolation as placing
 * new points into an existing t-SNE/UMAP map from their neighbours (openTSNE's `prepare_partial`
 * initialisation).
 */
export function placeFromNeighbours(
  landmarks: readonly number[],
  landmarkXy: Float32Array,
  graph: { k: number; rows: Int32Array; distances: Float32Array },
  n: number,
): Float32Array {
  const xy = new Float32Array(2 * n);
  const placed = new Uint8Array(n);
  let cx = 0;
  let cy = 0;
  landmarks.forEach((r, i) => {
    xy[2 * r] = landmarkXy[2 * i]!;
    xy[2 * r + 1] = landmarkXy[2 * i + 1]!;
    placed[r] = 1;
    cx += landmarkXy[2 * i]! / landmarks.length;
    cy += landmarkXy[2 * i + 1]! / landmarks.length;
  });
  const { k } = graph;
  let pending = Int32Array.from({ length: n }, (_, i) => i).filter((i) => !placed[i]);
  for (let round = 0; round < 10 && pending.length > 0; round++) {
    const now: number[] = [];
    const later: number[] = [];
    for (const i of pending) {
      let w = 0;
      let x = 0;
      let y = 0;
      for (let j = 0; j < k; j++) {
        const r = graph.rows[i * k + j]!;
        if (r < 0) break;
        if (!placed[r]) continue;
        const weight = 1 / (graph.distances[i * k + j]! + 0.01);
        w += weight;
        x += weight * xy[2 * r]!;
        y += weight * xy[2 * r + 1]!;
      }
      if (w === 0) later.push(i);
      else {
        xy[2 * i] = x / w;
        xy[2 * i + 1] = y / w;
        now.push(i);
      }
    }
    for (const i of now) placed[i] = 1; // placed after the round: the order of rows does not matter
    pending = Int32Array.from(later);
  }
  for (const i of pending) {
    xy[2 * i] = cx;
    xy[2 * i + 1] = cy;
  }
  return xy;
}
