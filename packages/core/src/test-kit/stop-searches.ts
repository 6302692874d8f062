/**
 * A process for issue-10-worker-stop.test.ts: stops nearest-neighbour workers while they are inside
 * usearch's native search, round after round, and exits 0 if the process survived. Before the stop was
 * asked of the worker (embedding-worker.ts), `worker.terminate()` landed in a search now and then and
 * aborted the whole process ("terminate called after throwing an instance of 'Napi::Error'", exit 134).
 * `node stop-searches.js ROUNDS`.
 */
import { knnGraphInWorker } from '../node/embeddings/knn-in-worker.js';
import { VectorSearch } from '../node/embeddings/vector-search.js';
import { mulberry32 } from '../random/mulberry32.js';

const rounds = Number(process.argv[2] ?? 6);
const random = mulberry32(11);
// 30,000 × 256: one exact query is a native call of a few milliseconds, so a worker answering a queue
// of queries is inside one almost all the time
const n = 30_000;
const dim = 256;
const rows = {
  sampleIds: Int32Array.from({ length: n }, (_, i) => i + 1),
  dim,
  data: Float32Array.from({ length: n * dim }, () => random() - 0.5),
};
let stopped = 0;
for (let round = 0; round < rounds; round++) {
  const search = new VectorSearch(rows, { indexAbove: n + 1, threads: 1 });
  const asked = Array.from({ length: 200 }, (_, q) =>
    search.search(rows.data.subarray(q * dim, (q + 1) * dim), 5).then(
      () => true,
      () => false,
    ),
  );
  await asked[0]; // the worker is busy with the queue: stop it now
  await search.close();
  stopped += (await Promise.all(asked)).filter((answered) => !answered).length;
}
// The k-NN graph's worker, interrupted during its search stage: it ends by itself at its next progress
// (a smaller set: each of its native calls searches 2,048 rows at once).
const small = {
  sampleIds: rows.sampleIds.subarray(0, 4000),
  dim: 32,
  data: rows.data.subarray(0, 4000 * 32),
};
const abort = new AbortController();
const interrupted = await knnGraphInWorker(small, 5, {
  signal: abort.signal,
  threads: 1,
  onProgress: (stage) => stage === 'search' && abort.abort(),
}).then(
  () => false,
  (e: unknown) => e instanceof Error && /interrupted/.test(e.message),
);
// the line the test reads: queries dropped by the stops (some must have been, or nothing was tested)
console.log(JSON.stringify({ rounds, stopped, interrupted }));
