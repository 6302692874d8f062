/**
 * The k-NN graph behind outliers, typicality, uniqueness and the map's layout (analyzeEmbeddings →
 * knnGraphInWorker: usearch HNSW, cosine, k = 15 as analyzeEmbeddings asks) over N synthetic vectors of
 * the default model's dimension (mobilenet, 1280): 1,000 cluster centres plus noise, unit length, on a
 * SharedArrayBuffer as loadEmbeddingMatrix holds them. Prints wall time, CPU time (every thread of the
 * process: the worker and usearch's), peak RSS, and recall@10 of 1,000 seeded rows against exact search
 * (usearch exactSearch over the rows in chunks of 50k, merged).
 * Usage: node --import tsx --conditions=source bench/knn.bench.ts [N] [f32|f16|i8]   (default 100,000 f16, as knnGraph)
 * Run it under `flock /tmp/assay-big.lock` past 100k rows: 1M × 1280 is 5.1 GB of vectors, ~8 GB with the
 * f16 index, and hours of CPU on a shared 2-core machine.
 */
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { knnGraphInWorker } from '../packages/core/src/node/embeddings/knn-in-worker.js';
import { mulberry32 } from '../packages/core/src/random/mulberry32.js';

type Usearch = typeof import('usearch').default;
const usearch = createRequire(import.meta.url)('usearch') as Usearch;

const N = Number(process.argv[2] ?? 100_000);
const quantization = (process.argv[3] ?? 'f16') as 'f32' | 'f16' | 'i8';
const DIM = Number(process.env.ASSAY_KNN_DIM ?? 1280);
const K = 15;
const Q = Math.min(1000, N);
const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
console.log(
  `k-NN graph of ${N.toLocaleString('en-US')} × ${DIM} (k = ${K}, ${quantization}); load average ${load()}`,
);

let t = performance.now();
const random = mulberry32(11);
const centres = Float32Array.from({ length: 1000 * DIM }, () => random() - 0.5);
const data = new Float32Array(new SharedArrayBuffer(N * DIM * 4));
for (let i = 0; i < N; i++) {
  const c = Math.floor(random() * 1000);
  let s = 0;
  for (let j = 0; j < DIM; j++) {
    const v = centres[c * DIM + j]! + (random() - 0.5) * 0.6;
    data[i * DIM + j] = v;
    s += v * v;
  }
  const f = 1 / Math.sqrt(s);
  for (let j = 0; j < DIM; j++) data[i * DIM + j] = data[i * DIM + j]! * f;
}
console.log(`vectors made in ${((performance.now() - t) / 1000).toFixed(1)} s`);

const rows = { sampleIds: Int32Array.from({ length: N }, (_, i) => i + 1), dim: DIM, data };
const cpu0 = process.cpuUsage();
t = performance.now();
let shown = -1;
const graph = await knnGraphInWorker(rows, K, {
  quantization,
  onProgress: (stage, done, total) => {
    const tenth = Math.floor((10 * done) / total);
    if (tenth === shown) return;
    shown = tenth;
    const s = ((performance.now() - t) / 1000).toFixed(0);
    console.log(
      `  ${stage} ${done.toLocaleString('en-US')} / ${total.toLocaleString('en-US')} at ${s} s, load ${load()}`,
    );
    if (done === total) shown = -1;
  },
});
const wall = (performance.now() - t) / 1000;
const cpu = process.cpuUsage(cpu0);
console.log(
  `graph: ${wall.toFixed(1)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s CPU, peak RSS ${(process.resourceUsage().maxRSS / 1e6).toFixed(2)} GB`,
);

// recall@10 of Q seeded rows against exact search, the rows scanned in chunks (exactSearch copies none)
const pick = mulberry32(5);
const rowsQ = Array.from({ length: Q }, () => Math.floor(pick() * N));
const queries = new Float32Array(Q * DIM);
rowsQ.forEach((r, i) => {
  queries.set(data.subarray(r * DIM, (r + 1) * DIM), i * DIM);
});
t = performance.now();
const best: { row: number; d: number }[][] = rowsQ.map(() => []);
const CHUNK = 50_000;
for (let from = 0; from < N; from += CHUNK) {
  const to = Math.min(N, from + CHUNK);
  const part = data.slice(from * DIM, to * DIM);
  const got = usearch.exactSearch(part, queries, DIM, Math.min(11, to - from), usearch.MetricKind.Cos, 0);
  const per = Math.min(11, to - from);
  for (let q = 0; q < Q; q++)
    for (let m = 0; m < per; m++)
      best[q]!.push({ row: from + Number(got.keys[q * per + m]), d: got.distances[q * per + m]! });
  for (const b of best) b.sort((x, y) => x.d - y.d).splice(11);
}
let hit = 0;
for (let q = 0; q < Q; q++) {
  const truth = new Set(
    best[q]!.filter((b) => b.row !== rowsQ[q])
      .slice(0, 10)
      .map((b) => b.row),
  );
  for (let j = 0; j < 10; j++) if (truth.has(graph.rows[rowsQ[q]! * K + j]!)) hit++;
}
console.log(
  `recall@10 of ${Q} rows against exact search: ${(hit / (Q * 10)).toFixed(4)} (exact: ${((performance.now() - t) / 1000).toFixed(1)} s)`,
);
console.log(`load average at the end: ${load()}`);
