/**
 * The embedding map's server side at 1M points (issue 15, part 4): a generated project of N samples
 * (default 1,000,000; no image files) with a split, a declared width and one ground-truth class each,
 * and a stored 2-D projection of 20 clusters. Times, in process (the routes add only the HTTP write):
 * the binary points answer (GET /api/embedding-map/points), each colour mode's category column
 * (GET /api/embedding-map/colours), their sizes, and the JSON columns answer (GET /api/embedding-map)
 * the app loaded before, for comparison; then the class column from the facet index (what the server
 * answers once its background build is done) and from SQL, and a map region's facet counts by both
 * engines. Reuses the project when it exists.
 * Usage: node --import tsx --conditions=source bench/map.bench.ts [N]
 */
import { resolve } from 'node:path';
import { encodeColumns } from '@assay/api';
import {
  browseNames,
  buildFacetIndex,
  embeddingMap,
  embeddingMapColours,
  embeddingMapPoints,
  facetCounts,
  indexFacetCounts,
  openProject,
  prepareFacetBase,
  storeDb,
} from '@assay/core/node';
import { mapProject } from './_map-project.js';

const N = Number(process.argv[2] ?? 1_000_000);
const dir = resolve(`bench/.data/map-${N}`);
const t = (t0: number) => `${((performance.now() - t0) / 1000).toFixed(2)} s`;

await mapProject(dir, N);
const project = await openProject(dir, { command: 'bench map', readOnly: true });
const db = storeDb(project.store);
const cpu0 = process.cpuUsage();
let t0 = performance.now();
const points = await embeddingMapPoints(db);
const pointBytes = encodeColumns({ count: points.ids.length }, [points.ids, points.x, points.y]).byteLength;
console.log(
  `points: ${points.ids.length.toLocaleString()} in ${t(t0)}, ${(pointBytes / 1e6).toFixed(1)} MB binary`,
);
for (const by of ['class', 'split', 'issues', 'sources', 'outcome', 'metric:width']) {
  t0 = performance.now();
  const c = await embeddingMapColours(db, points.ids, by);
  const bytes = encodeColumns({ labels: c.labels }, [c.category]).byteLength;
  console.log(`colours by ${by}: ${t(t0)}, ${c.labels.length} labels, ${(bytes / 1e6).toFixed(1)} MB`);
}
const cpu = process.cpuUsage(cpu0);
console.log(`binary path CPU: ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s`);
const cpuS = (c0: NodeJS.CpuUsage) => {
  const c = process.cpuUsage(c0);
  return `${((c.user + c.system) / 1e6).toFixed(2)} s CPU`;
};
// what the server has once its background build is done: the class column from the facet index
let c0 = process.cpuUsage();
t0 = performance.now();
const index = (await buildFacetIndex(db, await prepareFacetBase(db, (await browseNames(db)).evalRunId)))!;
console.log(`facet index built (the server's background work): ${t(t0)}, ${cpuS(c0)}`);
for (let k = 0; k < 3; k++) {
  c0 = process.cpuUsage();
  t0 = performance.now();
  const c = await embeddingMapColours(db, points.ids, 'class', index);
  console.log(`colours by class from the facet index: ${t(t0)}, ${cpuS(c0)}, ${c.labels.length} labels`);
  c0 = process.cpuUsage();
  t0 = performance.now();
  await embeddingMapColours(db, points.ids, 'class');
  console.log(`colours by class, SQL (no index yet): ${t(t0)}, ${cpuS(c0)}`);
}
// a map region filter of ~1/4 of the points: SQL, and from the index (the projection read once)
const names = await browseNames(db);
const region = {
  model: points.model!,
  method: points.method!,
  polygons: [
    [
      [0, 0],
      [12, 0],
      [12, 12],
      [0, 12],
    ] as [number, number][],
  ],
};
for (let k = 0; k < 2; k++) {
  c0 = process.cpuUsage();
  t0 = performance.now();
  const sql = await facetCounts(db, names, { region }, index.base);
  console.log(`region facets, SQL: ${t(t0)}, ${cpuS(c0)}, ${sql.region_points} points`);
  c0 = process.cpuUsage();
  t0 = performance.now();
  const mem = await indexFacetCounts(db, index, names, { region });
  console.log(`region facets, index: ${t(t0)}, ${cpuS(c0)}, ${mem.region_points} points`);
}
t0 = performance.now();
const json = JSON.stringify(await embeddingMap(db));
console.log(`JSON columns (the former app answer): ${t(t0)} to build, ${(json.length / 1e6).toFixed(1)} MB`);
await project.close();
