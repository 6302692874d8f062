/**
 * `npm run bench -- facet-index`: the server's in-memory facet index (packages/core/src/node/browse/
 * facet-index.ts) in this process, on serve.bench's generated project (1,000,000 samples, ~7.5M boxes;
 * ASSAY_BENCH_SAMPLES=N for another size): time and CPU to build the facet base and the index, RSS, and
 * per request (10 runs after 3 warm-ups) the facet counts under serve.bench's filters, the selection
 * alone, a patch page and sample pages at offset 500,000. CPU time (process.cpuUsage) does not depend
 * on what else the machine runs; wall time does.
 */
import { resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { attributeFacets } from '../packages/core/src/node/browse/attribute-facets.js';
import { browseNames } from '../packages/core/src/node/browse/browse-names.js';
import { prepareFacetBase } from '../packages/core/src/node/browse/facet-base.js';
import { facetCountColumns } from '../packages/core/src/node/browse/facet-count-kernel.js';
import { FacetCounter } from '../packages/core/src/node/browse/facet-counter.js';
import { buildFacetIndex } from '../packages/core/src/node/browse/facet-index.js';
import { indexFacetCounts } from '../packages/core/src/node/browse/index-facet-counts.js';
import { indexPatchPage } from '../packages/core/src/node/browse/index-patch-page.js';
import { indexSamplePage } from '../packages/core/src/node/browse/index-sample-page.js';
import { indexSelection } from '../packages/core/src/node/browse/index-selection.js';
import { sampleAnnotations } from '../packages/core/src/node/browse/sample-annotations.js';
import { Db } from '../packages/core/src/node/store/db.js';
import { serveProject } from './_serve-project.js';

const SAMPLES = Number(process.env.ASSAY_BENCH_SAMPLES ?? 0) || 1_000_000;
const dir = await serveProject(resolve(`bench/.data/serve-${SAMPLES}`), SAMPLES);
const inst = await DuckDBInstance.create(resolve(dir, '.assay', 'assay.duckdb'), {
  access_mode: 'READ_ONLY',
});
const db = new Db(await inst.connect());
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
let c0 = cpu();
let t0 = performance.now();
const names = await browseNames(db);
const base = await prepareFacetBase(db, names.evalRunId);
console.log(`base: ${(performance.now() - t0).toFixed(0)} ms wall, ${(cpu() - c0).toFixed(0)} ms cpu`);
c0 = cpu();
t0 = performance.now();
const index = (await buildFacetIndex(db, base))!;
console.log(
  `index: ${(performance.now() - t0).toFixed(0)} ms wall, ${(cpu() - c0).toFixed(0)} ms cpu, rss ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`,
);
const counter = new FacetCounter(facetCountColumns(index));
const filters: [string, object][] = [
  ['one class', { classes: ['class_3'] }],
  ['score', { splits: ['val'], sources: ['prediction:model'], score: [0.5, 1] }],
  ['issue', { issue_types: ['blurry'] }],
  ['brightness', { metrics: { brightness: [0.2, 0.5] } }],
  ['fp class', { outcome: ['fp'], classes: ['class_1'] }],
  ['tag', { tags: ['rain'] }],
  ['path', { path: 'img_00123' }],
];
for (const [label, f] of filters) {
  for (let i = 0; i < 3; i++) await indexFacetCounts(db, index, names, f);
  c0 = cpu();
  t0 = performance.now();
  for (let i = 0; i < 10; i++) await indexFacetCounts(db, index, names, f);
  const fc = (cpu() - c0) / 10;
  const fw = (performance.now() - t0) / 10;
  c0 = cpu();
  for (let i = 0; i < 10; i++) await indexSelection(db, index, names, f);
  const sc = (cpu() - c0) / 10;
  // the server's way: the selection made once, the counting on the worker (wall: this thread is free)
  const mask = await indexSelection(db, index, names, f);
  const count = (m: Uint8Array, q: Parameters<FacetCounter['count']>[1]) => counter.count(m, q);
  for (let i = 0; i < 3; i++) await indexFacetCounts(db, index, names, f, { mask, count });
  c0 = cpu();
  t0 = performance.now();
  for (let i = 0; i < 10; i++) await indexFacetCounts(db, index, names, f, { mask, count });
  console.log(
    `${label.padEnd(12)} facets ${fw.toFixed(0)} ms wall ${fc.toFixed(0)} ms cpu; selection alone ${sc.toFixed(0)} ms cpu; counts on the worker (selection made) ${((performance.now() - t0) / 10).toFixed(0)} ms wall ${((cpu() - c0) / 10).toFixed(0)} ms cpu`,
  );
  // what else one filter change asks: the first grid page (same selection), its annotations, attribute values
  const other = async () => {
    const page = await indexSamplePage(db, index, names, { filter: f, offset: 0, limit: 100 }, mask);
    const ids = page.items.map((it) => it.id);
    const a0 = cpu();
    await sampleAnnotations(db, names, ids, {});
    const a1 = cpu();
    await attributeFacets(db, names, { filter: f, limit: 10 });
    return [a0, a1, cpu()];
  };
  await other();
  c0 = cpu();
  const [a0, a1, a2] = await other();
  console.log(
    `${''.padEnd(12)} page 0 ${(a0! - c0).toFixed(0)} ms cpu, its annotations ${(a1! - a0!).toFixed(0)} ms cpu, attribute values ${(a2! - a1!).toFixed(0)} ms cpu`,
  );
}
await counter.close();

const pq = {
  filter: {},
  source: 'ground_truth',
  class: 'class_2',
  sort: 'area' as const,
  offset: 10000,
  limit: 100,
};
await indexPatchPage(db, index, names, pq);
c0 = cpu();
t0 = performance.now();
for (let i = 0; i < 10; i++) await indexPatchPage(db, index, names, pq);
console.log(
  `patches ${((performance.now() - t0) / 10).toFixed(0)} ms wall ${((cpu() - c0) / 10).toFixed(0)} ms cpu`,
);
for (const sort of [undefined, { by: 'path' }, { by: 'brightness' }]) {
  await indexSamplePage(db, index, names, { filter: {}, sort, offset: 500000, limit: 100 });
  c0 = cpu();
  t0 = performance.now();
  for (let i = 0; i < 10; i++)
    await indexSamplePage(db, index, names, { filter: {}, sort, offset: 500000, limit: 100 });
  console.log(
    `page ${JSON.stringify(sort)} ${((performance.now() - t0) / 10).toFixed(0)} ms wall ${((cpu() - c0) / 10).toFixed(0)} ms cpu`,
  );
}
